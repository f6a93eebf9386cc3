"""The one deadline engine: start a clock on any record and move it through its states.

    clock = start_clock(task, kind="supervision.task", unit=unit, title="…", limit=Limit.workdays(5))
    pause(clock, "等待省厅批复", by=user); resume(clock, by=user)
    extend(clock, new_due=date(2026, 10, 20), approved_by=head, reason="…")
    complete(clock, by=user); reopen(clock, Limit.workdays(3), "复核未通过", by=user)

States: running → paused → running; running|paused → done|stopped; done|stopped → running
(reopen). Every call runs in one transaction and writes a ClockEvent, an audit record and the
new next_fire_at (null unless running). Refused calls raise TransitionRefused (Chinese reason)
and change nothing. Time is injectable: each function takes `at=` (default: now).

Extensions: `new_due` (a date → 23:59:59 of it; or a datetime) or `limit`, counted from the
current due moment (Limit.workdays(5) = five more working days; a date limit = that date).
The new due must be later than the current one.
Pauses: resuming gives the paused time back (limits.shift_for_pause states the rule).
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zhongshu.core.context import current
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.workcal.calc import get_calendar

from . import hooks
from .limits import Limit, compute_due, end_of_day, fmt_moment, shift_for_pause
from .models import Clock, ClockEvent, ClockState, EventKind
from .schedule import compute_warn_at, next_fire_at

STATE_LABEL = dict(ClockState.choices)


def _now(at) -> datetime:
    return at or timezone.now()


def _label(by) -> str:
    if by is None:
        return current().user_label
    return getattr(by, "full_name", "") or by.get_username()


def _event(clock, kind, at, by, *, reason="", old_due=None, new_due=None, approved_by=None, explanation=""):
    return ClockEvent.objects.create(clock=clock, kind=kind, at=at, by=by, by_label=_label(by), reason=reason,
                                     old_due_at=old_due, new_due_at=new_due, approved_by=approved_by,
                                     explanation=explanation)


AUDIT_ACTION = {"clock.start": "create", "clock.escalate": "escalate"}  # the rest: "transition"
AUDIT_LABEL = {"clock.start": "起算", "clock.pause": "挂起", "clock.resume": "恢复计时", "clock.extend": "延期",
               "clock.reopen": "重新办理", "clock.complete": "办结", "clock.stop": "终止",
               "clock.escalate": "督办", "clock.flag": "挂牌督办"}


def _audit_entry(action, clock, changes, note="") -> dict:
    """One audit record per state change, noted in Chinese ("挂起：等待省厅批复"), as an entry of
    audit.record_many."""
    label = AUDIT_LABEL[action]
    return {"action": AUDIT_ACTION.get(action, "transition"), "obj": clock, "changes": changes,
            "note": f"{label}：{note}" if note else label, "obj_repr": f"时限：{clock.title}"}


def _audit(action, clock, changes, note=""):
    hooks.audit_many([_audit_entry(action, clock, changes, note)])


def _iso(value):
    return value.isoformat() if value else None


def _refuse_unless(clock, allowed: tuple[str, ...], what: str):
    if clock.state not in allowed:
        raise TransitionRefused(f"{STATE_LABEL[clock.state]}的事项不能{what}")


def _locked(clock) -> Clock:
    """Re-read the clock under a row lock so two people acting at once cannot interleave."""
    fresh = Clock.objects.select_for_update().get(pk=clock.pk)
    clock.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return clock


# --- start -----------------------------------------------------------------------------------
def _new_clock(target, ct, cal, *, kind: str, unit, title: str, limit: Limit, started_at: datetime | None,
               start_reason: str, assigned_by, leader, tracks_progress: bool) -> tuple[Clock, object]:
    """An unsaved running clock on `target` and its Due, after the checks every start makes."""
    if not isinstance(limit, Limit):
        raise UserError("时限格式不正确", code="invalid_limit")
    if unit is None:
        raise UserError("必须指定责任单位", code="invalid_unit")
    if not title or not title.strip():
        raise UserError("必须填写事项名称", code="invalid_title")
    started_at = _now(started_at)
    due = compute_due(limit, started_at, cal, what=start_reason or "起算")
    clock = Clock(content_type=ct, object_id=target.pk, kind=kind, title=title.strip()[:300], unit=unit,
                  assigned_by=assigned_by, leader=leader, started_at=started_at, start_reason=start_reason,
                  due_at=due.at, due_explanation=due.explanation, fallback_years=list(due.fallback_years),
                  tracks_progress=tracks_progress)
    limit.store_on(clock)
    clock.next_fire_at = next_fire_at(clock, started_at, cal)
    return clock, due


def _start_audit(clock, due) -> dict:
    return _audit_entry("clock.start", clock, {"due_at": [None, _iso(due.at)], "state": [None, clock.state]},
                        due.explanation)


def start_clock(target, *, kind: str, unit, title: str, limit: Limit, started_at: datetime | None = None,
                start_reason: str = "交办", assigned_by=None, leader=None, tracks_progress: bool = True) -> Clock:
    """Attach a running clock to `target` (any saved model instance). `tracks_progress=False` for a
    clock whose work has no progress to report (an acceptance, a periodic report): its light
    turns yellow only in the ladder's warning window, never for "falling behind"."""
    clock, due = _new_clock(target, ContentType.objects.get_for_model(target), get_calendar(), kind=kind, unit=unit,
                            title=title, limit=limit, started_at=started_at, start_reason=start_reason,
                            assigned_by=assigned_by, leader=leader, tracks_progress=tracks_progress)
    with transaction.atomic():
        clock.save()
        _event(clock, EventKind.START, clock.started_at, assigned_by, new_due=due.at, explanation=due.explanation,
               reason=start_reason)
        hooks.audit_many([_start_audit(clock, due)])
    return clock


