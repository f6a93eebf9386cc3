"""{% due %} and |zh_date: Chinese dates, and the fallback note wherever a year has no arrangement."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def render(source, **ctx):
    return Template("{% load workcal_tags %}" + source).render(Context(ctx))


def test_due_date_in_an_arranged_year_has_no_note():
    assert render("{% due d %}", d=date(2026, 10, 9)) == "2026年10月9日"


def test_due_date_in_a_year_without_data_carries_the_note():
    html = render("{% due d %}", d=date(2027, 1, 6))
    assert html == '2027年1月6日<span class="fallback-note">（2027 年尚无法定节假日安排，按周一至周五计算）</span>'


def test_due_datetime_is_shown_in_local_time():
    utc = datetime(2026, 10, 9, 9, 30, tzinfo=ZoneInfo("UTC"))
    assert render("{% due d %}", d=utc) == "2026年10月9日 17:30"
    assert render("{% due d time=False %}", d=utc) == "2026年10月9日"
    late = datetime(2026, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC"))  # already 2027 in Shanghai
    assert "fallback-note" in render("{% due d %}", d=late)


def test_missing_due_date_and_the_filter():
    assert render("{% due d %}", d=None) == "—"
    assert render("{{ d|zh_date }}", d=date(2026, 1, 4)) == "2026年1月4日"
    assert render('{{ d|zh_date:"short" }}', d=date(2026, 1, 4)) == "1月4日"


def test_plain_text_due_for_notices():
    from zhongshu.workcal.display import due_text

    assert due_text(date(2026, 10, 9)) == "2026年10月9日"
    assert due_text(date(2027, 1, 6)) == "2027年1月6日（2027 年尚无法定节假日安排，按周一至周五计算）"
    assert due_text(None) == "—"
