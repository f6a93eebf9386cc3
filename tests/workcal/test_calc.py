"""Working-day arithmetic on the seeded statutory calendar (2026 from the State Council notice)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from zhongshu.workcal.calc import get_calendar

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cal():
    return get_calendar()


def test_national_day_2026_boundaries(cal):
    assert cal.is_workday(date(2026, 9, 30))
    assert not any(cal.is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert cal.is_workday(date(2026, 10, 8))
    assert cal.is_workday(date(2026, 10, 10))  # Saturday, make-up day
    assert not cal.is_workday(date(2026, 10, 11))
    assert cal.is_workday(date(2026, 9, 20))  # Sunday, make-up day
    r = cal.add_workdays(date(2026, 9, 30), 2)
    assert r.value == date(2026, 10, 9)
    assert r.explanation == "2026-09-30 + 2 个工作日 = 2026-10-09：跳过国庆节 10月1日–7日"
    assert r.fallback_years == () and r.fallback_note == ""
    assert cal.add_workdays(date(2026, 9, 30), 1).value == date(2026, 10, 8)
    assert cal.add_workdays(date(2026, 10, 9), 1).value == date(2026, 10, 10)


def test_spring_festival_2026_with_two_make_up_saturdays(cal):
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
    assert not any(cal.is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert cal.is_workday(date(2026, 2, 24))
    assert cal.add_workdays(date(2026, 2, 13), 1).value == date(2026, 2, 14)
    assert cal.add_workdays(date(2026, 2, 14), 1).value == date(2026, 2, 24)
    r = cal.add_workdays(date(2026, 2, 13), 2)
    assert r.value == date(2026, 2, 24)
    assert "跳过春节 2月15日–23日" in r.explanation and "2月14日（周六）调休上班" in r.explanation


def test_new_year_2026_sunday_working(cal):
    assert not any(cal.is_workday(date(2026, 1, d)) for d in (1, 2, 3))
    assert cal.is_workday(date(2026, 1, 4))  # Sunday
    assert cal.add_workdays(date(2025, 12, 31), 1).value == date(2026, 1, 4)
    assert cal.explain_day(date(2026, 1, 4)).explanation == "2026-01-04（周日）是工作日：调休上班（元旦）"
    assert cal.explain_day(date(2026, 1, 2)).explanation == "2026-01-02（周五）不是工作日：元旦"


def test_between_across_spring_festival(cal):
    r = cal.workdays_between(date(2026, 2, 13), date(2026, 3, 2))
    # 2/14 (Sat, make-up), 2/24–2/27, 2/28 (Sat, make-up), 3/2
    assert r.value == 7
    assert "跳过春节 2月15日–23日" in r.explanation
    assert cal.workdays_between(date(2026, 3, 2), date(2026, 2, 13)).value == -7
    assert cal.workdays_between(date(2026, 3, 2), date(2026, 3, 2)).value == 0


def test_negative_days_count_back(cal):
    assert cal.add_workdays(date(2026, 10, 9), -2).value == date(2026, 9, 30)
    assert cal.add_workdays(date(2026, 10, 8), -1).value == date(2026, 9, 30)
    assert cal.add_workdays(date(2026, 2, 24), -1).value == date(2026, 2, 14)
    assert cal.add_workdays(date(2026, 10, 9), 0).value == date(2026, 10, 9)
    r = cal.add_workdays(date(2026, 10, 9), -2)
    assert r.explanation.startswith("2026-10-09 - 2 个工作日 = 2026-09-30")


def test_year_without_arrangement_falls_back_and_says_so(cal):
    assert not cal.has_arrangement(2027)
    r = cal.add_workdays(date(2026, 12, 30), 5)
    # 12/31, 1/1 (a Friday: no holiday known for 2027), 1/4, 1/5, 1/6
    assert r.value == date(2027, 1, 6)
    assert r.fallback_years == (2027,)
    assert r.fallback_note == "2027 年尚无法定节假日安排，按周一至周五计算"
    assert cal.add_workdays(date(2026, 12, 1), 5).fallback_note == ""


def test_limits_are_refused(cal):
    with pytest.raises(ValueError, match="不超过 10000"):
        cal.add_workdays(date(2026, 1, 5), 10001)


def test_work_hours_across_a_night(cal):
    start = datetime(2026, 10, 15, 17, 0, tzinfo=TZ)  # Thursday, half an hour before closing
    r = cal.add_work_hours(start, 1)
    assert r.value == datetime(2026, 10, 16, 9, 0, tzinfo=TZ)
    assert "跨 1 个下班时段" in r.explanation


def test_work_hours_across_a_weekend_and_a_holiday(cal):
    friday = datetime(2026, 10, 16, 16, 30, tzinfo=TZ)
    assert cal.add_work_hours(friday, 3).value == datetime(2026, 10, 19, 10, 30, tzinfo=TZ)
    before_holiday = datetime(2026, 9, 30, 17, 0, tzinfo=TZ)
    assert cal.add_work_hours(before_holiday, 1).value == datetime(2026, 10, 8, 9, 0, tzinfo=TZ)
    saturday_night = datetime(2026, 10, 17, 22, 0, tzinfo=TZ)
    assert cal.add_work_hours(saturday_night, 2).value == datetime(2026, 10, 19, 10, 30, tzinfo=TZ)


def test_calendar_hours_and_months_are_plain(cal):
    start = datetime(2026, 10, 1, 9, 0, tzinfo=TZ)
    assert cal.add_hours(start, 24).value == datetime(2026, 10, 2, 9, 0, tzinfo=TZ)
    assert cal.add_months(date(2026, 11, 30), 3).value == date(2027, 2, 28)
    assert cal.add_calendar_days(date(2026, 9, 30), 2).value == date(2026, 10, 2)
