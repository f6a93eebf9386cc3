"""/api/v1/instructions/: 领导批示 for other systems (an OA, a leader's mobile client).

    GET  /                       批示登记簿 as the page filters it (state, leader, month, q; limit, offset)
    GET  /{id}                   one 批示件 with its rounds, units, 督办 matters and 办理情况报告
    POST /                       登记 (and with "route", 转办 at once: 即批即转)      → 201
    POST /{id}/route             转办 the current round
    POST /{id}/reports           a unit's 办理情况报告 on the current round          → 201
    POST /{id}/submit            呈报 to the leader
    POST /{id}/decide            阅结 ({"close": true}) or 续批 ({"close": false, "text": "…"})

The same transitions as the pages, so the same rules: the permission table (403 with the reason),
the state rules (409), input problems (422, every one listed in "details"). Scoped by the one rule:
another unit's 批示 answers 404. A scan is uploaded on the page (multipart), not here.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Query, Router, Schema

from zhongshu.core.api import unprocessable
from zhongshu.core.errors import UserError
from zhongshu.org.models import OrgUnit, User
from zhongshu.org.scope import get_visible_or_404
from zhongshu.supervision import tasks_for

from . import transitions as tr
from .models import Instruction
from .permissions import routed_units

router = Router(tags=["领导批示"])


class RouteIn(Schema):
    lead_unit_id: int
    co_unit_ids: list[int] = []
    deadline: date | None = None
    note: str = ""


class InstructionIn(Schema):
    leader_id: int
    written_on: date
    text: str
    carrier_title: str
    carrier_ref: str = ""
    route: RouteIn | None = None


class ReportIn(Schema):
    unit_id: int
    process: str
    situation: str
    suggestions: str = ""


class SubmitIn(Schema):
    note: str = ""


class DecideIn(Schema):
    close: bool
    text: str = ""
    note: str = ""


class ReportOut(Schema):
    unit_id: int
    unit: str
    process: str
    situation: str
    suggestions: str
    by: str
    at: datetime


class TaskOut(Schema):
    id: int
    matter_id: int
    matter_number: str
    unit_id: int
    unit: str
    state: str
    state_label: str
    deadline: date | None
    url: str


class RoundOut(Schema):
    seq: int
    leader: str
    written_on: date
    text: str
    state: str
    state_label: str
    deadline: date | None
    lead_unit_id: int | None
    co_unit_ids: list[int]
    missing_unit_ids: list[int]
    tasks: list[TaskOut]
    reports: list[ReportOut]
    decision_note: str


class InstructionOut(Schema):
    id: int
    number: str
    leader_id: int
    leader: str
    written_on: date
    carrier_title: str
    carrier_ref: str
    state: str
    state_label: str
    current_round: int
    current_state: str
    url: str


class InstructionDetailOut(InstructionOut):
    rounds: list[RoundOut]


class InstructionPage(Schema):
    total: int
    items: list[InstructionOut]


def _out(inst) -> dict:
    rounds = list(inst.rounds.all())
    current = rounds[-1]
    return {"id": inst.pk, "number": inst.number, "leader_id": inst.leader_id, "leader": inst.leader.full_name,
            "written_on": inst.written_on, "carrier_title": inst.carrier_title, "carrier_ref": inst.carrier_ref,
            "state": inst.state, "state_label": inst.get_state_display(), "current_round": current.seq,
            "current_state": current.state, "url": inst.get_absolute_url()}


def _round_out(r) -> dict:
    tasks = list(tasks_for(r))
    return {"seq": r.seq, "leader": r.leader.full_name, "written_on": r.written_on, "text": r.text, "state": r.state,
            "state_label": r.get_state_display(), "deadline": r.deadline, "lead_unit_id": r.lead_unit_id,
            "co_unit_ids": [u.pk for u in r.co_units.all()],
            "missing_unit_ids": [u.pk for u in tr.missing_units(r)] if r.lead_unit_id else [],
            "tasks": [{"id": t.pk, "matter_id": t.matter_id, "matter_number": t.matter.number, "unit_id": t.unit_id,
                       "unit": t.unit.name, "state": t.state, "state_label": t.get_state_display(),
                       "deadline": t.deadline, "url": t.get_absolute_url()} for t in tasks],
            "reports": [{"unit_id": x.unit_id, "unit": x.unit.name, "process": x.process, "situation": x.situation,
                         "suggestions": x.suggestions, "by": str(x.submitted_by or ""), "at": x.submitted_at}
                        for x in r.reports.select_related("unit", "submitted_by")],
            "decision_note": r.decision_note}


def _qs():
    return Instruction.objects.select_related("leader").prefetch_related("rounds")


def _detail(request, pk) -> dict:
    inst = get_visible_or_404(_qs(), request.auth, pk=pk)
    out = _out(inst)
    out["rounds"] = [_round_out(r) for r in inst.rounds.select_related("leader").prefetch_related("co_units")]
    return out


def _current(request, pk):
    inst = get_visible_or_404(Instruction.objects.all(), request.auth, pk=pk)
    return inst.rounds.order_by("-seq").first()


def _unit(pk, what):
    unit = OrgUnit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        raise UserError(f"{what}不存在：{pk}", code="invalid_unit", status=422)
    return unit


def _route_input(payload: RouteIn) -> tr.RouteInput:
    return tr.RouteInput(lead_unit=_unit(payload.lead_unit_id, "牵头单位"),
                         co_units=[_unit(pk, "配合单位") for pk in payload.co_unit_ids if pk != payload.lead_unit_id],
                         deadline=payload.deadline, note=payload.note)


@router.get("/", response=InstructionPage, summary="批示登记簿（筛选、分页）")
def list_instructions(request, state: str = "", leader: int | None = None, month: str = "", q: str = "",
                      limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    """state: open、closed 或轮次状态代码（to_route、handling、to_submit、with_leader）; leader: 批示领导 id;
    month: 批示月份 2026-03; q: 批示内容、文件标题、登记号."""
    from .views import filtered

    params = {k: v for k, v in {"state": state, "leader": leader, "month": month, "q": q}.items() if v not in ("", None)}
    form, qs = filtered(request.auth, params)
    if params and not form.is_valid():
        raise UserError("；".join(f"{k}：{'，'.join(v)}" for k, v in form.errors.items()), code="invalid_filter",
                        status=422)
    page = list(_qs().filter(pk__in=qs.values("pk")).order_by("-written_on", "-id")[offset:offset + limit])
    return {"total": qs.count(), "items": [_out(i) for i in page]}


@router.get("/{instruction_id}", response=InstructionDetailOut, summary="批示详情（各轮批示、督办任务、办理情况报告）")
def get_instruction(request, instruction_id: int):
    return _detail(request, instruction_id)


@router.post("/", response={201: InstructionDetailOut}, summary="登记批示（可同时转办）")
def register_instruction(request, payload: InstructionIn):
    def run():
        leader = User.objects.filter(pk=payload.leader_id, is_active=True).first()
        if leader is None:
            raise UserError(f"批示领导不存在：{payload.leader_id}", code="invalid_leader", status=422)
        data = tr.InstructionInput(leader=leader, written_on=payload.written_on, text=payload.text,
                                   carrier_title=payload.carrier_title, carrier_ref=payload.carrier_ref)
        route = _route_input(payload.route) if payload.route is not None else None
        return tr.register(request.auth, data, route=route)

    inst = unprocessable(run)
    return 201, _detail(request, inst.pk)


@router.post("/{instruction_id}/route", response=InstructionDetailOut, summary="转办")
def route_instruction(request, instruction_id: int, payload: RouteIn):
    current = _current(request, instruction_id)
    unprocessable(lambda: tr.route(current, request.auth, _route_input(payload)))
    return _detail(request, instruction_id)


@router.post("/{instruction_id}/reports", response={201: InstructionDetailOut}, summary="报送办理情况")
def report_instruction(request, instruction_id: int, payload: ReportIn):
    current = _current(request, instruction_id)
    unit = next((u for u in routed_units(current) if u.pk == payload.unit_id), None)
    unprocessable(lambda: tr.report(current, request.auth, unit=unit, process=payload.process,
                                     situation=payload.situation, suggestions=payload.suggestions))
    return 201, _detail(request, instruction_id)


@router.post("/{instruction_id}/submit", response=InstructionDetailOut, summary="呈报领导")
def submit_instruction(request, instruction_id: int, payload: SubmitIn):
    current = _current(request, instruction_id)
    unprocessable(lambda: tr.submit(current, request.auth, note=payload.note))
    return _detail(request, instruction_id)


@router.post("/{instruction_id}/decide", response=InstructionDetailOut, summary="阅示：阅结或续批")
def decide_instruction(request, instruction_id: int, payload: DecideIn):
    current = _current(request, instruction_id)
    unprocessable(lambda: tr.decide(current, request.auth, close=payload.close, note=payload.note, text=payload.text))
    return _detail(request, instruction_id)
