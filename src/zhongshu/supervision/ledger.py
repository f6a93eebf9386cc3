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
page's lights (page_lights: one grouped query when the tasks themselves are not needed).

Speed (100,000 tasks, bench/supervision_ledger.py):
- a task's light clock is COALESCE(clock, accept_clock), so a light is "that id IN (the
  clocks of that light)": the clocks are filtered once and hashed, instead of joining every
  open task to both of its clocks (task_light_q); a matter's light is "pk IN (matters of such
  tasks)", which PostgreSQL hashes also under NOT and inside the overview's aggregates;
- the unit scope is org.scope.restrict, which writes each scope path as subqueries
  ("pk IN (…)"), never joins and DISTINCT over the whole ledger;
- a page's lights, and the export's, are computed in SQL (light_rank, matter_lights), so no
  task or clock object is loaded for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from django.db.models import Case, Exists, IntegerField, Max, Min, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.http import QueryDict

from zhongshu.clocks.lights import light, light_q
from zhongshu.clocks.models import Clock, ClockState
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


def _joined_light_q(color: str, now: datetime, prefix: str = "") -> Q:
    """Q over tasks, through joins of both clocks: for a few rows (a page), row by row."""
    with_clock = Q(**{f"{prefix}clock__isnull": False}) & light_q(color, now, f"{prefix}clock__")
    before_clock = (Q(**{f"{prefix}clock__isnull": True, f"{prefix}accept_clock__isnull": False})
                    & light_q(color, now, f"{prefix}accept_clock__"))
    return with_clock | before_clock


def task_light_q(color: str, now: datetime, prefix: str = "") -> Q:
    """Q over tasks: the task's light clock shows `color` now. The light clock is the deadline
    clock, or before that starts the acceptance clock: COALESCE(clock, accept_clock), so this
    is "that clock is one of the clocks of that light" — the clocks are filtered once (a hash
    or an index probe) instead of joining every task to both of its clocks."""
    clock, accept = f"{prefix}clock_id", f"{prefix}accept_clock_id"
    has_clock = Q(**{f"{clock}__isnull": False}) | Q(**{f"{accept}__isnull": False})
    return has_clock & Q(In(Coalesce(clock, accept), Clock.objects.filter(light_q(color, now)).values("pk")))


def overdue_q(now: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": OPEN_TASK_STATES, f"{prefix}clock__state": ClockState.RUNNING,
                f"{prefix}clock__due_at__lt": now})


def _matters_with(tasks) -> Q:
    """Q over matters: having one of `tasks` (pk IN (…): a semi-join or a hashed subplan, also
    under OR and NOT, where PostgreSQL cannot flatten a correlated EXISTS)."""
    return Q(pk__in=tasks.values("matter_id"))


def matter_light_q(color: str, now: datetime) -> Q:
    open_tasks = Task.objects.filter(state__in=OPEN_TASK_STATES)
    has = {c: _matters_with(open_tasks.filter(task_light_q(c, now))) for c in ("red", "yellow", "green")}
    if color == "red":
        return has["red"]
    if color == "yellow":
        return has["yellow"] & ~has["red"]
    if color == "green":
        return has["green"] & ~has["red"] & ~has["yellow"]
    return ~has["red"] & ~has["yellow"] & ~has["green"]


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
                qs = qs.filter(Q(lead_unit_id=self.unit) | _matters_with(Task.objects.filter(unit_id=self.unit)))
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


COLOR_OF_RANK = {rank: color for color, rank in RANK.items()}


def light_rank(now: datetime):
    """SQL, over tasks: the RANK of the task's light now (task_light's rules: only an open task
    has a light), through joins of its two clocks: for a page or a chunk of rows, row by row."""
    open_q = Q(state__in=OPEN_TASK_STATES)
    return Case(*(When(open_q & _joined_light_q(c, now), then=Value(RANK[c])) for c in ("red", "yellow", "green")),
                default=Value(RANK["none"]), output_field=IntegerField())


def matter_lights(ids, now: datetime, *, within=None) -> dict[int, dict]:
    """{matter id: {"light", "overdue"}} for the given matters in one grouped query: the worst
    light of their tasks and whether one is overdue, computed in SQL (no task or clock loaded).
    `within`: a queryset of those matters, to select their tasks by subquery (a whole export)
    rather than by a list of ids."""
    ids = list(ids)
    result = {pk: {"light": "none", "overdue": False} for pk in ids}
    overdue = Case(When(overdue_q(now), then=Value(1)), default=Value(0), output_field=IntegerField())
    tasks = Task.objects.filter(matter__in=within.values("pk")) if within is not None else Task.objects.filter(
        matter_id__in=ids)
    rows = (tasks.values("matter_id")
            .annotate(rank=Min(light_rank(now)), overdue=Max(overdue)).order_by())
    for row in rows:
        result[row["matter_id"]] = {"light": COLOR_OF_RANK[row["rank"]], "overdue": bool(row["overdue"])}
    return result


def page_lights(matters, now: datetime, *, with_tasks: bool = True) -> dict[int, dict]:
    """For a page of matters: {matter id: {"light", "overdue", "tasks": [...]}} in one query.

    with_tasks=False (the ledger, the export): no "tasks"; matter_lights (one grouped query,
    the same definitions in SQL) instead of loading every task with its clocks."""
    ids = [m.pk for m in matters]
    if not with_tasks:
        return matter_lights(ids, now)
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
