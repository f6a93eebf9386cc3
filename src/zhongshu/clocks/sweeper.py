"""The sweeper: fire every rung that is due, exactly once, in batches.

Algorithm (Healthchecks' pattern, made transactional):
1. Outside working hours of working days nothing is fired ("非工作时间").
2. Claim a batch: running clocks with next_fire_at <= now, ordered by next_fire_at, locked
   with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so several sweepers split the work
   (on SQLite the write transaction itself serialises sweepers).
3. For each clock, every rung with a moment in [next_fire_at, now] fires once; a repeating rung
   that fell due several times (e.g. after an outage) fires once, for its latest occurrence.
4. In the SAME transaction: insert the RungFiring rows (UNIQUE clock+rung+period), queue the
   notifications (notify.send does no network I/O), set escalated for 督办 rungs, call document
   hooks, write the audit records and advance next_fire_at to the first moment after now.
   A sweeper killed mid-batch rolls everything back; the clocks stay due for the next sweep.
5. If a batch raises, it is rolled back and retried clock by clock; a clock that still fails is
   logged and left due (skipped for the rest of this sweep), so one bad record blocks nobody.
Queries per batch do not grow with the number of clocks: claim, load, recipients, existing
firings, one insert of firings, one notify.send_many for every notice of the batch, the clock
updates (one per distinct next moment, at most 20, else bulk_update) and one audit append.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from zhongshu.workcal.calc import get_calendar

from . import hooks
from .limits import fmt_moment
from .models import Clock, ClockState, RungCode, RungFiring
from .recipients import Resolver
from .schedule import due_occurrences, ladder_for, next_fire_at

log = logging.getLogger("zhongshu.clocks.sweep")

CODE_ORDER = [RungCode.WARNING, RungCode.DUE, RungCode.REMIND, RungCode.ESCALATE, RungCode.CUSTOM]
CODE_LABEL = dict(RungCode.choices)
AUDIT_ACTION = {RungCode.WARNING: "warn", RungCode.REMIND: "remind", RungCode.ESCALATE: "escalate"}
MISSING_LABEL = {"liaison": "联络员", "unit_leader": "单位领导"}


@dataclass
class SweepResult:
    now: datetime
    counts: dict[str, int] = field(default_factory=dict)
    examined: int = 0
    batches: int = 0
    failed: int = 0
    off_hours: bool = False

    @property
    def fired(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        if self.off_hours:
            return "非工作时间，不发送提醒"
        parts = [f"{CODE_LABEL[c]} {self.counts[c]} 条" for c in CODE_ORDER if self.counts.get(c)]
        text = "，".join(parts) if parts else "没有到期的提醒"
        text += f"（检查时限 {self.examined} 个）"
        if self.failed:
            text += f"；{self.failed} 个时限处理失败，已记入日志，下次重试"
        return text


def period_key(due_at: datetime, occurrence: int) -> str:
    return f"{int(due_at.timestamp())}/{occurrence}"


def sweep(now: datetime | None = None, batch: int = 500, *, stop_requested=None) -> SweepResult:
    """Fire every due rung once. `stop_requested()` (optional) is checked between batches."""
    now = now or timezone.now()
    result = SweepResult(now=now)
    cal = get_calendar()
    if not cal.is_work_time(now):
        result.off_hours = True
        return result
    failed: set[int] = set()
    while not (stop_requested and stop_requested()):
        try:
            with transaction.atomic():
                ids = _claim(now, batch, failed)
                if not ids:
                    break
                _fire_batch(ids, now, cal, result)
        except Exception:
            log.exception("时限批处理失败，改为逐个处理")
            _retry_one_by_one(now, batch, cal, result, failed)
        result.batches += 1
    result.failed = len(failed)
    return result


def _claim(now, batch, exclude, only=None) -> list[int]:
    qs = Clock.objects.filter(state=ClockState.RUNNING, next_fire_at__lte=now)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    if only is not None:
        qs = qs.filter(pk=only)
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    return list(qs.order_by("next_fire_at", "pk").values_list("pk", flat=True)[:batch])


def _retry_one_by_one(now, batch, cal, result, failed):
    with transaction.atomic():
        ids = _claim(now, batch, failed)
    for pk in ids:
        try:
            with transaction.atomic():
                if _claim(now, 1, failed, only=pk):
                    _fire_batch([pk], now, cal, result)
        except Exception:
            log.exception("时限 %s 处理失败，留待下次", pk)
            failed.add(pk)


def _fire_batch(ids: list[int], now: datetime, cal, result: SweepResult) -> None:
    clocks = list(Clock.objects.filter(pk__in=ids).select_related("unit", "assigned_by", "leader"))
    plan = []  # (clock, rung, occurrence, moment)
    for clock in clocks:
        ladder = ladder_for(clock.kind)
        for rung in ladder.rungs if ladder else ():
            hits = due_occurrences(rung, clock, clock.next_fire_at, now, cal)
            if hits:
                occurrence, moment = hits[-1]
                plan.append((clock, rung, occurrence, moment))
    periods = {period_key(c.due_at, k) for c, _, k, _ in plan}
    existing = set(RungFiring.objects.filter(clock_id__in=ids, period__in=periods)
                   .values_list("clock_id", "rung_id", "period")) if plan else set()
    resolver = Resolver(clocks) if plan else None
    firings, work = [], []
    for clock, rung, occurrence, moment in plan:
        period = period_key(clock.due_at, occurrence)
        if (clock.pk, rung.pk, period) in existing:
            continue
        users, missing = resolver.resolve(clock, rung.recipients)
        firing = RungFiring(clock=clock, rung=rung, period=period, occurrence=occurrence, due_at=clock.due_at,
                            scheduled_at=moment, fired_at=now, recipients_count=len(users))
        firings.append(firing)
        work.append((clock, rung, firing, users, missing))
    RungFiring.objects.bulk_create(firings)

    audit_entries, messages = [], []
    told_missing: set[tuple[int, str]] = set()
    for clock, rung, firing, users, missing in work:
        changes = {"rung": [None, rung.name], "period": [None, firing.period]}
        notes = []
        actions = rung.actions or []
        if "notice" in actions and users:
            context = message_context(clock, now, cal)
            messages.append(dict(recipients=users, title=_render(rung.title_template or "{title}", context),
                                 body=_render(rung.body_template, context), link=clock_link(clock),
                                 kind=f"clock.{rung.code}", source=clock,
                                 dedupe_key=f"clock:{clock.pk}:{rung.pk}:{firing.period}"))
        if ("notice" in actions) and missing and resolver.office:
            for key in missing:
                if (clock.unit_id, key) in told_missing:
                    continue
                told_missing.add((clock.unit_id, key))
                messages.append(_missing_message(resolver.office, clock, key, now, cal))
        for key in missing:
            notes.append(f"{clock.unit.short_name or clock.unit.name}未设置{MISSING_LABEL[key]}，已告知督查室")
        if ("escalate" in actions or "light_red" in actions) and not clock.escalated:
            clock.escalated = True
            changes["escalated"] = [False, True]
        if "document" in actions:
            handler = hooks.handler_for(clock.kind, "document")
            if handler:
                note = handler(clock=clock, rung=rung, firing=firing, now=now)
                notes.append(note or "已生成文书")
            else:
                notes.append(f"应生成{rung.name}文书（该类事项未配置文书生成）")
        result.counts[rung.code] = result.counts.get(rung.code, 0) + 1
        note = f"{rung.name}：提醒 {len(users)} 人"
        if notes:
            note += "；" + "；".join(notes)
        audit_entries.append({"action": AUDIT_ACTION.get(rung.code, "notify"), "obj": clock, "changes": changes, "note": note,
                              "obj_repr": f"时限：{clock.title}"})

    hooks.notify_many(messages)
    _advance(clocks, now, cal)
    hooks.audit_many(audit_entries)
    result.examined += len(clocks)


def _advance(clocks, now, cal) -> None:
    """Store each clock's next rung moment (and escalation): one UPDATE per distinct value pair,
    which is a handful for a sweep (clocks due the same day share moments); bulk_update beyond."""
    stamp = timezone.now()
    groups: dict[tuple, list[int]] = {}
    for clock in clocks:
        clock.next_fire_at = next_fire_at(clock, now, cal)
        clock.updated_at = stamp
        groups.setdefault((clock.next_fire_at, clock.escalated), []).append(clock.pk)
    if len(groups) <= 20:
        for (next_at, escalated), pks in groups.items():
            Clock.objects.filter(pk__in=pks).update(next_fire_at=next_at, escalated=escalated, updated_at=stamp)
    else:
        Clock.objects.bulk_update(clocks, ["next_fire_at", "escalated", "updated_at"], batch_size=100)


def _missing_message(office, clock, key, now, cal) -> dict:
    unit = clock.unit.short_name or clock.unit.name
    label = MISSING_LABEL[key]
    return dict(recipients=office, title=f"{unit}未设置{label}",
                body=f"「{clock.title}」的提醒应送达{unit}的{label}，但该单位没有{label}。请为该单位指定{label}。",
                link=clock_link(clock), kind="clock.missing_contact", source=clock.unit,
                dedupe_key=f"clock-missing:{clock.unit_id}:{key}:{now.astimezone(cal.tz).date().isoformat()}")


def clock_link(clock) -> str:
    return hooks.link_for(clock)


def message_context(clock, now, cal) -> dict:
    today = now.astimezone(cal.tz).date()
    due_day = clock.due_at.astimezone(cal.tz).date()
    overdue = max(0, cal.workdays_between(due_day, today).value) if now > clock.due_at else 0
    left = max(0, cal.workdays_between(today, due_day).value) if now <= clock.due_at else 0
    return {"title": clock.title, "due": fmt_moment(clock.due_at, cal, clock.day_based),
            "unit": clock.unit.short_name or clock.unit.name, "days_overdue": overdue, "days_left": left}


class _Safe(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _render(template: str, context: dict) -> str:
    try:
        return (template or "").format_map(_Safe(context))
    except (ValueError, IndexError, AttributeError):
        return template or ""