def start_clocks(targets, *, kind: str, unit, titles, limit: Limit, started_at, start_reason: str = "交办",
                 assigned_by=None, tracks_progress: bool = True) -> list[Clock]:
    """`start_clock` for many saved targets of one model at once (the hotline's batch intake):
    the same kind, unit and limit, one title and one start moment per target (`started_at` a
    list, or one moment for all). The clocks, their start events and their audit records are
    inserted in a constant number of statements; all or none."""
    targets = list(targets)
    if not targets:
        return []
    moments = started_at if isinstance(started_at, (list, tuple)) else [started_at] * len(targets)
    ct = ContentType.objects.get_for_model(targets[0])
    cal = get_calendar()
    built = [_new_clock(t, ct, cal, kind=kind, unit=unit, title=title, limit=limit, started_at=moment,
                        start_reason=start_reason, assigned_by=assigned_by, leader=None,
                        tracks_progress=tracks_progress) for t, title, moment in zip(targets, titles, moments, strict=True)]
    clocks = [clock for clock, _ in built]
    for clock in clocks:
        clock.warn_at = compute_warn_at(clock)
    label = _label(assigned_by)
    with transaction.atomic():
        Clock.objects.bulk_create(clocks)
        ClockEvent.objects.bulk_create([
            ClockEvent(clock=clock, kind=EventKind.START, at=clock.started_at, by=assigned_by, by_label=label,
                       reason=start_reason, new_due_at=due.at, explanation=due.explanation)
            for clock, due in built])
        hooks.audit_many([_start_audit(clock, due) for clock, due in built])
    return clocks


def clock_for(target, kind: str | None = None) -> Clock | None:
    """The latest clock attached to `target` (of `kind` if given)."""
    qs = Clock.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-started_at", "-id").first()


# --- pause / resume ----------------------------------------------------------------------------
def pause(clock: Clock, reason: str, by, *, at: datetime | None = None) -> Clock:
    at = _now(at)
    if not reason or not reason.strip():
        raise UserError("挂起须说明原因", code="reason_required")
    with transaction.atomic():
        _locked(clock)
        _refuse_unless(clock, (ClockState.RUNNING,), "挂起")
        clock.state, clock.paused_at, clock.next_fire_at = ClockState.PAUSED, at, None
        clock.pause_reason = reason.strip()[:200]
        clock.save()
        _event(clock, EventKind.PAUSE, at, by, reason=reason)
        _audit("clock.pause", clock, {"state": [ClockState.RUNNING, ClockState.PAUSED]}, note=reason)
    return clock


