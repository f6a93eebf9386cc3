"""When each rung of a ladder fires for a clock: pure functions of clock + ladder + calendar.

A rung gives a sequence of moments (occurrences 0, 1, 2 … for a repeating rung):
- the anchor day: before_due = due day − offset working days; at_due = the due day;
  after_due = due day + offset (+ k × repeat_every) working days; the rung fires at the start
  of working hours of that day. For hour-unit rungs the anchor is the due moment ± hours, and
  an at_due rung of an hour limit fires at the due moment itself;
- the moment is then moved to the next working time (rungs only fire in working hours).

`next_fire_at(clock, after)` is the earliest moment > `after` over all rungs; the sweeper fires
every rung moment in [clock.next_fire_at, now] and stores next_fire_at(clock, now). Rung
moments before the clock was (re)started, extended or resumed are never fired: those
operations store next_fire_at(clock, operation time).

Ladders are cached per process (30 s, and dropped at once when this process edits one).
"""

from __future__ import annotations

import threading
import time as _time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from zhongshu.workcal.calc import WorkCalendar, get_calendar

from .models import Anchor, ClockState, Ladder, OffsetUnit, Rung

MAX_OCCURRENCES = 1000  # a repeating rung stops after this many repetitions


# --- ladder cache -------------------------------------------------------------------------------
@dataclass(frozen=True)
class LadderSpec:
    id: int
    kind: str
    name: str
    rungs: tuple[Rung, ...]


_lock = threading.Lock()
_ladders: dict[str, LadderSpec] | None = None
_loaded_at = 0.0
_TTL = 30.0


def _load() -> dict[str, LadderSpec]:
    rungs: dict[int, list[Rung]] = {}
    for rung in Rung.objects.order_by("sort", "id"):
        rungs.setdefault(rung.ladder_id, []).append(rung)
    return {lad.kind: LadderSpec(lad.id, lad.kind, lad.name, tuple(rungs.get(lad.id, ())))
            for lad in Ladder.objects.all()}


def all_ladders() -> dict[str, LadderSpec]:
    global _ladders, _loaded_at
    with _lock:
        now = _time.monotonic()
        if _ladders is None or now - _loaded_at > _TTL:
            _ladders = _load()
            _loaded_at = now
        return _ladders


def invalidate_ladders(*args, **kwargs) -> None:
    global _ladders
    with _lock:
        _ladders = None


def ladder_for(kind: str) -> LadderSpec | None:
    """The ladder of `kind`, else of its nearest dotted prefix, else "default"."""
    ladders = all_ladders()
    parts = kind.split(".")
    while parts:
        found = ladders.get(".".join(parts))
        if found:
            return found
        parts.pop()
    return ladders.get("default")


# --- moments ---------------------------------------------------------------------------------
def _start_of_work(day, cal: WorkCalendar) -> datetime:
    return cal.next_work_time(datetime.combine(day, datetime.min.time(), cal.tz))


def rung_moment(rung: Rung, clock, occurrence: int, cal: WorkCalendar) -> datetime:
    """The moment occurrence `occurrence` (0-based) of `rung` is due for `clock` (working time).

    Memoised on the calendar snapshot (clocks due the same day share their rung moments, so a
    sweep of thousands of clocks computes each moment once); an edited calendar is a new
    snapshot with an empty memo."""
    key = (rung.anchor, rung.offset, rung.offset_unit, rung.repeat_every, clock.due_at, clock.day_based, occurrence)
    memo = cal.__dict__.setdefault("_clock_moments", {})
    found = memo.get(key)
    if found is None:
        if len(memo) > 200_000:
            memo.clear()
        found = memo[key] = _rung_moment(rung, clock.due_at, clock.day_based, occurrence, cal)
    return found


def _rung_moment(rung: Rung, due: datetime, day_based: bool, occurrence: int, cal: WorkCalendar) -> datetime:
    due_day = due.astimezone(cal.tz).date()
    extra = occurrence * rung.repeat_every
    if rung.offset_unit == OffsetUnit.HOURS:
        if rung.anchor == Anchor.BEFORE_DUE:
            moment = due - timedelta(hours=rung.offset)
        elif rung.anchor == Anchor.AT_DUE:
            moment = due + timedelta(hours=extra)
        else:
            moment = due + timedelta(hours=rung.offset + extra)
        return cal.next_work_time(moment)
    if rung.anchor == Anchor.AT_DUE:
        if day_based:
            day = cal.add_workdays(due_day, extra).value if extra else due_day
            return _start_of_work(day, cal)
        return cal.next_work_time(due if not extra else datetime.combine(
            cal.add_workdays(due_day, extra).value, due.astimezone(cal.tz).timetz()))
    if rung.anchor == Anchor.BEFORE_DUE:
        day = cal.add_workdays(due_day, -int(rung.offset)).value
    else:
        day = cal.add_workdays(due_day, int(rung.offset) + extra).value
    return _start_of_work(day, cal)


