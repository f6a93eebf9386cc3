"""The ledger (台账): one filter language for the page, the API and the Excel export.

    f = LedgerFilter.from_params(request.GET)       # validated; unknown values are errors
    matters = f.matters(user, now)                  # restricted (org.scope), filtered, sorted
    tasks = f.tasks(user, now)                      # the same filters, one row per task

Filters (query parameters): year, source, unit (a unit's matters: lead, co or task unit; with
unit_role=lead only where it leads), leader (牵头领导 user id), state, light (red / yellow /
green / none), overdue=1, flagged=1, category, importance, q (立项号 or words of the title),
deadline_from / deadline_to. Sort: number, -number, deadline, -deadline, progress, -progress,
updated (newest first).

Lights (clocks.lights, the one definition): a task shows the light of its deadline clock (or,
before that starts, of its acceptance clock); a matter shows the worst light of its open tasks
— red if any is red, else yellow if any is yellow, else green if any is green, else none. In
SQL that is EXISTS over the matter's tasks, so the filter needs no stored light.
"Overdue" (逾期): an open task whose deadline clock is running past its due moment.
Query count of a ledger page is constant: the count, the page, co-units (prefetch), and the
page's tasks with their clocks for the lights (page_lights).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict

from zhongshu.clocks.lights import light, light_q
from zhongshu.clocks.models import ClockState
from zhongshu.core.errors import UserError

from .choices import OPEN_TASK_STATES, Importance, MatterState, Source, TaskState
from .models import Matter, Task

SORTS = {
    "number": ("number",), "-number": ("-number",),
    "deadline": ("deadline", "number"), "-deadline": ("-deadline", "number"),
    "progress": ("progress", "number"), "-progress": ("-progress", "number"),
    "updated": ("-updated_at", "-id"),
}
TASK_SORTS = {
    "number": ("matter__number", "sort", "id"), "-number": ("-matter__number", "sort", "id"),
    "deadline": ("deadline", "id"), "-deadline": ("-deadline", "id"),
    "progress": ("progress", "id"), "-progress": ("-progress", "id"),
    "updated": ("-updated_at", "-id"),
}
LIGHTS = ("red", "yellow", "green", "none")
RANK = {"red": 0, "yellow": 1, "green": 2, "none": 3}


def task_light_q(color: str, now: datetime, prefix: str = "") -> Q:
    """Q over tasks: the task's light clock shows `color` now."""
    with_clock = Q(**{f"{prefix}clock__isnull": False}) & light_q(color, now, f"{prefix}clock__")
    before_clock = (Q(**{f"{prefix}clock__isnull": True, f"{prefix}accept_clock__isnull": False})
                    & light_q(color, now, f"{prefix}accept_clock__"))
    return with_clock | before_clock


def overdue_q(now: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": OPEN_TASK_STATES, f"{prefix}clock__state": ClockState.RUNNING,
                f"{prefix}clock__due_at__lt": now})


def _open_tasks():
    return Task.objects.filter(matter=OuterRef("pk"), state__in=OPEN_TASK_STATES)


def matter_light_q(color: str, now: datetime) -> Q:
    has = {c: Exists(_open_tasks().filter(task_light_q(c, now))) for c in ("red", "yellow", "green")}
    if color == "red":
        return Q(has["red"])
    if color == "yellow":
        return Q(has["yellow"]) & ~Q(has["red"])
    if color == "green":
        return Q(has["green"]) & ~Q(has["red"]) & ~Q(has["yellow"])
    return ~Q(has["red"]) & ~Q(has["yellow"]) & ~Q(has["green"])


def _int(value, label):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UserError(f"{label}须为数字：{value}", code="invalid_filter")


def _date(value, label):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UserError(f"{label}日期格式应为 YYYY-MM-DD：{value}", code="invalid_filter")


