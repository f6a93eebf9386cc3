"""Working-day arithmetic, every result explained.

    cal = get_calendar()
    r = cal.add_workdays(date(2026, 9, 30), 2)
    r.value        -> date(2026, 10, 9)
    r.explanation  -> "2026-09-30 + 2 个工作日 = 2026-10-09：跳过国庆节 10月1日–7日"
    r.fallback_years -> ()   (years counted Monday–Friday for want of an arrangement)

Conventions:
- add_workdays(d, n): the n-th working day after d (d itself is not counted); n < 0 counts
  back; n = 0 is d itself.
- workdays_between(a, b): working days after a up to and including b (negative when b < a).
- add_calendar_days / add_hours: plain calendar arithmetic (the 3-month and 24-hour limits);
  add_work_hours: hours counted only inside working hours of working days.
"""

from __future__ import annotations

import threading
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_ZH = "一二三四五六日"

HOLIDAY_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def zh_date(d: date) -> str:
    """10月1日 — dates in Chinese without zero padding."""
    return f"{d.month}月{d.day}日"


def zh_full_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def fallback_note(years) -> str:
    """The plain warning shown next to anything computed for years without an arrangement."""
    years = sorted(set(years))
    if not years:
        return ""
    return f"{'、'.join(str(y) for y in years)} 年尚无法定节假日安排，按周一至周五计算"


@dataclass(frozen=True)
class Result:
    value: object
    explanation: str
    fallback_years: tuple[int, ...] = ()

    @property
    def fallback_note(self) -> str:
        return fallback_note(self.fallback_years)


