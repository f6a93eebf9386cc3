"""Each limit kind gives the right due moment and says how it was computed."""

from __future__ import annotations

from datetime import date

import pytest
from clocks_time import at

from zhongshu.clocks import Limit
from zhongshu.clocks.models import ClockEvent, ClockState
from zhongshu.core.errors import UserError


def test_workdays_skip_national_day_2026(make_clock):
    clock = make_clock(Limit.workdays(2), started_at=at(2026, 9, 30, 10))
    assert clock.due_at == at(2026, 10, 9, 23, 59, 59)
    assert "国庆节" in clock.due_explanation
    assert "2026-10-09" in clock.due_explanation
    assert clock.fallback_years == []
    assert clock.state == ClockState.RUNNING
    start = clock.events.get()
    assert start.kind == "start" and start.new_due_at == clock.due_at


def test_workdays_count_makeup_saturday(make_clock):
    # 2026-10-10 (Saturday) is a working day (调休): Friday + 1 working day = that Saturday
    clock = make_clock(Limit.workdays(1), started_at=at(2026, 10, 9, 10))
    assert clock.due_at == at(2026, 10, 10, 23, 59, 59)
    assert "调休" in clock.due_explanation


def test_calendar_days(make_clock):
    clock = make_clock(Limit.calendar_days(3), started_at=at(2026, 1, 30, 15))
    assert clock.due_at == at(2026, 2, 2, 23, 59, 59)
    assert "自然日" in clock.due_explanation


def test_hours_are_natural_hours(make_clock):
    clock = make_clock(Limit.hours(24), started_at=at(2026, 3, 6, 16))
    assert clock.due_at == at(2026, 3, 7, 16)
    assert "24 小时" in clock.due_explanation


def test_work_hours_skip_night_and_weekend(make_clock):
    # Friday 16:30 + 2 working hours: 1 h on Friday, 1 h on Monday morning
    clock = make_clock(Limit.work_hours(2), started_at=at(2026, 3, 6, 16, 30))
    assert clock.due_at == at(2026, 3, 9, 9, 30)
    assert "工作小时" in clock.due_explanation


def test_fixed_date(make_clock):
    clock = make_clock(Limit.on(date(2026, 12, 31)), started_at=at(2026, 12, 1))
    assert clock.due_at == at(2026, 12, 31, 23, 59, 59)
    assert "2026-12-31" in clock.due_explanation


def test_year_without_arrangement_says_so(make_clock):
    clock = make_clock(Limit.workdays(5), started_at=at(2026, 12, 29))
    assert clock.fallback_years == [2027]
    assert "2027 年尚无法定节假日安排" in clock.due_explanation


@pytest.mark.parametrize("kind,value,words", [
    ("workdays", -1, "不能为负"),
    ("hours", 0, "必须大于 0"),
    ("work_hours", -2, "不能为负"),
    ("workdays", 3651, "时限过长"),
    ("calendar_days", 99999, "时限过长"),
    ("weeks", 2, "未知的时限类型"),
    ("workdays", 1.5, "整数"),
    ("date", 5, "日期"),
])
def test_impossible_limits_refused_in_chinese(kind, value, words):
    with pytest.raises(UserError) as err:
        Limit(kind, value)
    assert words in err.value.message


def test_date_before_start_refused_and_nothing_saved(make_clock):
    from zhongshu.clocks.models import Clock

    with pytest.raises(UserError) as err:
        make_clock(Limit.on(date(2026, 2, 1)), started_at=at(2026, 3, 2))
    assert "早于" in err.value.message
    assert not Clock.objects.exists()
    assert not ClockEvent.objects.exists()


def test_clock_for_finds_the_clock(make_clock, city):
    from zhongshu.clocks import clock_for

    clock = make_clock()
    assert clock_for(city.traffic) == clock
    assert clock_for(city.traffic, kind="test.task") == clock
    assert clock_for(city.traffic, kind="other") is None
    assert clock_for(city.water) is None
