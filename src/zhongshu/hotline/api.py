"""/api/v1/hotline/: the 12345 loop for other systems and scripts, with the pages' rules.

    POST /tickets                                   受理 (the hotline office's agents)
    GET  /tickets                                   tickets in scope (caller masked), {"total", "items"}
    GET  /tickets/{id}                              one ticket with its steps and extension requests
    POST /tickets/{id}/{step}                       dispatch, accept, note, return, decide-return, dispute,
                                                    rule-dispute, extension, reply, close, reject-reply,
                                                    callback, suspend, resume, reopen, merge, answer
    POST /tickets/{id}/extensions/{ext_id}/decide   延期审批

Reading is the one scoping rule (Ticket.objects.restrict: another unit's ticket is a 404); the
caller's identity follows permissions.caller_for (masked in lists; in full only for those who
may see it). Every step calls transitions.py, so permissions, state rules, clocks, notices and
the audit trail are the pages'. Refusals are {"code", "message"}: 403 forbidden, 409
transition_refused, 422 for invalid input (as the schema errors).
"""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema

from zhongshu.core.api import unprocessable
from zhongshu.core.errors import UserError
from zhongshu.org.models import OrgUnit
from zhongshu.org.scope import get_visible_or_404

from . import transitions as tr
from .intake import TicketInput, receive
from .models import Category, ExtensionRequest, KnowledgeEntry, Ticket
from .open311.serialize import latest_clocks
from .permissions import caller_for

PREFIX = "/hotline/"
router = Router(tags=["12345 热线"])


# --- schemas ------------------------------------------------------------------------------------
class Ref(Schema):
    id: int
    name: str


class Label(Schema):
    code: str
    label: str


class StepOut(Schema):
    id: int
    kind: Label
    at: datetime
    by_label: str
    unit: Ref | None
    text: str
    public: bool


class ExtensionOut(Schema):
    id: int
    days: int
    basis: str
    state: Label
    asked_at: datetime
    decided_at: datetime | None
    comment: str


class TicketOut(Schema):
    id: int
    number: str
    title: str
    description: str
    channel: Label
    caller_name: str
    caller_phone: str
    confidential: bool
    category: Ref | None
    request_type: Label
    urgency: Label
    location: str
    lat: float | None
    long: float | None
    state: Label
    received_at: datetime
    unit: Ref | None
    dispatch_basis: str
    dispatched_at: datetime | None
    dispatch_final: bool
    returns: int
    accepted_at: datetime | None
    accepted_late: bool
    accept_due_at: datetime | None
    handle_due_at: datetime | None
    reply: str
    resolution: Label | None
    replied_at: datetime | None
    replied_late: bool
    closed_at: datetime | None
    closed_how: Label | None
    satisfaction: Label | None
    callback_at: datetime | None
    round: int
    master_id: int | None
    url: str


class TicketDetail(TicketOut):
    steps: list[StepOut]
    extensions: list[ExtensionOut]
    replayed: bool = False


class TicketPage(Schema):
    total: int
    items: list[TicketOut]


class TicketIn(Schema):
    description: str
    title: str = ""
    channel: str = "phone"
    caller_name: str = ""
    caller_phone: str = ""
    confidential: bool = False
    category_id: int | None = None
    request_type: str = "consult"
    urgency: str = "normal"
    location: str = ""
    lat: float | None = None
    long: float | None = None
    received_at: datetime | None = None
    idempotency_key: str | None = None


class DispatchIn(Schema):
    unit_id: int | None = None
    category_id: int | None = None
    basis: str = ""


class TextIn(Schema):
    text: str


class ReturnIn(Schema):
    reason: str
    text: str


class DecideReturnIn(Schema):
    agree: bool
    unit_id: int | None = None
    basis: str = ""
    comment: str = ""


class RuleDisputeIn(Schema):
    unit_id: int
    ruling: str


class ExtensionIn(Schema):
    days: int
    basis: str


class DecisionIn(Schema):
    approve: bool
    comment: str = ""


