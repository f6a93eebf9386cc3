"""立项 and 分解: create a matter with its default decomposition, edit it while it is a draft.

    matter = register_matter(by, title=…, lead_unit=…, deadline=…, co_units=[…], milestones=[(date, text)])

Default decomposition (the usual shape of a 政府工作报告 target): one task for the lead unit
(牵头), one per co-unit (配合), all with the matter's deadline, and each milestone (阶段目标)
as a child task of the lead unit's task with its own deadline. The office may then add, edit
or remove tasks (`add_task`, `update_task`, `remove_task`) while they are not yet assigned.

Validation (UserError, Chinese, nothing saved): a title; a lead unit; a deadline not before the
day of registration (none given: ZHONGSHU_SUPERVISION_DEFAULT_WORKDAYS, 15 working days); co-units different from the lead unit; 牵头领导 a city leader; milestones
not after the deadline; a 立项号 not used before (auto-numbered "2026-0001" when empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zhongshu import audit
from zhongshu.audit.chain import jsonable
from zhongshu.audit.signals import tracked_fields
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.numbering import next_numbers
from zhongshu.org.roles import Role

from .choices import Cycle, Importance, MatterState, Method, Source, TaskState
from .choices import Role as TaskRole
from .models import Matter, Task
from .permissions import check

NUMBER_SERIES = "supervision.matter"
NOTE = "立项"  # the note of every audit record of a registration


@dataclass
class MatterInput:
    title: str
    lead_unit: object
    deadline: date | None
    co_units: list = field(default_factory=list)
    leader: object = None
    number: str = ""
    source: str = Source.OTHER
    source_ref: str = ""
    source_obj: object = None
    basis: str = ""
    category: str = ""
    target: str = ""
    report_cycle: str = Cycle.MONTHLY
    report_day: int | None = None
    importance: str = Importance.NORMAL
    method: str = Method.ITEMIZED
    recheck_months: int | None = None
    milestones: list = field(default_factory=list)  # [(date, text)]
    owner_name: str = ""
    owner_phone: str = ""


def _today(at: datetime):
    return timezone.localtime(at).date()


def validate(data: MatterInput, at: datetime, *, check_number: bool = True) -> list[str]:
    """All problems of `data`, in Chinese (empty when it may be registered)."""
    errors = []
    if not (data.title or "").strip():
        errors.append("请填写事项名称")
    elif len(data.title.strip()) > 300:
        errors.append("事项名称过长（最多 300 字）")
    if data.lead_unit is None:
        errors.append("请选择牵头单位")
    if data.deadline is None:
        pass  # register_matter gives the default limit (setting ZHONGSHU_SUPERVISION_DEFAULT_WORKDAYS)
    elif not isinstance(data.deadline, date):
        errors.append("请填写完成时限（日期）")
    elif data.deadline < _today(at):
        errors.append(f"完成时限 {data.deadline:%Y-%m-%d} 早于今天，请核对")
    if data.lead_unit is not None and any(u.pk == data.lead_unit.pk for u in data.co_units):
        errors.append(f"配合单位不能与牵头单位相同：{data.lead_unit.name}")
    if len({u.pk for u in data.co_units}) != len(data.co_units):
        errors.append("配合单位有重复")
    if data.leader is not None and not data.leader.has_role(Role.CITY_LEADER):
        errors.append(f"牵头领导须为市领导：{data.leader}")
    for choice, value, label in ((Source, data.source, "事项来源"), (Cycle, data.report_cycle, "填报周期"),
                                 (Importance, data.importance, "重要程度"), (Method, data.method, "督查方式")):
        if value not in choice.values:
            errors.append(f"{label}取值无效：{value}")
    day = data.report_day
    if day is not None:
        top = 5 if data.report_cycle == Cycle.WEEKLY else 28
        if not 1 <= int(day) <= top:
            errors.append(f"填报日须在 1 到 {top} 之间" + ("（星期几）" if top == 5 else "（每月几日）"))
    if data.recheck_months is not None and not 0 <= int(data.recheck_months) <= 24:
        errors.append("回头看间隔须在 0 到 24 个月之间")
    for when, text in data.milestones:
        if not (text or "").strip():
            errors.append("阶段目标须有内容")
        if not isinstance(when, date):
            errors.append(f"阶段目标「{text}」须有日期")
        elif isinstance(data.deadline, date) and when > data.deadline:
            errors.append(f"阶段目标「{text}」的时限 {when:%Y-%m-%d} 晚于事项完成时限")
        elif when < _today(at):
            errors.append(f"阶段目标「{text}」的时限 {when:%Y-%m-%d} 早于今天")
    number = (data.number or "").strip()
    if check_number and number and Matter.objects.filter(number=number).exists():
        errors.append(f"立项号已存在：{number}")
    return errors


def register_matter(by, data: MatterInput, *, at: datetime | None = None, checked: bool = False) -> Matter:
    """立项 with the default decomposition. `checked=True` skips the permission check (the
    caller, e.g. an import, checked once for the whole file). Refused: UserError listing every
    problem (`details`), nothing saved."""
    return register_many(by, [data], at=at, checked=checked)[0]


def register_many(by, items: list[MatterInput], *, at: datetime | None = None, checked: bool = False) -> list[Matter]:
    """立项 of several matters at once, all or nothing (the bulk API, the import).

    Every item is checked first (validate, and the given 立项号 against each other and the
    database in one query); any problem refuses the whole batch with "第 i 项：…" per problem
    (a single item: its problems alone). Then, in one transaction and a constant number of
    statements whatever the batch size: the numbers of each year in one block (core.numbering),
    one INSERT of the matters, one of their lead and co-unit tasks, one of the milestones, one
    of the co-unit links, and one audit append with exactly the records the automatic signals
    would write one by one: "create" of each matter (note 立项), its co-units
    ({co_units: [[], ids]}) and each of its tasks, in that order."""
    at = at or timezone.now()
    if not checked:
        check(by, "register")
    from zhongshu.workcal.calc import get_calendar

    problems = []
    given = {}
    for i, data in enumerate(items, start=1):
        if data.deadline is None:  # "matters without a deadline: 15 working days" (DOMAIN.md §3)
            data.deadline = get_calendar().add_workdays(_today(at),
                                                        settings.ZHONGSHU_SUPERVISION_DEFAULT_WORKDAYS).value
        errors = validate(data, at, check_number=False)
        number = (data.number or "").strip()
        if number:
            if number in given:
                errors.append(f"立项号与第 {given[number]} 项重复：{number}")
            given.setdefault(number, i)
        problems += [(i, e) for e in errors]
    taken = set(Matter.objects.filter(number__in=list(given)).values_list("number", flat=True)) if given else set()
    problems += [(given[n], f"立项号已存在：{n}") for n in sorted(taken, key=given.get)]
    if problems:
        problems.sort(key=lambda p: p[0])
        lines = [e for _, e in problems] if len(items) == 1 else [f"第 {i} 项：{e}" for i, e in problems]
        raise UserError("；".join(lines), code="invalid_matter", details=lines)
    with transaction.atomic():
        years = [d.deadline.year if d.source == Source.WORK_REPORT else _today(at).year for d in items]
        blocks = {}
        for year in set(years):
            wanted = sum(1 for d, y in zip(items, years, strict=True) if y == year and not (d.number or "").strip())
            if wanted:
                blocks[year] = iter(next_numbers(NUMBER_SERIES, year, wanted))
        matters = [_new_matter(by, d, year, (d.number or "").strip() or f"{year}-{next(blocks[year]):04d}")
                   for d, year in zip(items, years, strict=True)]
        with audit.suppressed():  # recorded below, in one append, as the automatic records would be
            Matter.objects.bulk_create(matters)
            leads, cos = [], []
            for matter, d in zip(matters, items, strict=True):
                leads.append(Task(matter=matter, unit=d.lead_unit, role=TaskRole.LEAD, title=matter.title,
                                  deadline=d.deadline, sort=0, owner_name=d.owner_name[:50],
                                  owner_phone=d.owner_phone[:30]))
                cos.append([Task(matter=matter, unit=u, role=TaskRole.CO, title=matter.title, deadline=d.deadline,
                                 sort=i) for i, u in enumerate(d.co_units, start=100)])
            Task.objects.bulk_create(leads + [t for group in cos for t in group])  # milestones need the lead's id
            milestones = [[Task(matter=m, parent=lead, unit=d.lead_unit, role=TaskRole.LEAD, title=text.strip()[:300],
                                deadline=when, is_milestone=True, sort=i)
                           for i, (when, text) in enumerate(sorted(d.milestones, key=lambda ms: ms[0]), start=1)]
                          for m, lead, d in zip(matters, leads, items, strict=True)]
            Task.objects.bulk_create([t for group in milestones for t in group])
            link = Matter.co_units.through
            link.objects.bulk_create([link(matter_id=m.pk, orgunit_id=u.pk)
                                      for m, d in zip(matters, items, strict=True) for u in d.co_units])
        entries = []
        for m, d, lead, ms, co in zip(matters, items, leads, milestones, cos, strict=True):
            entries.append({"action": "create", "obj": m, "changes": _created(m), "note": NOTE})
            if d.co_units:
                ids = sorted((u.pk for u in d.co_units), key=str)
                entries.append({"action": "create", "obj": m, "changes": {"co_units": [[], ids]}, "note": NOTE})
            entries += [{"action": "create", "obj": t, "changes": _created(t), "note": NOTE} for t in (lead, *ms, *co)]
        audit.record_many(entries)
    return matters


def _new_matter(by, data: MatterInput, year: int, number: str) -> Matter:
    matter = Matter(
        number=number, year=year, title=data.title.strip(), source=data.source,
        source_ref=(data.source_ref or "").strip()[:200], basis=data.basis or "", category=(data.category or "")[:50],
        leader=data.leader, lead_unit=data.lead_unit, target=data.target or "", deadline=data.deadline,
        report_cycle=data.report_cycle,
        report_day=data.report_day or (5 if data.report_cycle == Cycle.WEEKLY else settings.ZHONGSHU_SUPERVISION_REPORT_DAY),
        importance=data.importance, method=data.method, registered_by=by,
        recheck_months=(settings.ZHONGSHU_SUPERVISION_RECHECK_MONTHS if data.recheck_months is None
                        else data.recheck_months))
    if data.source_obj is not None:
        matter.source_type = ContentType.objects.get_for_model(data.source_obj)
        matter.source_id = data.source_obj.pk
    return matter


def _created(obj) -> dict:
    """The changes of a "create" record, exactly as audit.signals writes them on save: every
    tracked field with a value, {name: [None, value]}."""
    data = obj.__dict__
    changes = {}
    for name, att in tracked_fields(type(obj)):
        if att in data:
            value = jsonable(data[att])
            if value not in (None, ""):
                changes[name] = [None, value]
    return changes


def _editable(matter) -> None:
    if matter.state not in (MatterState.DRAFT, MatterState.ACTIVE):
        raise TransitionRefused(f"{matter.get_state_display()}的事项不能再分解任务")


def add_task(matter, by, *, unit, title: str, deadline: date, role: str = TaskRole.CO, parent=None,
             is_milestone: bool = False, weight: int = 1, owner_name: str = "", owner_phone: str = "",
             at: datetime | None = None) -> Task:
    """分解: one more task (unassigned until the next 交办)."""
    at = at or timezone.now()
    check(by, "decompose", matter)
    _editable(matter)
    errors = []
    if not (title or "").strip():
        errors.append("请填写任务内容")
    if unit is None:
        errors.append("请选择承办单位")
    if not isinstance(deadline, date):
        errors.append("请填写完成时限")
    elif deadline < _today(at):
        errors.append("完成时限早于今天")
    elif parent is not None and deadline > parent.deadline:
        errors.append("阶段目标的时限不能晚于上级任务的时限")
    if parent is not None and parent.matter_id != matter.pk:
        errors.append("上级任务不属于该事项")
    if not 1 <= int(weight) <= 100:
        errors.append("权重须在 1 到 100 之间")
    if errors:
        raise UserError("；".join(errors), code="invalid_task", details=errors)
    sort = (matter.tasks.order_by("-sort").values_list("sort", flat=True).first() or 0) + 1
    with audit.step("create", "任务分解"):
        task = Task.objects.create(matter=matter, parent=parent, unit=parent.unit if parent else unit,
                                   role=parent.role if parent else role, title=title.strip()[:300],
                                   deadline=deadline, is_milestone=is_milestone or parent is not None, weight=weight,
                                   owner_name=owner_name[:50], owner_phone=owner_phone[:30], sort=sort)
        if parent is None and role == TaskRole.CO and unit.pk != matter.lead_unit_id:
            matter.co_units.add(unit)
    return task


def remove_task(task, by) -> None:
    check(by, "decompose", task.matter)
    if task.state != TaskState.DRAFT:
        raise TransitionRefused("已交办的任务不能删除；如不再需要，请由督查室主任中止")
    if task.parent_id is None and task.role == TaskRole.LEAD and not task.matter.tasks.filter(
            parent=None, role=TaskRole.LEAD).exclude(pk=task.pk).exists():
        raise TransitionRefused("牵头单位的任务不能删除")
    with audit.step("delete", "删除任务"):
        task.delete()



EDITABLE = ("title", "source", "source_ref", "basis", "category", "leader", "lead_unit", "target", "deadline",
            "report_cycle", "importance", "method")


def update_matter(matter, by, data: MatterInput, *, at: datetime | None = None):
    """修改 a matter before it is assigned (待交办); its tasks follow:
    - the lead unit's tasks (and milestones) move with the lead unit;
    - a co-unit added gets its task, a co-unit removed loses its (unassigned) task;
    - tasks that had the matter's title or deadline take the new one.
    Milestones are not edited here: add or remove them as tasks (add_task / remove_task)."""
    at = at or timezone.now()
    check(by, "edit", matter)
    if matter.state != MatterState.DRAFT:
        raise TransitionRefused(f"{matter.get_state_display()}的事项不能修改；已交办的事项请走延期、退回或中止")
    data.milestones = []
    same_number = (data.number or "").strip() in ("", matter.number)
    errors = [e for e in validate(data, at) if not (same_number and e.startswith("立项号已存在"))]
    if errors:
        raise UserError("；".join(errors), code="invalid_matter", details=errors)
    old_title, old_deadline, old_lead = matter.title, matter.deadline, matter.lead_unit_id
    with transaction.atomic(), audit.step("transition", "修改事项"):
        for name in EDITABLE:
            value = getattr(data, name)
            setattr(matter, name, value.strip() if isinstance(value, str) else value)
        matter.number = (data.number or "").strip() or matter.number
        matter.report_day = data.report_day or matter.report_day
        if data.recheck_months is not None:
            matter.recheck_months = data.recheck_months
        matter.save()
        wanted = {u.pk: u for u in data.co_units}
        kept_co = set()
        for task in matter.tasks.all():
            if task.role == TaskRole.CO and task.parent_id is None and task.unit_id not in wanted:
                task.delete()
                continue
            if task.role == TaskRole.CO and task.parent_id is None:
                kept_co.add(task.unit_id)
            fields = []
            if task.role == TaskRole.LEAD and task.unit_id == old_lead and matter.lead_unit_id != old_lead:
                task.unit = matter.lead_unit
                fields.append("unit")
            if not task.is_milestone and task.deadline == old_deadline:
                task.deadline = matter.deadline
                fields.append("deadline")
            if task.title == old_title:
                task.title = matter.title
                fields.append("title")
            if fields:
                task.save(update_fields=fields + ["updated_at"])
        for i, unit in enumerate(u for pk, u in wanted.items() if pk not in kept_co):
            Task.objects.create(matter=matter, unit=unit, role=TaskRole.CO, title=matter.title,
                                deadline=matter.deadline, sort=200 + i)
        matter.co_units.set(data.co_units)
    return matter
