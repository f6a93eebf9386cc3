"""The figures of the leaders' overview and of the 督查通报, each defined where it is computed.

Unit of count: a unit's task — what a unit was given for a matter (牵头 or 配合) and each of its
milestones (阶段目标), since each has its own deadline and can be late on its own — excluding
tasks not yet assigned. Acceptance figures count the tasks that are signed for (not milestones).

Definitions (shown in the UI next to the numbers, DEFINITIONS below):
- 总数: assigned tasks of the year (matters of that 年度), 中止 excluded.
- 待签收 / 办理中 / 退回待定 / 办结待审 / 已办结: the task's state now.
- 红灯 / 黄灯 / 绿灯: the light of open tasks now (clocks.lights, the one definition).
- 逾期: open tasks whose deadline clock runs past its due moment now.
- 按期办结: 已办结 tasks whose accepted completion request was submitted no later than the
  deadline in force (after approved extensions); 逾期办结: the others.
- 按期办结率 = 按期办结 ÷ 已办结 × 100% (— when nothing is done yet).
- 按时签收率 = (签收 − 逾期签收) ÷ 签收 × 100%.
- 驳回: completion requests sent back (驳回重办) in the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, F, Q
from django.utils import timezone

from zhongshu.org.models import OrgUnit, User
from zhongshu.workcal.calc import get_calendar

from .choices import OPEN_TASK_STATES, MatterState, RequestState, TaskState
from .ledger import matter_light_q, overdue_q, task_light_q
from .models import CompletionRequest, Matter, Task

DEFINITIONS = [
    ("统计口径", "各单位承办的任务（牵头或配合）及其阶段目标（各有完成时限，分别计数），不含未交办和已中止的任务。"),
    ("红灯 / 黄灯 / 绿灯", "未办结任务此刻的灯色：逾期或已督办为红灯，临近时限或进度滞后为黄灯，其余为绿灯。"),
    ("逾期", "未办结、且办理时限已过的任务数（办结申请审核期间不计时）。"),
    ("按期办结", "已办结的任务中，办结申请在完成时限（含经批准的延期）内提交并经审核通过的。"),
    ("按期办结率", "按期办结数 ÷ 已办结数 × 100%；尚无办结任务时显示“—”。"),
    ("按时签收率", "（签收数 − 逾期签收数）÷ 签收数 × 100%（阶段目标随所属任务签收，不计）。"),
    ("驳回", "期间内被督查室驳回重办的办结申请次数。"),
]


def rate(part: int, whole: int) -> float | None:
    """part ÷ whole as a percentage with one decimal, or None when whole is 0."""
    return round(part * 100.0 / whole, 1) if whole else None


def _tasks(user, year: int | None):
    qs = Task.objects.restrict(user).exclude(state__in=[TaskState.DRAFT, TaskState.SUSPENDED])
    return qs.filter(matter__year=year) if year else qs


def unit_rows(user, year: int | None, now: datetime) -> list[dict]:
    """Per unit: counts by state and light, overdue, on-time figures — one grouped query."""
    open_q = Q(state__in=OPEN_TASK_STATES)
    done = Q(state=TaskState.DONE)
    rows = list(_tasks(user, year).values("unit_id").annotate(
        total=Count("id"),
        assigned=Count("id", filter=Q(state=TaskState.ASSIGNED)),
        in_progress=Count("id", filter=Q(state=TaskState.IN_PROGRESS)),
        returned=Count("id", filter=Q(state=TaskState.RETURNED)),
        review=Count("id", filter=Q(state=TaskState.REVIEW)),
        done=Count("id", filter=done),
        red=Count("id", filter=open_q & task_light_q("red", now)),
        yellow=Count("id", filter=open_q & task_light_q("yellow", now)),
        green=Count("id", filter=open_q & task_light_q("green", now)),
        overdue=Count("id", filter=overdue_q(now)),
        done_on_time=Count("id", filter=done & Q(clock__completed_at__lte=F("clock__due_at"))),
        accepted=Count("id", filter=Q(accepted_at__isnull=False, parent__isnull=True)),
        accepted_late=Count("id", filter=Q(accepted_late=True, parent__isnull=True)),
    ).order_by())
    units = OrgUnit.objects.in_bulk([r["unit_id"] for r in rows])
    for r in rows:
        r["unit"] = units[r["unit_id"]]
        r["done_late"] = r["done"] - r["done_on_time"]
        r["on_time_rate"] = rate(r["done_on_time"], r["done"])
        r["accept_rate"] = rate(r["accepted"] - r["accepted_late"], r["accepted"])
    rows.sort(key=lambda r: (-r["red"], -r["overdue"], -r["yellow"], r["unit"].path))
    return rows


def leader_rows(user, year: int | None, now: datetime) -> list[dict]:
    """Per 牵头领导: matters by state and by (worst task) light."""
    qs = Matter.objects.restrict(user).exclude(state=MatterState.DRAFT)
    if year:
        qs = qs.filter(year=year)
    active = Q(state__in=[MatterState.ACTIVE, MatterState.AWAITING_CLOSE])
    rows = list(qs.values("leader_id").annotate(
        total=Count("id"),
        active=Count("id", filter=Q(state=MatterState.ACTIVE)),
        awaiting_close=Count("id", filter=Q(state=MatterState.AWAITING_CLOSE)),
        closed=Count("id", filter=Q(state=MatterState.CLOSED)),
        suspended=Count("id", filter=Q(state=MatterState.SUSPENDED)),
        red=Count("id", filter=active & matter_light_q("red", now)),
        yellow=Count("id", filter=active & matter_light_q("yellow", now)),
        green=Count("id", filter=active & matter_light_q("green", now)),
        flagged=Count("id", filter=Q(flagged=True)),
    ).order_by())
    leaders = User.objects.in_bulk([r["leader_id"] for r in rows if r["leader_id"]])
    for r in rows:
        r["leader"] = leaders.get(r["leader_id"])
    rows.sort(key=lambda r: (r["leader"] is None, -r["red"], str(r["leader"] or "")))
    return rows


def overdue_items(user, year: int | None, now: datetime, limit: int | None = None) -> list[dict]:
    """Open tasks past their deadline, the longest overdue first, with working days overdue."""
    cal = get_calendar()
    today = timezone.localtime(now).date()
    qs = (_tasks(user, year).filter(overdue_q(now)).select_related("unit", "matter", "matter__leader", "clock")
          .order_by("clock__due_at", "id"))
    if limit:
        qs = qs[:limit]
    items = []
    for task in qs:
        due_day = timezone.localtime(task.clock.due_at).date()
        items.append({"task": task, "days": cal.workdays_between(due_day, today).value,
                      "escalated": task.clock.escalated})
    return items


def overdue_ranking(user, year: int | None, now: datetime) -> list[dict]:
    """Units by overdue tasks (count, then total working days overdue)."""
    per_unit: dict[int, dict] = {}
    for item in overdue_items(user, year, now):
        unit = item["task"].unit
        entry = per_unit.setdefault(unit.pk, {"unit": unit, "count": 0, "days": 0, "escalated": 0})
        entry["count"] += 1
        entry["days"] += item["days"]
        entry["escalated"] += int(item["escalated"])
    return sorted(per_unit.values(), key=lambda e: (-e["count"], -e["days"], e["unit"].path))


def totals(rows: list[dict], keys) -> dict:
    out = {k: sum(r[k] for r in rows) for k in keys}
    if "done_on_time" in out:
        out["on_time_rate"] = rate(out["done_on_time"], out.get("done", 0))
    return out


# --- 督查通报 ---------------------------------------------------------------------------------
@dataclass
class UnitPeriod:
    unit: object
    total: int = 0
    in_progress: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    rejected: int = 0


@dataclass
class PeriodFigures:
    start: date
    end: date
    as_of: datetime
    units: list[UnitPeriod] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)

    def total(self, key: str) -> int:
        return sum(getattr(u, key) for u in self.units)


def period_figures(start: date, end: date, now: datetime | None = None) -> PeriodFigures:
    """The 通报's figures for [start, end], as things stood at the end of `end` (or now, if earlier).

    Per unit, over its tasks assigned by then and not finished before `start`:
    - 办结 (按期 / 逾期): completed within the period (按期 = submitted by its deadline);
    - 逾期: not completed by then and past its deadline then (a completion request awaiting
      review counts as finished on the day it was submitted);
    - 办理中: the rest, not completed by then;
    - 驳回: completion requests sent back within the period.
    Named items: every task overdue then, longest first.
    """
    now = now or timezone.now()
    cal = get_calendar()
    tz = cal.tz
    period_end = datetime.combine(end, time(23, 59, 59), tz)
    as_of = min(now, period_end)
    start_at = datetime.combine(start, time(0, 0), tz)
    tasks = (Task.objects.filter(assigned_at__lte=as_of, clock__isnull=False)
             .exclude(state__in=[TaskState.DRAFT, TaskState.SUSPENDED])
             .filter(Q(completed_at__isnull=True) | Q(completed_at__gte=start_at))
             .select_related("unit", "matter", "clock").order_by("unit__path", "matter__number"))
    pending = dict(CompletionRequest.objects.filter(state=RequestState.PENDING, task__in=tasks)
                   .values_list("task_id", "submitted_at"))
    rejected = defaultdict(int)
    for unit_id in (CompletionRequest.objects.filter(state=RequestState.REJECTED, reviewed_at__gte=start_at,
                                                     reviewed_at__lte=as_of)
                    .values_list("task__unit_id", flat=True)):
        rejected[unit_id] += 1
    per_unit: dict[int, UnitPeriod] = {}
    overdue = []
    today = as_of.astimezone(tz).date()
    for task in tasks:
        row = per_unit.setdefault(task.unit_id, UnitPeriod(task.unit))
        row.total += 1
        due = task.clock.due_at
        if task.completed_at is not None and task.completed_at <= as_of:
            if task.completed_at <= due:
                row.done_on_time += 1
            else:
                row.done_late += 1
            continue
        finished_at = pending.get(task.pk)
        late = (finished_at > due) if finished_at else (as_of > due)
        if late:
            row.overdue += 1
            last_day = (finished_at or as_of).astimezone(tz).date()
            overdue.append({"task": task, "days": cal.workdays_between(due.astimezone(tz).date(),
                                                                       min(last_day, today)).value,
                            "escalated": task.clock.escalated})
        else:
            row.in_progress += 1
    for unit_id, count in rejected.items():
        if unit_id in per_unit:
            per_unit[unit_id].rejected = count
    units = sorted(per_unit.values(), key=lambda u: (-u.overdue, u.unit.path))
    overdue.sort(key=lambda i: (-i["days"], i["task"].unit.path))
    return PeriodFigures(start=start, end=end, as_of=as_of, units=units, overdue=overdue)