class ReplyIn(Schema):
    reply: str
    resolution: str


class ReasonIn(Schema):
    reason: str


class CallbackIn(Schema):
    satisfaction: str | None = None
    unit_at_fault: bool = False
    note: str = ""
    reached: bool = True


class MergeIn(Schema):
    into_id: int


class AnswerIn(Schema):
    reply: str
    knowledge_id: int | None = None


# --- serialisation ----------------------------------------------------------------------------------
def _ref(obj, name: str = "name") -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": getattr(obj, name, "") or str(obj)}


def _label(obj, field: str) -> dict | None:
    if not getattr(obj, field):
        return None
    return {"code": getattr(obj, field), "label": getattr(obj, f"get_{field}_display")()}


def _due(known, ticket, kind):
    clock = known.get((ticket.pk, kind))
    return clock.due_at if clock is not None and clock.is_open else None


def ticket_out(ticket: Ticket, user, *, in_list: bool, clocks: dict | None = None) -> dict:
    """`clocks`: the latest clocks of a page of tickets (open311.serialize.latest_clocks)."""
    known = clocks if clocks is not None else latest_clocks([ticket], (tr.ACCEPT_KIND, tr.HANDLE_KIND))
    name, phone = caller_for(user, ticket, in_list=in_list)
    return {
        "id": ticket.pk, "number": ticket.number or "", "title": ticket.title, "description": ticket.description,
        "channel": _label(ticket, "channel"), "caller_name": name, "caller_phone": phone,
        "confidential": ticket.confidential, "category": _ref(ticket.category, "full_name"),
        "request_type": _label(ticket, "request_type"), "urgency": _label(ticket, "urgency"),
        "location": ticket.location, "lat": ticket.lat, "long": ticket.long, "state": _label(ticket, "state"),
        "received_at": ticket.received_at, "unit": _ref(ticket.unit), "dispatch_basis": ticket.dispatch_basis,
        "dispatched_at": ticket.dispatched_at, "dispatch_final": ticket.dispatch_final, "returns": ticket.returns,
        "accepted_at": ticket.accepted_at, "accepted_late": ticket.accepted_late,
        "accept_due_at": _due(known, ticket, tr.ACCEPT_KIND), "handle_due_at": _due(known, ticket, tr.HANDLE_KIND),
        "reply": ticket.reply, "resolution": _label(ticket, "resolution"), "replied_at": ticket.replied_at,
        "replied_late": ticket.replied_late, "closed_at": ticket.closed_at, "closed_how": _label(ticket, "closed_how"),
        "satisfaction": _label(ticket, "satisfaction"), "callback_at": ticket.callback_at, "round": ticket.round,
        "master_id": ticket.master_id, "url": ticket.get_absolute_url(),
    }


def detail_out(ticket: Ticket, user) -> dict:
    out = ticket_out(ticket, user, in_list=False)
    out["steps"] = [{"id": s.pk, "kind": _label(s, "kind"), "at": s.at, "by_label": s.by_label, "unit": _ref(s.unit),
                     "text": s.text, "public": s.public}
                    for s in ticket.steps.select_related("unit").order_by("at", "id")]
    out["extensions"] = [{"id": e.pk, "days": e.days, "basis": e.basis, "state": _label(e, "state"),
                          "asked_at": e.asked_at, "decided_at": e.decided_at, "comment": e.comment}
                         for e in ticket.extensions.order_by("asked_at", "id")]
    out["replayed"] = bool(getattr(ticket, "replayed", False))
    return out


def _qs():
    return Ticket.objects.select_related("category", "unit")


def _one(request, pk) -> Ticket:
    return get_visible_or_404(_qs(), request.auth, pk=pk)


def _unit(pk):
    if pk is None:
        return None
    unit = OrgUnit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        raise UserError(f"单位不存在：{pk}", code="invalid_unit", status=422)
    return unit


def _category(pk):
    if pk is None:
        return None
    cat = Category.objects.filter(pk=pk, active=True).first()
    if cat is None:
        raise UserError(f"分类不存在：{pk}", code="invalid_category", status=422)
    return cat


