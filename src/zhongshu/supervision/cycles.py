"""Report periods (填报周期): which period a progress report belongs to and when it is due.

    first_period(cycle, day, start_day, deadline, cal) -> Period | None
    next_period(period, cycle, day, deadline, cal)     -> Period | None

Rules:
- 每周 (weekly): one period per ISO week, due on weekday `day` (1 = Monday … 5 = Friday) of that
  week; key "2026-W10", label "2026年第10周".
- 每月 (monthly): one period per month, due on day `day` of the month (a short month uses its
  last day); key "2026-03", label "2026年3月".
- 每季度 (quarterly): one period per quarter, due on day `day` of the quarter's last month;
  key "2026-Q1", label "2026年第一季度".
- If the due day is not a working day, the report is due on the working day before it
  ("逢节假日提前"): the calendar decides, 调休 included.
- 按节点 (milestone) and 不定期 (none) have no periodic reports (milestones carry their own
  deadline clocks); reports may still be sent at any time, keyed by their date.
- The first period is the first one whose due day lies at least MIN_LEAD_WORKDAYS working days
  after the start day (a unit that accepts on the 24th is not asked for a report on the 25th).
- No period is due after the task's deadline: the completion request is the last report.
- A report belongs to the task's open period (the oldest one not yet reported, so a late
  report fills the period it is late for). Sent before that period opens, it is refused as a
  repeat when the calendar period of the day already has a report ("本月已报"); otherwise it
  counts, early, for the open period (a unit that accepted late in the month may report at once).
"""

from __future__ import annotations

import calendar as pycal
from dataclasses import dataclass
from datetime import date, timedelta

from .choices import Cycle

MIN_LEAD_WORKDAYS = 2
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
PERIODIC = (Cycle.WEEKLY, Cycle.MONTHLY, Cycle.QUARTERLY)


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    due_on: date
    anchor: date  # a day inside the period (used to step to the next one)
    opens_on: date | None = None  # the period's first day (Monday, the 1st of the month or quarter)


def _clamp_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(max(day, 1), pycal.monthrange(year, month)[1]))


def _back_to_workday(d: date, cal) -> date:
    for _ in range(30):
        if cal.is_workday(d):
            return d
        d -= timedelta(days=1)
    return d


def period_containing(cycle: str, day: int, some_day: date, cal) -> Period:
    if cycle == Cycle.WEEKLY:
        iso = some_day.isocalendar()
        weekday = min(max(day or 5, 1), 7)
        nominal = date.fromisocalendar(iso.year, iso.week, weekday)
        return Period(f"{iso.year}-W{iso.week:02d}", f"{iso.year}年第{iso.week}周",
                      _back_to_workday(nominal, cal), some_day, date.fromisocalendar(iso.year, iso.week, 1))
    if cycle == Cycle.MONTHLY:
        nominal = _clamp_day(some_day.year, some_day.month, day or 25)
        return Period(f"{some_day.year}-{some_day.month:02d}", f"{some_day.year}年{some_day.month}月",
                      _back_to_workday(nominal, cal), some_day, some_day.replace(day=1))
    if cycle == Cycle.QUARTERLY:
        quarter = (some_day.month - 1) // 3 + 1
        nominal = _clamp_day(some_day.year, quarter * 3, day or 25)
        return Period(f"{some_day.year}-Q{quarter}", f"{some_day.year}年第{QUARTER_NAMES[quarter]}季度",
                      _back_to_workday(nominal, cal), some_day, date(some_day.year, quarter * 3 - 2, 1))
    raise ValueError(f"不定期的填报没有周期：{cycle}")


def _step(cycle: str, anchor: date) -> date:
    if cycle == Cycle.WEEKLY:
        return anchor + timedelta(days=7)
    months = 1 if cycle == Cycle.MONTHLY else 3
    month = anchor.month - 1 + months
    return date(anchor.year + month // 12, month % 12 + 1, 1)


def first_period(cycle: str, day: int, start_day: date, deadline: date, cal) -> Period | None:
    if cycle not in PERIODIC:
        return None
    earliest = cal.add_workdays(start_day, MIN_LEAD_WORKDAYS).value
    period = period_containing(cycle, day, start_day, cal)
    for _ in range(60):
        if period.due_on > deadline:
            return None
        if period.due_on >= earliest:
            return period
        period = period_containing(cycle, day, _step(cycle, period.anchor), cal)
    return None


def next_period(period: Period, cycle: str, day: int, deadline: date, cal) -> Period | None:
    if cycle not in PERIODIC:
        return None
    following = period_containing(cycle, day, _step(cycle, period.anchor), cal)
    return following if following.due_on <= deadline else None


def parse_key(cycle: str, day: int, key: str, cal) -> Period:
    """The period named by `key` (as stored on a task), to step from it."""
    if cycle == Cycle.WEEKLY:
        year, week = key.split("-W")
        return period_containing(cycle, day, date.fromisocalendar(int(year), int(week), 1), cal)
    if cycle == Cycle.MONTHLY:
        year, month = key.split("-")
        return period_containing(cycle, day, date(int(year), int(month), 1), cal)
    year, quarter = key.split("-Q")
    return period_containing(cycle, day, date(int(year), (int(quarter) - 1) * 3 + 1, 1), cal)


def adhoc_period(submitted_day: date) -> Period:
    """A report outside any cycle is keyed by its day (one per day)."""
    return Period(submitted_day.isoformat(), f"{submitted_day.year}年{submitted_day.month}月{submitted_day.day}日",
                  submitted_day, submitted_day)
