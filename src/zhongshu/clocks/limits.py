"""Limits (时限) and the due moment they give, always with a Chinese explanation.

Rules:
- workdays N: the N-th working day after the start day (the start day is not counted), due at
  23:59:59 of that day. N = 0 means "within the start day".
- calendar_days N: start day + N calendar days, due at 23:59:59.
- hours H: start + H natural hours (H > 0).
- work_hours H: H hours counted only inside working hours of working days (H > 0).
- date D: due at 23:59:59 of D; D may not lie before the start day.
Any limit reaching beyond 3650 days is refused as impossible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from zhongshu.core.errors import UserError
from zhongshu.workcal.calc import Result, WorkCalendar, zh_full_date

from .models import LimitKind

MAX_DAYS = 3650
END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class Limit:
    kind: str
    value: float | int | date

    def __post_init__(self):
        self.validate()

    # --- validation ----------------------------------------------------------
    def validate(self) -> None:
        if self.kind not in LimitKind.values:
            raise UserError(f"未知的时限类型：{self.kind}（可选：工作日、自然日、小时、工作小时、指定日期）",
                            code="invalid_limit")
        if self.kind == LimitKind.DATE:
            if isinstance(self.value, datetime) or not isinstance(self.value, date):
                raise UserError("指定日期的时限须给出日期（如 2026-10-09）", code="invalid_limit")
            return
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise UserError("时限数值须为数字", code="invalid_limit")
        label = LimitKind(self.kind).label
        if self.value < 0:
            raise UserError(f"时限不能为负数：{self._num()} 个{label}", code="invalid_limit")
        if self.kind in (LimitKind.WORKDAYS, LimitKind.CALENDAR_DAYS):
            if float(self.value) != int(self.value):
                raise UserError(f"{label}时限须为整数", code="invalid_limit")
            if self.value > MAX_DAYS:
                raise UserError(f"时限过长：{self._num()} 个{label}（不超过 {MAX_DAYS} 天）", code="invalid_limit")
        else:
            if self.value == 0:
                raise UserError(f"{label}时限必须大于 0", code="invalid_limit")
            if self.value > MAX_DAYS * 24:
                raise UserError(f"时限过长：{self._num()} {label}（不超过 {MAX_DAYS} 天）", code="invalid_limit")

    def _num(self) -> str:
        v = self.value
        return str(int(v)) if isinstance(v, (int, float)) and float(v).is_integer() else str(v)

    # --- conversions ---------------------------------------------------------------
    @classmethod
    def workdays(cls, n: int) -> Limit:
        return cls(LimitKind.WORKDAYS, n)

    @classmethod
    def calendar_days(cls, n: int) -> Limit:
        return cls(LimitKind.CALENDAR_DAYS, n)

    @classmethod
    def hours(cls, h: float) -> Limit:
        return cls(LimitKind.HOURS, h)

    @classmethod
    def work_hours(cls, h: float) -> Limit:
        return cls(LimitKind.WORK_HOURS, h)

    @classmethod
    def on(cls, d: date) -> Limit:
        return cls(LimitKind.DATE, d)

    @classmethod
    def from_clock(cls, clock) -> Limit:
        if clock.limit_kind == LimitKind.DATE:
            return cls(LimitKind.DATE, clock.limit_date)
        value = clock.limit_value
        if clock.limit_kind in (LimitKind.WORKDAYS, LimitKind.CALENDAR_DAYS):
            value = int(value)
        return cls(clock.limit_kind, value)

    def store_on(self, clock) -> None:
        clock.limit_kind = self.kind
        if self.kind == LimitKind.DATE:
            clock.limit_date, clock.limit_value = self.value, None
        else:
            clock.limit_date, clock.limit_value = None, float(self.value)

    @property
    def day_based(self) -> bool:
        return self.kind in (LimitKind.WORKDAYS, LimitKind.CALENDAR_DAYS, LimitKind.DATE)

    def text(self) -> str:
        if self.kind == LimitKind.DATE:
            return f"{zh_full_date(self.value)}前"
        return f"{self._num()} 个{LimitKind(self.kind).label}" if self.kind != LimitKind.HOURS else f"{self._num()} 小时"


@dataclass(frozen=True)
class Due:
    at: datetime
    explanation: str
    fallback_years: tuple[int, ...] = ()


def end_of_day(d: date, cal: WorkCalendar) -> datetime:
    return datetime.combine(d, END_OF_DAY, cal.tz)


def fmt_moment(moment: datetime, cal: WorkCalendar, day_based: bool) -> str:
    local = moment.astimezone(cal.tz)
    if day_based:
        return f"{zh_full_date(local.date())}（当日 24 时前）"
    return f"{zh_full_date(local.date())} {local:%H:%M}"


def compute_due(limit: Limit, start: datetime, cal: WorkCalendar, *, what: str = "起算") -> Due:
    """The due moment of `limit` counted from `start`, with its explanation."""
    local = start.astimezone(cal.tz)
    day = local.date()
    if limit.kind == LimitKind.WORKDAYS:
        r = cal.add_workdays(day, int(limit.value))
        at = end_of_day(r.value, cal)
    elif limit.kind == LimitKind.CALENDAR_DAYS:
        r = cal.add_calendar_days(day, int(limit.value))
        at = end_of_day(r.value, cal)
    elif limit.kind == LimitKind.DATE:
        if limit.value < day:
            raise UserError(f"指定的截止日期 {limit.value.isoformat()} 早于{what}日 {day.isoformat()}",
                            code="invalid_limit")
        if (limit.value - day).days > MAX_DAYS:
            raise UserError(f"截止日期过远：{limit.value.isoformat()}（不超过 {MAX_DAYS} 天）", code="invalid_limit")
        years = tuple(y for y in range(day.year, limit.value.year + 1) if not cal.has_arrangement(y))
        r = Result(limit.value, f"指定截止日期 {limit.value.isoformat()}", years)
        at = end_of_day(limit.value, cal)
    elif limit.kind == LimitKind.HOURS:
        r = cal.add_hours(local, float(limit.value))
        at = r.value
    else:
        r = cal.add_work_hours(local, float(limit.value))
        at = r.value
    text = f"自 {fmt_moment(local, cal, False)} {what}，时限 {limit.text()}：{r.explanation}"
    text += f"；截止 {fmt_moment(at, cal, limit.day_based)}"
    if limit.day_based:
        text += "，即 23:59:59"
    if r.fallback_note:
        text += f"。注意：{r.fallback_note}"
    return Due(at=at, explanation=text, fallback_years=tuple(r.fallback_years))


def shift_for_pause(clock, paused_at: datetime, resumed_at: datetime, cal: WorkCalendar) -> Due:
    """New due moment after a pause (挂起) from `paused_at` to `resumed_at`.

    The rule: the time lost while paused is given back, measured in the limit's own unit.
    - working-day and date limits: the working days after the pause day up to and including the
      resume day (the pause day counts as used, the resume day is treated like a new start day,
      which is never counted) are added to the old due date, in working days;
    - calendar-day limits: the calendar days between the two dates are added;
    - hour limits: the paused duration is added;
    - working-hour limits: the working time inside the pause is added, in working hours.
    A pause and resume on the same day shifts nothing for day limits.
    """
    old = clock.due_at
    a, b = paused_at.astimezone(cal.tz), resumed_at.astimezone(cal.tz)
    kind = clock.limit_kind
    if kind in (LimitKind.WORKDAYS, LimitKind.DATE):
        r = cal.workdays_between(a.date(), b.date())
        n = max(0, r.value)
        new_day = cal.add_workdays(old.astimezone(cal.tz).date(), n)
        at = end_of_day(new_day.value, cal)
        lost = f"挂起期间 {n} 个工作日（挂起当日计为已用，恢复当日不计）"
        years = tuple(sorted(set(r.fallback_years) | set(new_day.fallback_years)))
    elif kind == LimitKind.CALENDAR_DAYS:
        n = (b.date() - a.date()).days
        at = end_of_day(old.astimezone(cal.tz).date() + timedelta(days=n), cal)
        lost = f"挂起期间 {n} 个自然日"
        years = ()
    elif kind == LimitKind.HOURS:
        delta = b - a
        at = old + delta
        lost = f"挂起 {_hours(delta)} 小时"
        years = ()
    else:
        worked = work_time_between(a, b, cal)
        hours = worked.total_seconds() / 3600
        at = cal.add_work_hours(old, hours).value if hours else old
        lost = f"挂起期间工作时间 {_hours(worked)} 小时"
        years = ()
    text = (f"{fmt_moment(a, cal, False)} 挂起，{fmt_moment(b, cal, False)} 恢复：{lost}，"
            f"截止时间由 {fmt_moment(old, cal, clock.day_based)} 顺延至 {fmt_moment(at, cal, clock.day_based)}")
    if years:
        years_text = "、".join(str(y) for y in years)
        text += f"。注意：{years_text} 年尚无法定节假日安排，按周一至周五计算"
    return Due(at=at, explanation=text, fallback_years=years)


def work_time_between(a: datetime, b: datetime, cal: WorkCalendar) -> timedelta:
    """Working time (inside working hours of working days) between two moments."""
    total = timedelta()
    cursor = cal.next_work_time(a)
    for _ in range(MAX_DAYS + 400):
        if cursor >= b:
            break
        local = cursor.astimezone(cal.tz)
        day_end = datetime.combine(local.date(), cal.work_end, cal.tz)
        total += min(day_end, b) - cursor
        cursor = cal.next_work_time(day_end)
    return total


def _hours(delta: timedelta) -> str:
    h = round(delta.total_seconds() / 3600, 2)
    return str(int(h)) if float(h).is_integer() else str(h)
