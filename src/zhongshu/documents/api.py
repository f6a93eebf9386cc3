"""/api/v1/documents/: 拟稿检查 for other systems (an OA's drafting module, a script).

    POST /checks   {"kind": "request", "number": "示政发〔2026〕3号", "text": "…"}
                   → {"ok", "chars", "max_chars", "phrase_count", "phrase_density", "findings": [...]}

    GET /incoming             收文登记簿 as the page filters it (state, unit, year, q; limit, offset)
    GET /incoming/{id}        one document with who holds it, its 传阅 history and 办理情况
    GET /outgoing             发文 as the page filters it (state, kind, year, q; limit, offset)
    GET /outgoing/{id}        one 发文 with its current text, versions, 会签 and steps

Same rules and 套话 list as the page; the three separated administrators are refused (403).
收文 and 发文 are scoped by the one rule (org.scope): a unit sees the documents routed to it (发文:
drafted by it or sent to it for 会签), another unit's id answers 404.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Query, Router, Schema

from zhongshu.core.errors import UserError
from zhongshu.org.scope import get_visible_or_404

from . import drafts
from .permissions import REFUSED, may_check

router = Router(tags=["公文"])


class DraftIn(Schema):
    kind: str
    text: str
    number: str = ""


class FindingOut(Schema):
    code: str
    title: str
    reason: str
    start: int
    end: int
    line: int
    excerpt: str
    subject: str
    severity: str


class ReportOut(Schema):
    ok: bool
    chars: int
    max_chars: int
    phrase_count: int
    phrase_density: float
    findings: list[FindingOut]


@router.post("/checks", response=ReportOut, summary="拟稿检查")
def check_draft(request, payload: DraftIn):
    if not may_check(request.user):
        raise UserError(REFUSED, code="forbidden", status=403)
    report = drafts.check(payload.text, kind=payload.kind, number=payload.number)
    return {"ok": report.ok, "chars": report.chars, "max_chars": report.max_chars,
            "phrase_count": report.phrase_count, "phrase_density": report.phrase_density,
            "findings": [f.as_dict() for f in report.findings]}


# --- 收文 ---------------------------------------------------------------------------------------------
class MovementOut(Schema):
    kind: str
    kind_label: str
    from_label: str
    to_label: str
    to_user_id: int | None
    to_unit_id: int | None
    note: str
    sent_at: datetime
    read_at: datetime | None
    read_comment: str


class NoteOut(Schema):
    text: str
    by: str
    at: datetime


class IncomingOut(Schema):
    id: int
    number: str
    state: str
    state_label: str
    title: str
    issuer: str
    doc_number: str
    secrecy: str
    urgency: str
    written_on: date | None
    copies: int
    received_on: date
    holder: str
    holder_id: int | None
    holder_unit_id: int | None
    lead_unit_id: int | None
    co_unit_ids: list[int]
    deadline: date | None
    due_at: datetime | None
    remind_count: int
    proposal: str
    direction: str
    result: str
    url: str


class RequestOut(Schema):
    kind: str
    kind_label: str
    unit_id: int
    reason: str
    old_deadline: date | None
    new_deadline: date | None
    asked_by: str
    asked_at: datetime
    state: str
    state_label: str
    decided_by: str
    decided_at: datetime | None
    comment: str


class IncomingDetailOut(IncomingOut):
    movements: list[MovementOut]
    notes: list[NoteOut]
    requests: list[RequestOut]


class IncomingPage(Schema):
    total: int
    items: list[IncomingOut]


def _incoming_out(doc) -> dict:
    return {"id": doc.pk, "number": doc.number, "state": doc.state, "state_label": doc.get_state_display(),
            "title": doc.title, "issuer": doc.issuer, "doc_number": doc.doc_number, "secrecy": doc.secrecy,
            "urgency": doc.urgency, "written_on": doc.written_on, "copies": doc.copies, "received_on": doc.received_on,
            "holder": doc.holder_text, "holder_id": doc.holder_id, "holder_unit_id": doc.holder_unit_id,
            "lead_unit_id": doc.lead_unit_id, "co_unit_ids": [u.pk for u in doc.co_units.all()],
            "deadline": doc.deadline, "due_at": doc.clock.due_at if doc.clock_id else None,
            "remind_count": doc.remind_count, "proposal": doc.proposal, "direction": doc.direction,
            "result": doc.result, "url": doc.get_absolute_url()}


def _refuse_admins(request):
    from .permissions import may_see_incoming

    if not may_see_incoming(request.auth):
        raise UserError("收文供业务人员使用；系统管理员、安全管理员、审计管理员不处理公文", code="forbidden", status=403)


def _incoming_qs(qs):
    return qs.select_related("holder", "holder__unit", "holder_unit", "clock").prefetch_related("co_units")


@router.get("/incoming", response=IncomingPage, summary="收文登记簿（筛选、分页）")
def list_incoming(request, state: str = "", unit: int | None = None, year: int | None = None, q: str = "",
                  limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    """state: 状态代码或 open（未归档）; unit: 承办单位 id (含下级单位); year: 收文年度; q: 标题、文号、机关或收文编号."""
    _refuse_admins(request)
    from .incoming_views import filtered

    params = {k: v for k, v in {"state": state, "unit": unit, "year": year, "q": q}.items() if v not in ("", None)}
    form, qs = filtered(request.auth, params)
    if params and not form.is_valid():
        raise UserError("；".join(f"{k}：{'，'.join(v)}" for k, v in form.errors.items()), code="invalid_filter",
                        status=422)
    page = list(_incoming_qs(qs)[offset:offset + limit])
    return {"total": qs.count(), "items": [_incoming_out(d) for d in page]}


@router.get("/incoming/{doc_id}", response=IncomingDetailOut, summary="收文详情（含传阅与流转记录、办理情况、退回和延期申请）")
def get_incoming(request, doc_id: int):
    _refuse_admins(request)
    from .models import IncomingDocument

    doc = get_visible_or_404(_incoming_qs(IncomingDocument.objects.all()), request.auth, pk=doc_id)
    out = _incoming_out(doc)
    out["movements"] = [{"kind": m.kind, "kind_label": m.get_kind_display(), "from_label": m.from_label,
                         "to_label": m.to_label, "to_user_id": m.to_user_id, "to_unit_id": m.to_unit_id,
                         "note": m.note, "sent_at": m.sent_at, "read_at": m.read_at, "read_comment": m.read_comment}
                        for m in doc.movements.all()]
    out["notes"] = [{"text": n.text, "by": _person(n.by), "at": n.at} for n in doc.notes.select_related("by")]
    out["requests"] = [{"kind": r.kind, "kind_label": r.get_kind_display(), "unit_id": r.unit_id, "reason": r.reason,
                        "old_deadline": r.old_deadline, "new_deadline": r.new_deadline, "asked_by": _person(r.asked_by),
                        "asked_at": r.asked_at, "state": r.state, "state_label": r.get_state_display(),
                        "decided_by": _person(r.decided_by), "decided_at": r.decided_at, "comment": r.comment}
                       for r in doc.requests.select_related("asked_by", "decided_by")]
    return out


# --- 发文 ---------------------------------------------------------------------------------------------
class VersionOut(Schema):
    number: int
    author: str
    at: datetime
    note: str
    file_name: str
    chars: int


class CountersignOut(Schema):
    round: int
    unit_id: int
    unit: str
    state: str
    state_label: str
    opinion: str
    version: int
    by: str
    at: datetime | None


class StepOut(Schema):
    action: str
    label: str
    by: str
    at: datetime
    opinion: str


class OutgoingOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    main_to: str
    copy_to: str
    secrecy: str
    urgency: str
    state: str
    state_label: str
    drafting_unit_id: int
    series: str
    number: str
    countersign_unit_ids: list[int]
    drafted_by: str
    drafted_at: datetime
    signer: str
    signed_at: datetime | None
    issued_at: datetime | None
    url: str


class OutgoingDetailOut(OutgoingOut):
    text: str
    versions: list[VersionOut]
    countersigns: list[CountersignOut]
    steps: list[StepOut]


class OutgoingPage(Schema):
    total: int
    items: list[OutgoingOut]


def _person(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _outgoing_out(doc) -> dict:
    return {"id": doc.pk, "kind": doc.kind, "kind_label": doc.get_kind_display(), "title": doc.title,
            "main_to": doc.main_to, "copy_to": doc.copy_to, "secrecy": doc.secrecy, "urgency": doc.urgency,
            "state": doc.state, "state_label": doc.get_state_display(), "drafting_unit_id": doc.drafting_unit_id,
            "series": doc.series.code, "number": doc.number,
            "countersign_unit_ids": [u.pk for u in doc.countersign_units.all()],
            "drafted_by": _person(doc.drafted_by), "drafted_at": doc.drafted_at, "signer": _person(doc.signer),
            "signed_at": doc.signed_at, "issued_at": doc.issued_at, "url": doc.get_absolute_url()}


def _outgoing_qs(qs):
    return qs.select_related("series", "drafted_by", "signer").prefetch_related("countersign_units")


def _refuse_admins_outgoing(request):
    from .outgoing_views import REFUSED as OUTGOING_REFUSED
    from .permissions import may_see_outgoing

    if not may_see_outgoing(request.auth):
        raise UserError(OUTGOING_REFUSED, code="forbidden", status=403)


@router.get("/outgoing", response=OutgoingPage, summary="发文（筛选、分页）")
def list_outgoing(request, state: str = "", kind: str = "", year: int | None = None, q: str = "",
                  limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
    """state: 状态代码或 open（未归档）; kind: 文种代码; year: 拟稿年度; q: 标题、文号、主送机关或拟稿单位."""
    _refuse_admins_outgoing(request)
    from .outgoing_views import filtered

    params = {k: v for k, v in {"state": state, "kind": kind, "year": year, "q": q}.items() if v not in ("", None)}
    form, qs = filtered(request.auth, params)
    if params and not form.is_valid():
        raise UserError("；".join(f"{k}：{'，'.join(v)}" for k, v in form.errors.items()), code="invalid_filter",
                        status=422)
    page = list(_outgoing_qs(qs)[offset:offset + limit])
    return {"total": qs.count(), "items": [_outgoing_out(d) for d in page]}


@router.get("/outgoing/{doc_id}", response=OutgoingDetailOut, summary="发文详情（含文稿版本、会签、办理记录）")
def get_outgoing(request, doc_id: int):
    _refuse_admins_outgoing(request)
    from .models import OutgoingDocument

    doc = get_visible_or_404(_outgoing_qs(OutgoingDocument.objects.all()), request.auth, pk=doc_id)
    out = _outgoing_out(doc)
    versions = list(doc.versions.select_related("author").order_by("number"))
    out["text"] = versions[-1].text if versions else ""
    out["versions"] = [{"number": v.number, "author": _person(v.author), "at": v.at, "note": v.note,
                        "file_name": v.file_name, "chars": len(v.text)} for v in versions]
    out["countersigns"] = [{"round": c.round, "unit_id": c.unit_id, "unit": c.unit.name, "state": c.state,
                            "state_label": c.get_state_display(), "opinion": c.opinion, "version": c.version.number,
                            "by": _person(c.by), "at": c.at}
                           for c in doc.countersigns.select_related("unit", "by", "version")]
    out["steps"] = [{"action": s.action, "label": s.label, "by": _person(s.by), "at": s.at, "opinion": s.opinion}
                    for s in doc.steps.select_related("by")]
    return out
