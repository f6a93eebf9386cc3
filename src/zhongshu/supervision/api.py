"""/api/v1/supervision/: the whole 督查督办 loop for other systems, with the pages' rules.

Reading goes through the one scoping rule (org.scope: another unit's id is a 404); every step
calls the same functions as the pages (transitions.py, registration.py), so permission and
state checks, clocks, notices and the audit trail are the same. Refusals come back as
{"code", "message"} (403 forbidden, 409 transition_refused, 422 validation_error / invalid_*).
Lists take the ledger's filters (ledger.LedgerFilter) plus limit/offset and return
{"total", "items"}.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from zhongshu import audit
from zhongshu.clocks.lights import light_title
from zhongshu.core.api import unprocessable
from zhongshu.core.errors import UserError
from zhongshu.core.tabular import xlsx_response
from zhongshu.org.models import OrgUnit, User
from zhongshu.org.scope import get_visible_or_404
from zhongshu.workcal.display import due_parts

from . import bulletin, documents, excel, registration, stats
from . import transitions as t
from .ledger import LedgerFilter, page_lights, task_light
from .models import (
    CompletionRequest,
    CoordinationRequest,
    ExtensionRequest,
    Matter,
    Recheck,
    ReturnRequest,
    SupervisionDoc,
    Task,
)
from .permissions import check

PREFIX = "/supervision/"
router = Router(tags=["督查督办"])
MAX_BULK = 1000


# --- schemas ------------------------------------------------------------------------------------
class Ref(Schema):
    id: int
    name: str


class Label(Schema):
    code: str
    label: str


class MatterOut(Schema):
    id: int
    number: str
    year: int
    title: str
    source: Label
    source_ref: str
    basis: str
    category: str
    leader: Ref | None
    lead_unit: Ref
    co_units: list[Ref]
    target: str
    deadline: date
    deadline_note: str
    report_cycle: Label
    report_day: int
    importance: Label
    method: Label
    state: Label
    progress: int
    flagged: bool
    light: str
    overdue: bool
    latest_progress: str
    assigned_at: datetime | None
    closed_at: datetime | None
    rating: Label | None
    rating_comment: str
    recheck_due: date | None
    url: str


class TaskOut(Schema):
    id: int
    matter_id: int
    matter_number: str
    matter_title: str
    parent_id: int | None
    unit: Ref
    role: Label
    title: str
    is_milestone: bool
    deadline: date
    deadline_note: str
    due_at: datetime | None
    due_explanation: str
    progress: int
    state: Label
    state_text: str
    light: str
    light_words: str
    assigned_at: datetime | None
    accept_due_at: datetime | None
    accepted_at: datetime | None
    accepted_late: bool
    report_period: str
    report_due_at: datetime | None
    completed_at: datetime | None
    url: str


class MatterPage(Schema):
    total: int
    items: list[MatterOut]


class TaskPage(Schema):
    total: int
    items: list[TaskOut]


class MilestoneIn(Schema):
    deadline: date
    title: str


class MatterIn(Schema):
    title: str
    lead_unit_id: int
    deadline: date | None = None  # none: 15 working days (setting)
    co_unit_ids: list[int] = []
    leader_id: int | None = None
    number: str = ""
    source: str = "other"
    source_ref: str = ""
    basis: str = ""
    category: str = ""
    target: str = ""
    report_cycle: str = "monthly"
    report_day: int | None = None
    importance: str = "normal"
    method: str = "itemized"
    recheck_months: int | None = None
    milestones: list[MilestoneIn] = []


class BulkIn(Schema):
    matters: list[MatterIn]


class BulkOut(Schema):
    created: int
    items: list[Ref]


class TaskIn(Schema):
    unit_id: int
    title: str
    deadline: date
    role: str = "co"
    parent_id: int | None = None
    weight: int = 1
    owner_name: str = ""
    owner_phone: str = ""


class ReportIn(Schema):
    progress: int
    done: str
    problems: str = ""
    needs_coordination: bool = False
    next_steps: str = ""
    handler: str
    phone: str


class ReportOut(Schema):
    id: int
    period: str
    period_label: str
    due_on: date | None
    progress: int
    done: str
    problems: str
    needs_coordination: bool
    next_steps: str
    handler: str
    phone: str
    submitted_at: datetime
    on_time: bool


class ReportDraft(Schema):
    period: str
    period_label: str
    due_on: date | None
    progress: int
    done: str = ""
    problems: str = ""
    needs_coordination: bool = False
    next_steps: str = ""
    handler: str = ""
    phone: str = ""


class ExtensionIn(Schema):
    new_deadline: date
    reason: str


class DecisionIn(Schema):
    approve: bool
    comment: str = ""


class RequestOut(Schema):
    id: int
    kind: str
    state: Label
    task_id: int


class CoordinationIn(Schema):
    leader_id: int
    issue: str


class AnswerIn(Schema):
    reply: str


class ReturnIn(Schema):
    reason: str
    suggested_unit_id: int | None = None


class ReturnDecisionIn(Schema):
    reassign_to_id: int | None = None
    comment: str = ""
    new_deadline: date | None = None


class ReviewIn(Schema):
    accept: bool
    comment: str = ""
    redo_workdays: int | None = None


class RateIn(Schema):
    rating: str
    comment: str = ""


class FlagIn(Schema):
    flagged: bool = True
    reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


class RecheckIn(Schema):
    result: str
    findings: str
    method: str | None = None
    redo_workdays: int | None = None


class DocOut(Schema):
    id: int
    kind: Label
    number: str
    title: str
    unit: Ref | None
    matter_id: int | None
    task_id: int | None
    issued_at: datetime
    download: str


class PeriodIn(Schema):
    start: date
    end: date


# --- serialisation ----------------------------------------------------------------------------------
def _ref(obj) -> dict | None:
    if obj is None:
        return None
    name = getattr(obj, "full_name", None) or getattr(obj, "name", None) or str(obj)
    return {"id": obj.pk, "name": name}


def _label(obj, field: str) -> dict:
    return {"code": getattr(obj, field), "label": getattr(obj, f"get_{field}_display")()}


def _note(day) -> str:
    return due_parts(day, False)[1]


def matter_out(m: Matter, info: dict) -> dict:
    return {
        "id": m.pk, "number": m.number, "year": m.year, "title": m.title, "source": _label(m, "source"),
        "source_ref": m.source_ref, "basis": m.basis, "category": m.category, "leader": _ref(m.leader),
        "lead_unit": _ref(m.lead_unit), "co_units": [_ref(u) for u in m.co_units.all()], "target": m.target,
        "deadline": m.deadline, "deadline_note": _note(m.deadline), "report_cycle": _label(m, "report_cycle"),
        "report_day": m.report_day, "importance": _label(m, "importance"), "method": _label(m, "method"),
        "state": _label(m, "state"), "progress": m.progress, "flagged": m.flagged, "light": info["light"],
        "overdue": info["overdue"], "latest_progress": m.latest_progress, "assigned_at": m.assigned_at,
        "closed_at": m.closed_at, "rating": _label(m, "rating") if m.rating else None,
        "rating_comment": m.rating_comment, "recheck_due": m.recheck_due, "url": m.get_absolute_url(),
    }


def task_out(task: Task, now) -> dict:
    clock = task.light_clock
    return {
        "id": task.pk, "matter_id": task.matter_id, "matter_number": task.matter.number,
        "matter_title": task.matter.title, "parent_id": task.parent_id, "unit": _ref(task.unit),
        "role": _label(task, "role"), "title": task.title, "is_milestone": task.is_milestone,
        "deadline": task.deadline, "deadline_note": _note(task.deadline),
        "due_at": task.clock.due_at if task.clock else None,
        "due_explanation": task.clock.due_explanation if task.clock else "", "progress": task.progress,
        "state": _label(task, "state"), "state_text": task.state_text, "light": task_light(task, now),
        "light_words": light_title(clock, now) if clock else "", "assigned_at": task.assigned_at,
        "accept_due_at": task.accept_clock.due_at if task.accept_clock else None, "accepted_at": task.accepted_at,
        "accepted_late": task.accepted_late, "report_period": task.report_period,
        "report_due_at": task.report_clock.due_at if task.report_clock and task.report_clock.is_open else None,
        "completed_at": task.completed_at, "url": task.get_absolute_url(),
    }


def _task_qs():
    return Task.objects.select_related("matter", "unit", "clock", "accept_clock", "report_clock")


def _matter_qs():
    return Matter.objects.select_related("leader", "lead_unit").prefetch_related("co_units")


def _one_matter(request, pk) -> dict:
    m = get_visible_or_404(_matter_qs(), request.auth, pk=pk)
    return matter_out(m, page_lights([m], timezone.now())[m.pk])


def _one_task(request, pk) -> dict:
    return task_out(get_visible_or_404(_task_qs(), request.auth, pk=pk), timezone.now())


def _filter(request) -> LedgerFilter:
    return LedgerFilter.from_params(request.GET)


def _unit(pk, what="单位", known=None):
    if pk is None:
        return None
    unit = known.get(pk) if known is not None else OrgUnit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        raise UserError(f"{what}不存在：{pk}", code="invalid_unit", status=422)
    return unit


def _user(pk, known=None):
    if pk is None:
        return None
    user = known.get(pk) if known is not None else User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise UserError(f"人员不存在：{pk}", code="invalid_user", status=422)
    return user


def _matter_input(p: MatterIn, *, units=None, users=None) -> registration.MatterInput:
    """The input of 立项 from the API's payload; `units`/`users` (id → object) when a batch
    looked them up at once."""
    lead = _unit(p.lead_unit_id, "牵头单位", units)
    co = [_unit(pk, "配合单位", units) for pk in dict.fromkeys(p.co_unit_ids)]
    if len(co) != len(p.co_unit_ids):
        raise UserError("配合单位有重复", code="invalid_matter", status=422)
    return registration.MatterInput(
        title=p.title, lead_unit=lead, deadline=p.deadline, co_units=co, leader=_user(p.leader_id, users),
        number=p.number,
        source=p.source, source_ref=p.source_ref, basis=p.basis, category=p.category, target=p.target,
        report_cycle=p.report_cycle, report_day=p.report_day, importance=p.importance, method=p.method,
        recheck_months=p.recheck_months, milestones=[(ms.deadline, ms.title) for ms in p.milestones])


# --- matters ----------------------------------------------------------------------------------------
@router.get("/matters", response=MatterPage, summary="事项台账（筛选、排序、分页）")
def list_matters(request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    """Filters as the ledger page: year, source, unit, unit_role, leader, state, light, overdue,
    flagged, category, importance, q, deadline_from, deadline_to, sort."""
    now = timezone.now()
    qs = _filter(request).matters(request.auth, now)
    page = list(qs.select_related("leader", "lead_unit").prefetch_related("co_units")[offset:offset + limit])
    lights = page_lights(page, now)
    return {"total": qs.count(), "items": [matter_out(m, lights[m.pk]) for m in page]}


@router.post("/matters", response={201: MatterOut}, summary="立项（自动分解任务）")
def create_matter(request, payload: MatterIn):
    matter = unprocessable(lambda: registration.register_matter(request.auth, _matter_input(payload)))
    return 201, _one_matter(request, matter.pk)


@router.post("/matters/bulk", response={201: BulkOut}, summary="批量立项（全部成功或全部不立项）")
def create_matters(request, payload: BulkIn):
    check(request.auth, "register")
    if not payload.matters:
        raise UserError("没有要立项的事项", code="invalid_matter", status=422)
    if len(payload.matters) > MAX_BULK:
        raise UserError(f"一次最多立项 {MAX_BULK} 项", code="too_many", status=422)
    units = OrgUnit.objects.filter(is_active=True).in_bulk(
        {pk for m in payload.matters for pk in (m.lead_unit_id, *m.co_unit_ids)})
    users = User.objects.filter(is_active=True).in_bulk({m.leader_id for m in payload.matters if m.leader_id})
    inputs, problems = [], []
    for i, item in enumerate(payload.matters, start=1):
        try:
            inputs.append(_matter_input(item, units=units, users=users))
        except UserError as exc:
            problems.append(f"第 {i} 项：{exc.message}")
    if not problems:
        try:
            created = registration.register_many(request.auth, inputs, checked=True)
        except UserError as exc:
            problems = exc.details or [exc.message]
    if problems:
        raise UserError(f"未立项：共 {len(problems)} 处问题。" + "；".join(problems[:3]), code="invalid_matter",
                        status=422, details=problems)
    return 201, {"created": len(created), "items": [{"id": m.pk, "name": m.number} for m in created]}


@router.put("/matters/{matter_id}", response=MatterOut, summary="修改事项（交办前）")
def update_matter(request, matter_id: int, payload: MatterIn):
    matter = get_visible_or_404(Matter, request.auth, pk=matter_id)
    unprocessable(lambda: registration.update_matter(matter, request.auth, _matter_input(payload)))
    return _one_matter(request, matter_id)


@router.get("/matters/{matter_id}", response=MatterOut, summary="事项详情")
def get_matter(request, matter_id: int):
    return _one_matter(request, matter_id)


@router.get("/matters/{matter_id}/tasks", response=list[TaskOut], summary="事项的任务分解")
def matter_tasks(request, matter_id: int):
    matter = get_visible_or_404(Matter, request.auth, pk=matter_id)
    now = timezone.now()
    return [task_out(tk, now) for tk in _task_qs().restrict(request.auth).filter(matter=matter)
            .order_by(F("parent_id").asc(nulls_first=True), "sort", "id")]


@router.post("/matters/{matter_id}/tasks", response={201: TaskOut}, summary="任务分解：增加任务")
def add_task(request, matter_id: int, payload: TaskIn):
    matter = get_visible_or_404(Matter, request.auth, pk=matter_id)
    parent = get_object_or_404(Task, pk=payload.parent_id, matter=matter) if payload.parent_id else None
    task = unprocessable(lambda: registration.add_task(
        matter, request.auth, unit=_unit(payload.unit_id), title=payload.title, deadline=payload.deadline,
        role=payload.role, parent=parent, weight=payload.weight, owner_name=payload.owner_name,
        owner_phone=payload.owner_phone))
    return 201, _one_task(request, task.pk)


@router.delete("/matters/{matter_id}/tasks/{task_id}", response={204: None}, summary="任务分解：删除未交办的任务")
def remove_task(request, matter_id: int, task_id: int):
    matter = get_visible_or_404(Matter, request.auth, pk=matter_id)
    registration.remove_task(get_object_or_404(Task, pk=task_id, matter=matter), request.auth)
    return 204, None


def _matter_step(request, matter_id, fn):
    matter = get_visible_or_404(Matter, request.auth, pk=matter_id)
    unprocessable(lambda: fn(matter))
    return _one_matter(request, matter_id)


@router.post("/matters/{matter_id}/assign", response=MatterOut, summary="交办")
def assign(request, matter_id: int):
    return _matter_step(request, matter_id, lambda m: t.assign(m, request.auth))


@router.post("/matters/{matter_id}/close", response=MatterOut, summary="销号")
def close(request, matter_id: int):
    return _matter_step(request, matter_id, lambda m: t.close(m, request.auth))


@router.post("/matters/{matter_id}/rate", response=MatterOut, summary="评价")
def rate(request, matter_id: int, payload: RateIn):
    return _matter_step(request, matter_id, lambda m: t.rate(m, request.auth, rating=payload.rating,
                                                                 comment=payload.comment))


@router.post("/matters/{matter_id}/flag", response=MatterOut, summary="挂牌督办 / 摘牌")
def flag(request, matter_id: int, payload: FlagIn):
    return _matter_step(request, matter_id, lambda m: t.flag(m, request.auth, flagged=payload.flagged,
                                                                 reason=payload.reason))


@router.post("/matters/{matter_id}/suspend", response=MatterOut, summary="中止")
def suspend(request, matter_id: int, payload: ReasonIn):
    return _matter_step(request, matter_id, lambda m: t.suspend(m, request.auth, reason=payload.reason))


@router.get("/matters/{matter_id}/rechecks", response=list[dict], summary="回头看")
def rechecks(request, matter_id: int):
    matter = get_visible_or_404(Matter, request.auth, pk=matter_id)
    return [{"id": r.pk, "due_on": r.due_on, "result": r.result, "findings": r.findings, "done_at": r.done_at}
            for r in matter.rechecks.all()]


@router.post("/rechecks/{recheck_id}", response=MatterOut, summary="记录回头看结果")
def record_recheck(request, recheck_id: int, payload: RecheckIn):
    recheck = get_visible_or_404(Recheck.objects.select_related("matter"), request.auth, pk=recheck_id)
    unprocessable(lambda: t.record_recheck(recheck, request.auth, result=payload.result, findings=payload.findings,
                                            method=payload.method, redo_workdays=payload.redo_workdays))
    return _one_matter(request, recheck.matter_id)


# --- tasks ------------------------------------------------------------------------------------------
@router.get("/tasks", response=TaskPage, summary="承办任务（台账筛选、分页）")
def list_tasks(request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    now = timezone.now()
    qs = _filter(request).tasks(request.auth, now)
    page = list(qs.select_related("matter", "unit", "clock", "accept_clock", "report_clock")[offset:offset + limit])
    return {"total": qs.count(), "items": [task_out(tk, now) for tk in page]}


@router.get("/tasks/{task_id}", response=TaskOut, summary="任务详情")
def get_task(request, task_id: int):
    return _one_task(request, task_id)


def _task_step(request, task_id, fn):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    unprocessable(lambda: fn(task))
    return _one_task(request, task_id)


@router.post("/tasks/{task_id}/accept", response=TaskOut, summary="签收")
def accept(request, task_id: int):
    return _task_step(request, task_id, lambda tk: t.accept(tk, request.auth))


@router.get("/tasks/{task_id}/reports", response=list[ReportOut], summary="进展反馈")
def reports(request, task_id: int):
    task = get_visible_or_404(Task, request.auth, pk=task_id)
    return list(task.reports.all())


@router.get("/tasks/{task_id}/report-draft", response=ReportDraft, summary="本期进展（按上期预填）")
def report_draft(request, task_id: int):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    period = t.current_period(task, timezone.now())
    from .views.tasks import report_initial

    return {"period": period.key, "period_label": period.label,
            "due_on": period.due_on if task.report_period == period.key else None,
            **report_initial(task, request.auth)}


@router.post("/tasks/{task_id}/reports", response={201: ReportOut}, summary="进展反馈（本期）")
def add_report(request, task_id: int, payload: ReportIn):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    item = unprocessable(lambda: t.report(task, request.auth, t.ReportInput(**payload.dict())))
    return 201, item


def _request_out(item, kind) -> dict:
    return {"id": item.pk, "kind": kind, "state": _label(item, "state"), "task_id": item.task_id}


@router.post("/tasks/{task_id}/extensions", response={201: RequestOut}, summary="延期申请")
def request_extension(request, task_id: int, payload: ExtensionIn):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    ext = unprocessable(lambda: t.request_extension(task, request.auth, new_deadline=payload.new_deadline,
                                                     reason=payload.reason))
    return 201, _request_out(ext, "extension")


@router.post("/extensions/{ext_id}/decision", response=RequestOut, summary="延期审批（单位领导，然后督查室）")
def decide_extension(request, ext_id: int, payload: DecisionIn):
    ext = get_visible_or_404(ExtensionRequest.objects.select_related("task"), request.auth, pk=ext_id)
    unprocessable(lambda: t.decide_extension(ext, request.auth, approve=payload.approve, comment=payload.comment))
    return _request_out(ext, "extension")


@router.post("/tasks/{task_id}/coordinations", response={201: RequestOut}, summary="协调申请")
def request_coordination(request, task_id: int, payload: CoordinationIn):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    item = unprocessable(lambda: t.request_coordination(task, request.auth, leader=_user(payload.leader_id),
                                                         issue=payload.issue))
    return 201, _request_out(item, "coordination")


@router.post("/coordinations/{item_id}/answer", response=RequestOut, summary="答复协调申请")
def answer_coordination(request, item_id: int, payload: AnswerIn):
    item = get_visible_or_404(CoordinationRequest.objects.select_related("task"), request.auth, pk=item_id)
    unprocessable(lambda: t.answer_coordination(item, request.auth, reply=payload.reply))
    return _request_out(item, "coordination")


@router.post("/tasks/{task_id}/return", response={201: RequestOut}, summary="退回")
def return_task(request, task_id: int, payload: ReturnIn):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    item = unprocessable(lambda: t.return_task(task, request.auth, reason=payload.reason,
                                                suggested_unit=_unit(payload.suggested_unit_id)))
    return 201, _request_out(item, "return")


@router.post("/returns/{item_id}/decision", response=RequestOut, summary="处理退回（改派或不同意）")
def decide_return(request, item_id: int, payload: ReturnDecisionIn):
    item = get_visible_or_404(ReturnRequest.objects.select_related("task"), request.auth, pk=item_id)
    unprocessable(lambda: t.decide_return(item, request.auth, reassign_to=_unit(payload.reassign_to_id),
                                           comment=payload.comment, new_deadline=payload.new_deadline))
    return _request_out(item, "return")


@router.post("/tasks/{task_id}/completion", response={201: RequestOut}, summary="办结申请（可附佐证材料）")
def request_completion(request, task_id: int, result: Form[str], files: File[list[UploadedFile]] = None):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    item = unprocessable(lambda: t.request_completion(task, request.auth, result=result, files=files or []))
    return 201, _request_out(item, "completion")


@router.post("/completions/{item_id}/review", response=RequestOut, summary="审核办结申请（通过或驳回重办）")
def review_completion(request, item_id: int, payload: ReviewIn):
    item = get_visible_or_404(CompletionRequest.objects.select_related("task"), request.auth, pk=item_id)
    unprocessable(lambda: t.review_completion(item, request.auth, accept=payload.accept, comment=payload.comment,
                                               redo_workdays=payload.redo_workdays))
    return _request_out(item, "completion")


@router.post("/tasks/{task_id}/remind", response={201: DocOut}, summary="催办（印发催办通知）")
def remind(request, task_id: int, payload: ReasonIn):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    return 201, doc_out(unprocessable(lambda: t.remind(task, request.auth, note=payload.reason)))


@router.post("/tasks/{task_id}/escalate", response={201: DocOut}, summary="督办（印发督办通知单）")
def escalate(request, task_id: int, payload: ReasonIn):
    task = get_visible_or_404(_task_qs(), request.auth, pk=task_id)
    return 201, doc_out(unprocessable(lambda: t.escalate(task, request.auth, reason=payload.reason)))


# --- papers, overview, Excel ---------------------------------------------------------------------------
def doc_out(doc: SupervisionDoc) -> dict:
    return {"id": doc.pk, "kind": _label(doc, "kind"), "number": doc.number, "title": doc.title,
            "unit": _ref(doc.unit), "matter_id": doc.matter_id, "task_id": doc.task_id, "issued_at": doc.issued_at,
            "download": f"/api/v1/supervision/docs/{doc.pk}.docx"}


@router.get("/docs", response=list[DocOut], summary="督查文书")
def list_docs(request, kind: str = "", matter_id: int | None = None, limit: int = Query(50, ge=1, le=500),
              offset: int = Query(0, ge=0)):
    qs = SupervisionDoc.objects.restrict(request.auth).select_related("unit")
    if kind:
        qs = qs.filter(kind=kind)
    if matter_id:
        qs = qs.filter(matter_id=matter_id)
    return [doc_out(d) for d in qs[offset:offset + limit]]


@router.get("/docs/{doc_id}.docx", summary="下载督查文书（Word）")
def download_doc(request, doc_id: int):
    from .views.papers import docx_response

    doc = get_visible_or_404(SupervisionDoc, request.auth, pk=doc_id)
    audit.record("export", doc, note=f"下载{doc.get_kind_display()}", obj_repr=str(doc))
    return docx_response(documents.render(doc), documents.filename(doc))


@router.get("/bulletins/preview", response=dict, summary="督查通报预览（统计数）")
def bulletin_preview(request, start: date, end: date):
    check(request.auth, "bulletin")
    content = bulletin.build(start, end)
    return {"title": content["title"], "figures": content["figures"], "blocks": content["blocks"]}


@router.post("/bulletins", response={201: DocOut}, summary="印发督查通报")
def issue_bulletin(request, payload: PeriodIn):
    check(request.auth, "bulletin")
    content = unprocessable(lambda: bulletin.build(payload.start, payload.end))
    return 201, doc_out(documents.issue_bulletin(content, start=payload.start, end=payload.end, by=request.auth))


@router.get("/overview", response=dict, summary="督查概览：各单位、各牵头领导、逾期排行与口径")
def overview(request, year: int | None = None):
    now = timezone.now()
    units = stats.unit_rows(request.auth, year, now)
    leaders = stats.leader_rows(request.auth, year, now)
    return {
        "year": year,
        "units": [{**{k: v for k, v in r.items() if k != "unit"}, "unit": _ref(r["unit"])} for r in units],
        "leaders": [{**{k: v for k, v in r.items() if k != "leader"}, "leader": _ref(r["leader"])} for r in leaders],
        "overdue_ranking": [{"unit": _ref(e["unit"]), "count": e["count"], "days": e["days"],
                             "escalated": e["escalated"]} for e in stats.overdue_ranking(request.auth, year, now)],
        "definitions": [{"term": a, "definition": b} for a, b in stats.DEFINITIONS],
    }


@router.get("/ledger.xlsx", summary="导出台账（.xlsx，筛选同台账；layout=table 为年度任务表格式）")
def export_ledger(request, layout: str = "ledger", view: str = "matters"):
    now = timezone.now()
    flt = _filter(request)
    sheets = excel.export_sheets(flt, request.auth, now, layout="table" if layout == "table" else "ledger",
                                 view="tasks" if view == "tasks" else "matters")
    audit.record("export", None, note=f"接口导出督查台账（{flt.as_params().urlencode() or '全部'}）")
    return xlsx_response(f"督查事项台账_{timezone.localtime(now):%Y%m%d}.xlsx", sheets)


@router.get("/import/template.xlsx", summary="年度任务表导入模板")
def import_template(request) -> HttpResponse:
    return xlsx_response("督查事项年度任务表（导入模板）.xlsx", excel.template_sheets())


@router.post("/import", response={201: BulkOut, 200: dict}, summary="导入年度任务表（.xlsx，全部成功或全部不导入）")
def import_table(request, file: File[UploadedFile], dry_run: Form[bool] = False):
    result, created = excel.import_task_table(file, request.auth, dry_run=dry_run,
                                              max_bytes=settings.ZHONGSHU_IMPORT_MAX_MB * 1024 * 1024)
    if not result.ok:
        result.raise_for_errors()
    if dry_run:
        return 200, {"ok": True, "rows": len(result.rows), "warnings": result.warnings}
    return 201, {"created": len(created), "items": [{"id": m.pk, "name": m.number} for m in created]}