def resume(clock: Clock, by, *, at: datetime | None = None) -> Clock:
    at = _now(at)
    with transaction.atomic():
        _locked(clock)
        _refuse_unless(clock, (ClockState.PAUSED,), "恢复计时")
        if clock.paused_at and at < clock.paused_at:
            raise TransitionRefused("恢复时间不能早于挂起时间")
        cal = get_calendar()
        old_due = clock.due_at
        shifted = shift_for_pause(clock, clock.paused_at or at, at, cal)
        clock.due_at = shifted.at
        clock.due_explanation = _append(clock.due_explanation, shifted.explanation)
        clock.fallback_years = sorted(set(clock.fallback_years or []) | set(shifted.fallback_years))
        clock.state, clock.paused_at, clock.pause_reason = ClockState.RUNNING, None, ""
        clock.next_fire_at = next_fire_at(clock, at, cal)
        clock.save()
        _event(clock, EventKind.RESUME, at, by, old_due=old_due, new_due=clock.due_at, explanation=shifted.explanation)
        _audit("clock.resume", clock, {"state": [ClockState.PAUSED, ClockState.RUNNING],
                                       "due_at": [_iso(old_due), _iso(clock.due_at)]}, note=shifted.explanation)
    return clock


# --- extend / reopen ------------------------------------------------------------------------------
def extend(clock: Clock, *, new_due: date | datetime | None = None, limit: Limit | None = None, approved_by,
           reason: str, by=None, at: datetime | None = None) -> Clock:
    """Move the due date later (延期), with who approved it and why."""
    at = _now(at)
    if (new_due is None) == (limit is None):
        raise UserError("延期须给出新的截止日期或延长的时限（二者选一）", code="invalid_extension")
    if not reason or not reason.strip():
        raise UserError("延期须说明理由", code="reason_required")
    if approved_by is None:
        raise UserError("延期须有批准人", code="approver_required")
    cal = get_calendar()
    with transaction.atomic():
        _locked(clock)
        _refuse_unless(clock, (ClockState.RUNNING, ClockState.PAUSED), "延期")
        old_due = clock.due_at
        day_based = clock.day_based
        if limit is not None:
            due = compute_due(limit, old_due, cal, what="原截止时间起")
            new_at, text, years = due.at, "延期：" + due.explanation, due.fallback_years
        else:
            if isinstance(new_due, datetime):
                new_at = new_due
                day_based = False
            else:
                new_at = end_of_day(new_due, cal)
            years = tuple(y for y in range(old_due.astimezone(cal.tz).year, new_at.astimezone(cal.tz).year + 1)
                          if not cal.has_arrangement(y))
            text = f"延期至 {fmt_moment(new_at, cal, day_based)}"
            if years:
                text += f"。注意：{'、'.join(map(str, years))} 年尚无法定节假日安排，按周一至周五计算"
        if new_at <= old_due:
            raise TransitionRefused(f"新的截止时间 {fmt_moment(new_at, cal, day_based)} 不晚于原截止时间 "
                                    f"{fmt_moment(old_due, cal, clock.day_based)}，不能延期")
        label = _label(approved_by)
        text = f"{text}（{label} 批准，理由：{reason.strip()}）"
        clock.due_at = new_at
        clock.due_explanation = _append(clock.due_explanation, text)
        clock.fallback_years = sorted(set(clock.fallback_years or []) | set(years))
        clock.next_fire_at = next_fire_at(clock, at, cal)
        clock.save()
        _event(clock, EventKind.EXTEND, at, by or approved_by, reason=reason, old_due=old_due, new_due=new_at,
               approved_by=approved_by, explanation=text)
        _audit("clock.extend", clock, {"due_at": [_iso(old_due), _iso(new_at)]}, note=text)
    return clock


