"""The per-process calendar snapshot is dropped when a calendar row changes and the change commits."""

from datetime import date

import pytest

from zhongshu.workcal.calc import get_calendar
from zhongshu.workcal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_a_committed_row_change_is_seen_at_once(django_capture_on_commit_callbacks):
    assert get_calendar().is_workday(date(2026, 10, 12))
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=date(2026, 10, 12), kind="off", name="本市特别假日")
    assert not get_calendar().is_workday(date(2026, 10, 12))
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.filter(date=date(2026, 10, 12)).delete()
    assert get_calendar().is_workday(date(2026, 10, 12))


def test_a_new_year_row_ends_the_fallback(django_capture_on_commit_callbacks):
    assert not get_calendar().has_arrangement(2027)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarYear.objects.create(year=2027, source="手工录入")
    assert get_calendar().has_arrangement(2027)


def test_an_uncommitted_change_does_not_drop_the_cache(django_capture_on_commit_callbacks):
    before = get_calendar()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        CalendarDay.objects.create(date=date(2026, 10, 12), kind="off", name="未提交")
    assert callbacks  # the drop waits for the commit
    assert get_calendar() is before


def test_year_list_page_query_count_does_not_grow_with_years(client_for, django_assert_max_num_queries):
    """12 seeded years today (2015–2026); the page's own queries are two set-based reads, the
    rest is the frame (session, user, roles, inbox count)."""
    client = client_for("sysadmin")
    with django_assert_max_num_queries(12):
        assert client.get("/workcal/").status_code == 200
