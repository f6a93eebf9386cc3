"""Reading a year's arrangement for people: holidays grouped by name, and a month grid.

holiday_groups: the exceptions of one year grouped by holiday name, in date order, each with
its runs of days off and its make-up working days ("国庆节：10月1日–7日 放假；9月20日（周日）、
10月10日（周六）上班"). month_grid: Monday-first weeks of a month, each cell classed as
off (red), work (调休, marked 班), weekend or normal.
"""

from __future__ import annotations

import calendar as stdcal
from dataclasses import dataclass, field
from datetime import date

from .calc import WEEKDAY_ZH, WorkCalendar, zh_date


@dataclass
class HolidayGroup:
    name: str
    off_runs: list[tuple[date, date]] = field(default_factory=list)
    work_days: list[date] = field(default_factory=list)

    @property
    def first(self) -> date:
        """Ordered by the holiday itself (its first day off), not by an earlier make-up day."""
        return min(a for a, _ in self.off_runs) if self.off_runs else min(self.work_days)

    @property
    def off_count(self) -> int:
        return sum((b - a).days + 1 for a, b in self.off_runs)

    def describe(self) -> str:
        parts = []
        if self.off_runs:
            parts.append("、".join(span(a, b) for a, b in self.off_runs) + "放假")
        if self.work_days:
            parts.append("、".join(f"{zh_date(d)}（周{WEEKDAY_ZH[d.weekday()]}）" for d in self.work_days) + "上班")
        return "；".join(parts)


def span(a: date, b: date) -> str:
    if a == b:
        return zh_date(a)
    if a.month == b.month:
        return f"{a.month}月{a.day}日–{b.day}日"
    return f"{zh_date(a)}–{zh_date(b)}"


def holiday_groups(days: list[tuple[date, str, str]]) -> list[HolidayGroup]:
    groups: dict[str, HolidayGroup] = {}
    for d, kind, name in sorted(days):
        group = groups.setdefault(name or ("调休" if kind == "work" else "节假日"), HolidayGroup(name or "其他"))
        if kind == "work":
            group.work_days.append(d)
        elif group.off_runs and (d - group.off_runs[-1][1]).days == 1:
            group.off_runs[-1] = (group.off_runs[-1][0], d)
        else:
            group.off_runs.append((d, d))
    return sorted(groups.values(), key=lambda g: g.first)


@dataclass(frozen=True)
class Cell:
    day: date
    in_month: bool
    kind: str  # "off" | "work" | "weekend" | "normal"
    note: str

    @property
    def css(self) -> str:
        return f"wc-{self.kind}" + ("" if self.in_month else " wc-outside")


def month_grid(cal: WorkCalendar, year: int, month: int) -> list[list[Cell]]:
    weeks = []
    for week in stdcal.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for d in week:
            if d in cal.off:
                kind = "off"
            elif d in cal.work:
                kind = "work"
            elif d.weekday() >= 5:
                kind = "weekend"
            else:
                kind = "normal"
            row.append(Cell(d, d.month == month, kind, cal.day_note(d)))
        weeks.append(row)
    return weeks


def year_counts(days: list[tuple[date, str, str]]) -> tuple[int, int]:
    """(days off, make-up working days)."""
    return sum(1 for _, k, _ in days if k == "off"), sum(1 for _, k, _ in days if k == "work")