@dataclass
class LedgerFilter:
    year: int | None = None
    source: str = ""
    unit: int | None = None
    unit_role: str = ""
    leader: int | None = None
    state: str = ""
    light: str = ""
    overdue: bool = False
    flagged: bool = False
    category: str = ""
    importance: str = ""
    q: str = ""
    deadline_from: date | None = None
    deadline_to: date | None = None
    sort: str = "number"
    errors: list = field(default_factory=list, repr=False)

    @classmethod
    def from_params(cls, params) -> LedgerFilter:
        """Parse and validate; raises UserError listing every bad parameter."""
        get = params.get
        f, errors = cls(), []

        def attempt(setter):
            try:
                setter()
            except UserError as exc:
                errors.append(exc.message)

        if get("year"):
            attempt(lambda: setattr(f, "year", _int(get("year"), "年度")))
        if get("unit"):
            attempt(lambda: setattr(f, "unit", _int(get("unit"), "单位")))
        if get("leader"):
            attempt(lambda: setattr(f, "leader", _int(get("leader"), "牵头领导")))
        for name, label in (("deadline_from", "完成时限起"), ("deadline_to", "完成时限止")):
            if get(name):
                attempt(lambda n=name, lb=label: setattr(f, n, _date(get(n), lb)))
        for name, allowed, label in (("source", Source.values, "事项来源"),
                                     ("state", MatterState.values + TaskState.values, "状态"),
                                     ("light", LIGHTS, "灯色"), ("importance", Importance.values, "重要程度"),
                                     ("unit_role", ("lead", "any"), "单位角色"), ("sort", list(SORTS), "排序")):
            value = (get(name) or "").strip()
            if value and value not in allowed:
                errors.append(f"{label}取值无效：{value}")
            elif value:
                setattr(f, name, value)
        f.overdue = get("overdue") in ("1", "true", "on")
        f.flagged = get("flagged") in ("1", "true", "on")
        f.category = (get("category") or "").strip()[:50]
        f.q = (get("q") or "").strip()[:100]
        if errors:
            raise UserError("筛选条件有误：" + "；".join(errors), code="invalid_filter", details=errors)
        return f

    def as_params(self, **override) -> QueryDict:
        """The filter as query parameters (for links, saved filters and page numbers)."""
        q = QueryDict(mutable=True)
        for fld in fields(self):
            if fld.name == "errors":
                continue
            value = override.get(fld.name, getattr(self, fld.name))
            if value in (None, "", False) or (fld.name == "sort" and value == "number"):
                continue
            q[fld.name] = "1" if value is True else str(value)
        return q

    @property
    def active(self) -> bool:
        return bool(self.as_params())

    # --- querysets ---------------------------------------------------------------------------
    def matters(self, user, now: datetime):
        qs = Matter.objects.restrict(user)
        if self.year:
            qs = qs.filter(year=self.year)
        if self.source:
            qs = qs.filter(source=self.source)
        if self.unit:
            if self.unit_role == "lead":
                qs = qs.filter(lead_unit_id=self.unit)
            else:
                qs = qs.filter(Q(lead_unit_id=self.unit) | Exists(Task.objects.filter(matter=OuterRef("pk"),
                                                                                     unit_id=self.unit)))
        if self.leader:
            qs = qs.filter(leader_id=self.leader)
        if self.state in MatterState.values:
            qs = qs.filter(state=self.state)
        elif self.state:
            qs = qs.filter(Exists(Task.objects.filter(matter=OuterRef("pk"), state=self.state)))
        if self.light:
            qs = qs.filter(matter_light_q(self.light, now))
        if self.overdue:
            qs = qs.filter(Exists(Task.objects.filter(matter=OuterRef("pk")).filter(overdue_q(now))))
        if self.flagged:
            qs = qs.filter(flagged=True)
        if self.category:
            qs = qs.filter(category=self.category)
        if self.importance:
            qs = qs.filter(importance=self.importance)
        if self.q:
            qs = qs.filter(Q(number__icontains=self.q) | Q(title__icontains=self.q))
        if self.deadline_from:
            qs = qs.filter(deadline__gte=self.deadline_from)
        if self.deadline_to:
            qs = qs.filter(deadline__lte=self.deadline_to)
        return qs.order_by(*SORTS[self.sort])

    def tasks(self, user, now: datetime):
        qs = Task.objects.restrict(user).filter(state__in=[s for s in TaskState.values if s != TaskState.DRAFT])
        m = "matter__"
        if self.year:
            qs = qs.filter(matter__year=self.year)
        if self.source:
            qs = qs.filter(matter__source=self.source)
        if self.unit:
            qs = qs.filter(matter__lead_unit_id=self.unit) if self.unit_role == "lead" else qs.filter(unit_id=self.unit)
        if self.leader:
            qs = qs.filter(matter__leader_id=self.leader)
        if self.state in TaskState.values:
            qs = qs.filter(state=self.state)
        elif self.state:
            qs = qs.filter(matter__state=self.state)
        if self.light:
            open_q = Q(state__in=OPEN_TASK_STATES)
            qs = qs.filter(open_q & task_light_q(self.light, now)) if self.light != "none" else qs.filter(
                ~open_q | task_light_q("none", now) | Q(clock__isnull=True, accept_clock__isnull=True))
        if self.overdue:
            qs = qs.filter(overdue_q(now))
        if self.flagged:
            qs = qs.filter(matter__flagged=True)
        if self.category:
            qs = qs.filter(**{f"{m}category": self.category})
        if self.importance:
            qs = qs.filter(**{f"{m}importance": self.importance})
        if self.q:
            qs = qs.filter(Q(matter__number__icontains=self.q) | Q(matter__title__icontains=self.q)
                           | Q(title__icontains=self.q))
        if self.deadline_from:
            qs = qs.filter(deadline__gte=self.deadline_from)
        if self.deadline_to:
            qs = qs.filter(deadline__lte=self.deadline_to)
        return qs.order_by(*TASK_SORTS[self.sort])


def task_light(task, now: datetime) -> str:
    if task.state not in OPEN_TASK_STATES:
        return "none"
    clock = task.light_clock
    return light(clock, now) if clock is not None else "none"


def worst(colors) -> str:
    colors = list(colors)
    return min(colors, key=RANK.__getitem__) if colors else "none"


def page_lights(matters, now: datetime) -> dict[int, dict]:
    """For a page of matters: {matter id: {"light", "overdue", "tasks": [...]}} in one query."""
    ids = [m.pk for m in matters]
    result = {pk: {"light": "none", "overdue": False, "tasks": []} for pk in ids}
    tasks = (Task.objects.filter(matter_id__in=ids).select_related("unit", "clock", "accept_clock")
             .order_by("matter_id", "sort", "id"))
    for task in tasks:
        entry = result[task.matter_id]
        entry["tasks"].append(task)
        task.light = task_light(task, now)
        entry["light"] = worst([entry["light"], task.light])
        if (task.state in OPEN_TASK_STATES and task.clock and task.clock.state == ClockState.RUNNING
                and now > task.clock.due_at):
            entry["overdue"] = True
    return result