@dataclass
class WorkCalendar:
    """An immutable snapshot: exceptions per date, and the years that have an arrangement."""

    off: dict[date, str] = field(default_factory=dict)  # weekday off → holiday name
    work: dict[date, str] = field(default_factory=dict)  # weekend working day → reason
    years: frozenset[int] = frozenset()
    work_start: time = time(8, 30)
    work_end: time = time(17, 30)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))

    # --- single days ----------------------------------------------------------
    def has_arrangement(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, d: date) -> bool:
        if d in self.off:
            return False
        if d in self.work:
            return True
        return d.weekday() < 5

    def day_note(self, d: date) -> str:
        if d in self.off:
            return self.off[d] or "节假日"
        if d in self.work:
            return f"调休上班（{self.work[d]}）" if self.work[d] else "调休上班"
        return ""

    def explain_day(self, d: date) -> Result:
        """Result(True/False, "2026-10-10（周六）是工作日：调休上班（国庆节）")."""
        works = self.is_workday(d)
        head = f"{d.isoformat()}（周{WEEKDAY_ZH[d.weekday()]}）{'是' if works else '不是'}工作日"
        why = self.day_note(d) or ("" if works else "周末")
        return Result(works, f"{head}：{why}" if why else head, () if d.year in self.years else (d.year,))

    def next_workday(self, d: date, include_self: bool = True) -> date:
        d = d if include_self else d + timedelta(days=1)
        for _ in range(400):
            if self.is_workday(d):
                return d
            d += timedelta(days=1)
        raise ValueError(f"{d} 之后一年内没有工作日，请检查日历设置")

    def _fallback(self, a: date, b: date) -> tuple[int, ...]:
        lo, hi = min(a, b), max(a, b)
        return tuple(y for y in range(lo.year, hi.year + 1) if y not in self.years)

    # --- working days -----------------------------------------------------------
    def add_workdays(self, start: date, n: int) -> Result:
        if abs(n) > 10000:
            raise ValueError("工作日数过大（不超过 10000）")
        step = 1 if n >= 0 else -1
        d, left = start, abs(n)
        skipped: list[date] = []
        makeup: list[date] = []
        while left:
            d += timedelta(days=step)
            if self.is_workday(d):
                left -= 1
                if d in self.work:
                    makeup.append(d)
            else:
                skipped.append(d)
        sign = "+" if n >= 0 else "-"
        head = f"{start.isoformat()} {sign} {abs(n)} 个工作日 = {d.isoformat()}"
        return Result(d, head + "：" + self._describe(sorted(skipped), sorted(makeup)), self._fallback(start, d))

    def workdays_between(self, a: date, b: date) -> Result:
        if abs((b - a).days) > 40000:
            raise ValueError("日期跨度过大")
        lo, hi, sign = (a, b, 1) if b >= a else (b, a, -1)
        count, skipped, makeup = 0, [], []
        d = lo
        while d < hi:
            d += timedelta(days=1)
            if self.is_workday(d):
                count += 1
                if d in self.work:
                    makeup.append(d)
            else:
                skipped.append(d)
        count *= sign
        head = f"{a.isoformat()} 之后至 {b.isoformat()}（含）共 {count} 个工作日"
        return Result(count, head + "：" + self._describe(skipped, makeup), self._fallback(a, b))

    def _describe(self, skipped: list[date], makeup: list[date]) -> str:
        parts = []
        # group the skipped days into runs of one kind (a named holiday, or a weekend)
        runs: list[tuple[str, date, date]] = []
        for d in skipped:
            label = (self.off[d] or "节假日") if d in self.off else "周末"
            if runs and runs[-1][0] == label and (d - runs[-1][2]).days == 1:
                runs[-1] = (label, runs[-1][1], d)
            else:
                runs.append((label, d, d))
        holidays = [r for r in runs if r[0] != "周末"]
        weekends = [r for r in runs if r[0] == "周末"]
        for label, a, b in holidays:
            parts.append(f"跳过{label} {_span(a, b)}")
        if weekends:
            if len(weekends) <= 3:
                parts.append("跳过周末 " + "、".join(_span(a, b) for _, a, b in weekends))
            else:
                parts.append(f"跳过周末 {sum((b - a).days + 1 for _, a, b in weekends)} 天")
        for d in makeup:
            parts.append(f"{zh_date(d)}（周{WEEKDAY_ZH[d.weekday()]}）调休上班")
        return "；".join(parts) if parts else "期间无节假日和周末"

    # --- calendar days and hours ----------------------------------------------------
    def add_calendar_days(self, start: date, n: int) -> Result:
        end = start + timedelta(days=n)
        return Result(end, f"{start.isoformat()} + {n} 个自然日 = {end.isoformat()}")

    def add_months(self, start: date, months: int) -> Result:
        y, m = divmod(start.month - 1 + months, 12)
        year, month = start.year + y, m + 1
        import calendar as _c

        day = min(start.day, _c.monthrange(year, month)[1])
        end = date(year, month, day)
        return Result(end, f"{start.isoformat()} + {months} 个月 = {end.isoformat()}")

    def add_hours(self, start: datetime, hours: float) -> Result:
        end = start + timedelta(hours=hours)
        return Result(end, f"{_fmt(start, self.tz)} + {_num(hours)} 小时 = {_fmt(end, self.tz)}（自然小时）")

    def is_work_time(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        return self.is_workday(local.date()) and self.work_start <= local.time() < self.work_end

    def next_work_time(self, moment: datetime) -> datetime:
        """`moment` if it lies in working hours, else the start of the next working period."""
        local = moment.astimezone(self.tz)
        d = local.date()
        if self.is_workday(d) and local.time() < self.work_end:
            if local.time() >= self.work_start:
                return moment
            return datetime.combine(d, self.work_start, self.tz)
        return datetime.combine(self.next_workday(d, include_self=False), self.work_start, self.tz)

    def add_work_hours(self, start: datetime, hours: float) -> Result:
        """Count `hours` only inside working hours of working days."""
        if hours < 0:
            raise ValueError("工作小时数不能为负")
        left = timedelta(hours=hours)
        cursor = self.next_work_time(start)
        skipped_nights = 0
        while True:
            local = cursor.astimezone(self.tz)
            day_end = datetime.combine(local.date(), self.work_end, self.tz)
            available = day_end - cursor
            if left <= available:
                end = cursor + left
                break
            left -= available
            cursor = self.next_work_time(day_end)
            skipped_nights += 1
        note = f"按工作时间 {self.work_start:%H:%M}–{self.work_end:%H:%M} 计算"
        if skipped_nights:
            note += f"，跨 {skipped_nights} 个下班时段"
        text = f"{_fmt(start, self.tz)} + {_num(hours)} 个工作小时 = {_fmt(end.astimezone(self.tz), self.tz)}：{note}"
        return Result(end, text, self._fallback(start.astimezone(self.tz).date(), end.astimezone(self.tz).date()))


def _span(a: date, b: date) -> str:
    if a == b:
        return zh_date(a)
    if a.month == b.month:
        return f"{a.month}月{a.day}日–{b.day}日"
    return f"{zh_date(a)}–{zh_date(b)}"


def _fmt(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# --- the process-wide snapshot, reloaded when an administrator edits the calendar -------------
_lock = threading.Lock()
_cached: WorkCalendar | None = None
_loaded_at = 0.0
_TTL_SECONDS = 30.0  # other processes see an edit within this time


def load_calendar() -> WorkCalendar:
    from django.conf import settings

    from .models import CalendarDay, CalendarYear, DayKind

    start, end = settings.ZHONGSHU_WORK_HOURS
    off, work = {}, {}
    for d, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        (off if kind == DayKind.OFF else work)[d] = name
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    # exceptions only count inside arranged years
    off = {d: n for d, n in off.items() if d.year in years}
    work = {d: n for d, n in work.items() if d.year in years}
    return WorkCalendar(off=off, work=work, years=years, work_start=time.fromisoformat(start),
                        work_end=time.fromisoformat(end), tz=ZoneInfo(settings.TIME_ZONE))


def get_calendar() -> WorkCalendar:
    global _cached, _loaded_at
    now = _time.monotonic()
    with _lock:
        if _cached is None or now - _loaded_at > _TTL_SECONDS:
            _cached = load_calendar()
            _loaded_at = now
        return _cached


def invalidate() -> None:
    global _cached
    with _lock:
        _cached = None