def reopen(clock: Clock, limit: Limit, reason: str, by, *, at: datetime | None = None) -> Clock:
    """Start a done or stopped clock again (重新办理) with a new limit counted from now."""
    at = _now(at)
    if not reason or not reason.strip():
        raise UserError("重新办理须说明原因", code="reason_required")
    cal = get_calendar()
    due = compute_due(limit, at, cal, what="重新办理")
    with transaction.atomic():
        _locked(clock)
        _refuse_unless(clock, (ClockState.DONE, ClockState.STOPPED), "重新办理")
        old_state, old_due = clock.state, clock.due_at
        limit.store_on(clock)
        clock.due_at = due.at
        clock.due_explanation = _append(clock.due_explanation, f"重新办理（{reason.strip()}）：{due.explanation}")
        clock.fallback_years = sorted(set(clock.fallback_years or []) | set(due.fallback_years))
        clock.state, clock.completed_at, clock.paused_at, clock.pause_reason = ClockState.RUNNING, None, None, ""
        clock.next_fire_at = next_fire_at(clock, at, cal)
        clock.save()
        _event(clock, EventKind.REOPEN, at, by, reason=reason, old_due=old_due, new_due=due.at,
               explanation=due.explanation)
        _audit("clock.reopen", clock, {"state": [old_state, ClockState.RUNNING],
                                       "due_at": [_iso(old_due), _iso(due.at)]}, note=reason)
    return clock


# --- end states ---------------------------------------------------------------------------------
def complete(clock: Clock, at: datetime | None = None, by=None) -> Clock:
    at = _now(at)
    with transaction.atomic():
        _locked(clock)
        _refuse_unless(clock, (ClockState.RUNNING, ClockState.PAUSED), "办结")
        old_state = clock.state
        clock.state, clock.completed_at, clock.paused_at, clock.next_fire_at = ClockState.DONE, at, None, None
        clock.pause_reason = ""
        clock.save()
        on_time = "按期办结" if at <= clock.due_at else "逾期办结"
        _event(clock, EventKind.COMPLETE, at, by, explanation=on_time)
        _audit("clock.complete", clock, {"state": [old_state, ClockState.DONE], "completed_at": [None, _iso(at)]},
               note=on_time)
    return clock


def stop(clock: Clock, reason: str, by, *, at: datetime | None = None) -> Clock:
    """End a clock without completion (终止: the matter was withdrawn or merged)."""
    at = _now(at)
    if not reason or not reason.strip():
        raise UserError("终止须说明原因", code="reason_required")
    with transaction.atomic():
        _locked(clock)
        _refuse_unless(clock, (ClockState.RUNNING, ClockState.PAUSED), "终止")
        old_state = clock.state
        clock.state, clock.paused_at, clock.next_fire_at, clock.pause_reason = ClockState.STOPPED, None, None, ""
        clock.save()
        _event(clock, EventKind.STOP, at, by, reason=reason)
        _audit("clock.stop", clock, {"state": [old_state, ClockState.STOPPED]}, note=reason)
    return clock


# --- marks set by people --------------------------------------------------------------------------
def set_progress(clock: Clock, progress: int) -> Clock:
    """Domain apps report progress (0–100); the yellow "behind schedule" moment follows."""
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise UserError("进度须为 0 到 100 之间的整数", code="invalid_progress")
    clock.progress = progress
    clock.save(update_fields=["progress"])
    return clock


def escalate(clock: Clock, by, reason: str, *, at: datetime | None = None) -> Clock:
    """A person marks the clock 督办 (red light) — the 督办 rung does the same by itself."""
    return _mark(clock, "escalated", True, EventKind.ESCALATE, "clock.escalate", by, reason, at)


def flag(clock: Clock, by, reason: str, *, flagged: bool = True, at: datetime | None = None) -> Clock:
    """挂牌督办 (or lift it with flagged=False)."""
    return _mark(clock, "flagged", flagged, EventKind.FLAG, "clock.flag", by, reason, at)


def _mark(clock, field, value, event_kind, action, by, reason, at):
    at = _now(at)
    with transaction.atomic():
        _locked(clock)
        _refuse_unless(clock, (ClockState.RUNNING, ClockState.PAUSED), "督办")
        old = getattr(clock, field)
        setattr(clock, field, value)
        clock.save(update_fields=[field])
        _event(clock, event_kind, at, by, reason=reason or "")
        _audit(action, clock, {field: [old, value]}, note=reason or "")
    return clock


def _append(text: str, line: str) -> str:
    return f"{text}\n{line}" if text else line
