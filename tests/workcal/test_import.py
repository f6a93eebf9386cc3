"""Importing a year's arrangement: all or nothing, effective at once, recorded in the audit trail."""

from datetime import date

import pytest

from zhongshu.workcal import services
from zhongshu.workcal.calc import get_calendar
from zhongshu.workcal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

GOOD_2027 = """# 2027 年部分节假日安排（测试用）
2027-01-01,off,元旦
2027-01-02,off,元旦
2027-01-03,off,元旦
2027-02-06,off,春节
2027-02-07,off,春节
2027-02-08,off,春节
2027-02-09,off,春节
2027-02-10,off,春节
2027-02-11,off,春节
2027-02-12,off,春节
2027-02-13,off,春节
2027-02-14,off,春节
2027-02-20,work,春节
"""


def snapshot():
    return list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name")), \
        list(CalendarYear.objects.order_by("year").values_list("year", "source"))


def test_good_file_is_stored_and_changes_arithmetic_at_once(django_capture_on_commit_callbacks):
    before = get_calendar().add_workdays(date(2027, 2, 5), 1)
    assert before.value == date(2027, 2, 8) and before.fallback_years == (2027,)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.import_text(GOOD_2027, "2027.csv")
    assert [str(s) for s in outcome.years] == ["2027 年已录入：放假 12 天，调休上班 1 天（来源：导入：2027.csv）"]
    assert CalendarYear.objects.get(year=2027).source == "导入：2027.csv"
    assert CalendarDay.objects.filter(date__year=2027).count() == 13
    after = get_calendar().add_workdays(date(2027, 2, 5), 1)
    assert after.value == date(2027, 2, 15)
    assert after.fallback_years == ()
    assert get_calendar().is_workday(date(2027, 2, 20))  # Saturday make-up day


def test_one_bad_line_changes_nothing_and_is_named(django_capture_on_commit_callbacks):
    before = snapshot()
    text = GOOD_2027 + "2026-10-10,off,国庆节\n2027-02-30,off,春节\n"
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.ImportRefused) as refused:
            services.import_text(text, "bad.csv")
    assert refused.value.errors == ["第 16 行：日期“2027-02-30”无效"]
    assert "第 16 行" in refused.value.message
    assert snapshot() == before
    assert get_calendar().is_workday(date(2026, 10, 10))


def test_import_replaces_each_year_it_covers_and_keeps_others(django_capture_on_commit_callbacks):
    text = "2026-10-01,off,国庆节\n2026-10-02,off,国庆节\n" + GOOD_2027
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.import_text(text, "两年.csv")
    assert [s.year for s in outcome.years] == [2026, 2027]
    assert outcome.years[0].replaced and not outcome.years[1].replaced
    assert CalendarDay.objects.filter(date__year=2026).count() == 2
    assert CalendarYear.objects.get(year=2025).source == "chinese-calendar"
    cal = get_calendar()
    assert cal.is_workday(date(2026, 10, 5))  # the stored 国庆 of 2026 is now two days long
    assert not cal.is_workday(date(2026, 10, 10))  # and no make-up Saturday any more


def test_import_is_in_the_audit_trail():
    audit = pytest.importorskip("zhongshu.audit")
    from zhongshu.core.context import acting_as

    with acting_as(None, label="测试导入"):
        services.import_text(GOOD_2027, "2027.csv")
    year = CalendarYear.objects.get(year=2027)
    records = list(audit.history_for(year))
    assert any(r.action == "import" and "2027 年节假日安排" in r.note for r in records)


def test_hand_edit_of_a_day_needs_an_arranged_year():
    from zhongshu.core.errors import UserError

    with pytest.raises(UserError, match="2027 年尚未录入"):
        services.set_day(date(2027, 10, 1), "off", "国庆节")


def test_seed_refuses_years_the_package_does_not_know():
    from zhongshu.core.errors import UserError

    with pytest.raises(UserError, match="chinese-calendar 尚无 2027 年的数据"):
        services.seed_from_package([2027])


def test_an_unnamed_day_off_is_explained_as_a_holiday(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.import_text("2027-03-01,off\n", "one.csv")
    r = get_calendar().add_workdays(date(2027, 2, 26), 1)
    assert r.value == date(2027, 3, 2)
    assert "跳过节假日 3月1日" in r.explanation