def _first_after(rung: Rung, clock, after: datetime, cal: WorkCalendar) -> tuple[int, datetime] | None:
    """The first occurrence of `rung` whose moment is strictly after `after`."""
    if not rung.repeat_every:
        moment = rung_moment(rung, clock, 0, cal)
        return (0, moment) if moment > after else None
    k = _estimate_occurrence(rung, clock, after, cal)
    while k < MAX_OCCURRENCES:
        moment = rung_moment(rung, clock, k, cal)
        if moment > after:
            return k, moment
        k += 1
    return None


def _estimate_occurrence(rung: Rung, clock, after: datetime, cal: WorkCalendar) -> int:
    """A lower bound of the occurrence index around `after`, so long-overdue clocks stay cheap."""
    due = clock.due_at
    if after <= due:
        return 0
    if rung.offset_unit == OffsetUnit.HOURS:
        elapsed = (after - due).total_seconds() / 3600 - (rung.offset if rung.anchor == Anchor.AFTER_DUE else 0)
    else:
        elapsed = cal.workdays_between(due.astimezone(cal.tz).date(), after.astimezone(cal.tz).date()).value
        elapsed -= rung.offset if rung.anchor == Anchor.AFTER_DUE else 0
    return max(0, min(MAX_OCCURRENCES, int(elapsed // rung.repeat_every) - 1))


def due_occurrences(rung: Rung, clock, start: datetime, end: datetime, cal: WorkCalendar) -> list[tuple[int, datetime]]:
    """Occurrences of `rung` with start <= moment <= end (ascending)."""
    if not rung.repeat_every:
        moment = rung_moment(rung, clock, 0, cal)
        return [(0, moment)] if start <= moment <= end else []
    found = []
    k = _estimate_occurrence(rung, clock, start - timedelta(seconds=1), cal)
    while k < MAX_OCCURRENCES:
        moment = rung_moment(rung, clock, k, cal)
        if moment > end:
            break
        if moment >= start:
            found.append((k, moment))
        k += 1
    return found


def next_fire_at(clock, after: datetime, cal: WorkCalendar | None = None, ladder: LadderSpec | None = None):
    """The earliest rung moment strictly after `after`, or None (not running / nothing left)."""
    if clock.state != ClockState.RUNNING:
        return None
    cal = cal or get_calendar()
    ladder = ladder or ladder_for(clock.kind)
    if ladder is None:
        return None
    best = None
    for rung in ladder.rungs:
        hit = _first_after(rung, clock, after, cal)
        if hit and (best is None or hit[1] < best):
            best = hit[1]
    return best


# --- the yellow light --------------------------------------------------------------------------
def compute_warn_at(clock) -> datetime | None:
    """When the light turns yellow: the earlier of
    - the warning window: the moment of the ladder's earliest before-due rung that has the
      action "light_yellow" (the default ladder: 2 working days before the due day);
    - falling behind schedule (clocks with tracks_progress only): the moment the elapsed share of
      the time exceeds progress + tolerance (setting ZHONGSHU_BEHIND_SCHEDULE_TOLERANCE, default
      20 points), i.e. started_at + (due_at − started_at) × (progress + tolerance) / 100.
    Both only depend on stored fields, so the value is stored and light_q filters on it.
    """
    if not clock.due_at or not clock.started_at:
        return None
    candidates = []
    tolerance = getattr(settings, "ZHONGSHU_BEHIND_SCHEDULE_TOLERANCE", 20)
    share = (clock.progress or 0) + tolerance
    if getattr(clock, "tracks_progress", True) and share < 100 and clock.due_at > clock.started_at:
        candidates.append(clock.started_at + (clock.due_at - clock.started_at) * (share / 100))
    ladder = ladder_for(clock.kind) if clock.kind else None
    if ladder:
        cal = get_calendar()
        for rung in ladder.rungs:
            if rung.anchor == Anchor.BEFORE_DUE and "light_yellow" in (rung.actions or []):
                candidates.append(rung_moment(rung, clock, 0, cal))
    return min(candidates) if candidates else None