def _step(request, ticket_id, fn):
    ticket = _one(request, ticket_id)
    unprocessable(lambda: fn(ticket))
    return detail_out(_one(request, ticket_id), request.auth)


# --- tickets ----------------------------------------------------------------------------------------
@router.post("/tickets", response={200: TicketDetail, 201: TicketDetail}, summary="受理工单")
def create_ticket(request, payload: TicketIn):
    """201 for a new ticket; 200 with `replayed: true` when `idempotency_key` was already used."""
    data = TicketInput(description=payload.description, title=payload.title, channel=payload.channel,
                       caller_name=payload.caller_name, caller_phone=payload.caller_phone,
                       confidential=payload.confidential, category=_category(payload.category_id),
                       request_type=payload.request_type, urgency=payload.urgency, location=payload.location,
                       lat=payload.lat, long=payload.long, received_at=payload.received_at)
    ticket = unprocessable(lambda: receive(data, by=request.auth, idempotency_key=payload.idempotency_key))
    out = detail_out(_one(request, ticket.pk), request.auth)
    out["replayed"] = ticket.replayed
    return (200 if ticket.replayed else 201), out


@router.get("/tickets", response=TicketPage, summary="工单列表（权限范围内，来电人脱敏）")
def list_tickets(request, state: str = "", unit_id: int | None = None, category_id: int | None = None,
                 number: str = "", limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    qs = _qs().restrict(request.auth)
    if state:
        qs = qs.filter(state__in=[s for s in state.split(",") if s])
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    if number:
        qs = qs.filter(number=number)
    page = list(qs.order_by("-received_at", "-id")[offset:offset + limit])
    known = latest_clocks(page, (tr.ACCEPT_KIND, tr.HANDLE_KIND))
    return {"total": qs.count(), "items": [ticket_out(t, request.auth, in_list=True, clocks=known) for t in page]}


@router.get("/tickets/{ticket_id}", response=TicketDetail, summary="工单详情")
def get_ticket(request, ticket_id: int):
    return detail_out(_one(request, ticket_id), request.auth)


@router.post("/tickets/{ticket_id}/dispatch", response=TicketDetail, summary="派单")
def dispatch(request, ticket_id: int, payload: DispatchIn):
    return _step(request, ticket_id, lambda t: tr.dispatch(
        t, request.auth, unit=_unit(payload.unit_id), category=_category(payload.category_id), basis=payload.basis))


@router.post("/tickets/{ticket_id}/accept", response=TicketDetail, summary="签收")
def accept(request, ticket_id: int):
    return _step(request, ticket_id, lambda t: tr.accept(t, request.auth))


@router.post("/tickets/{ticket_id}/note", response=TicketDetail, summary="办理记录")
def note(request, ticket_id: int, payload: TextIn):
    return _step(request, ticket_id, lambda t: tr.note(t, request.auth, payload.text))


@router.post("/tickets/{ticket_id}/return", response=TicketDetail, summary="退单")
def return_ticket(request, ticket_id: int, payload: ReturnIn):
    return _step(request, ticket_id, lambda t: tr.return_ticket(t, request.auth, reason=payload.reason,
                                                                text=payload.text))


@router.post("/tickets/{ticket_id}/decide-return", response=TicketDetail, summary="审核退单")
def decide_return(request, ticket_id: int, payload: DecideReturnIn):
    return _step(request, ticket_id, lambda t: tr.decide_return(
        t, request.auth, agree=payload.agree, unit=_unit(payload.unit_id), basis=payload.basis,
        comment=payload.comment))


@router.post("/tickets/{ticket_id}/dispute", response=TicketDetail, summary="提出派单异议")
def dispute(request, ticket_id: int, payload: TextIn):
    return _step(request, ticket_id, lambda t: tr.dispute(t, request.auth, text=payload.text))


@router.post("/tickets/{ticket_id}/rule-dispute", response=TicketDetail, summary="裁定派单异议")
def rule_dispute(request, ticket_id: int, payload: RuleDisputeIn):
    return _step(request, ticket_id, lambda t: tr.rule_dispute(t, request.auth, unit=_unit(payload.unit_id),
                                                               ruling=payload.ruling))


@router.post("/tickets/{ticket_id}/extension", response={201: TicketDetail}, summary="申请延期")
def request_extension(request, ticket_id: int, payload: ExtensionIn):
    return 201, _step(request, ticket_id, lambda t: tr.request_extension(t, request.auth, days=payload.days,
                                                                         basis=payload.basis))


@router.post("/tickets/{ticket_id}/extensions/{ext_id}/decide", response=TicketDetail, summary="延期审批")
def decide_extension(request, ticket_id: int, ext_id: int, payload: DecisionIn):
    ticket = _one(request, ticket_id)
    ext = ExtensionRequest.objects.filter(pk=ext_id, ticket=ticket).first()
    if ext is None:
        raise UserError("延期申请不存在", code="not_found", status=404)
    unprocessable(lambda: tr.decide_extension(ext, request.auth, approve=payload.approve, comment=payload.comment))
    return detail_out(_one(request, ticket_id), request.auth)


@router.post("/tickets/{ticket_id}/reply", response=TicketDetail, summary="答复市民")
def reply(request, ticket_id: int, payload: ReplyIn):
    return _step(request, ticket_id, lambda t: tr.reply(t, request.auth, reply=payload.reply,
                                                        resolution=payload.resolution))


@router.post("/tickets/{ticket_id}/close", response=TicketDetail, summary="审核办结")
def close(request, ticket_id: int):
    return _step(request, ticket_id, lambda t: tr.close(t, request.auth))


@router.post("/tickets/{ticket_id}/reject-reply", response=TicketDetail, summary="退回重办")
def reject_reply(request, ticket_id: int, payload: ReasonIn):
    return _step(request, ticket_id, lambda t: tr.reject_reply(t, request.auth, reason=payload.reason))


@router.post("/tickets/{ticket_id}/callback", response=TicketDetail, summary="回访")
def callback(request, ticket_id: int, payload: CallbackIn):
    return _step(request, ticket_id, lambda t: tr.callback(
        t, request.auth, satisfaction=payload.satisfaction, unit_at_fault=payload.unit_at_fault, note=payload.note,
        reached=payload.reached))


@router.post("/tickets/{ticket_id}/suspend", response=TicketDetail, summary="挂起")
def suspend(request, ticket_id: int, payload: ReasonIn):
    return _step(request, ticket_id, lambda t: tr.suspend(t, request.auth, reason=payload.reason))


@router.post("/tickets/{ticket_id}/resume", response=TicketDetail, summary="恢复办理")
def resume(request, ticket_id: int):
    return _step(request, ticket_id, lambda t: tr.resume(t, request.auth))


@router.post("/tickets/{ticket_id}/reopen", response=TicketDetail, summary="重开")
def reopen(request, ticket_id: int, payload: ReasonIn):
    return _step(request, ticket_id, lambda t: tr.reopen(t, request.auth, reason=payload.reason))


@router.post("/tickets/{ticket_id}/merge", response=TicketDetail, summary="并单")
def merge(request, ticket_id: int, payload: MergeIn):
    return _step(request, ticket_id, lambda t: tr.merge(t, request.auth, into=_one(request, payload.into_id)))


@router.post("/tickets/{ticket_id}/answer", response=TicketDetail, summary="直接答复")
def answer(request, ticket_id: int, payload: AnswerIn):
    def run(t):
        knowledge = None
        if payload.knowledge_id is not None:
            knowledge = KnowledgeEntry.objects.filter(pk=payload.knowledge_id, active=True).first()
            if knowledge is None:
                raise UserError(f"知识库条目不存在：{payload.knowledge_id}", code="invalid_knowledge", status=422)
        tr.answer(t, request.auth, reply=payload.reply, knowledge=knowledge)
    return _step(request, ticket_id, run)
