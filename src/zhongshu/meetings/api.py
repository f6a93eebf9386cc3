"""/api/v1/meetings/: meetings and 传达 for other systems (a leaders' dashboard, a unit's OA).

    GET /              meetings the caller sees (state, kind; limit, offset)
    GET /{id}          one meeting: agenda, attendance, 纪要, 议定事项 with their matters, 传达
    GET /relays        传达 the caller sees (open=true: not yet reported), with their due moments
    POST /attendances/{id}/reply   回执 of an invitation (参会, 请假 with the reason, 委托代会 with who)
    POST /relays/{id}/relay        登记传达: when, how and to whom the meeting spirit was relayed
    POST /relays/{id}/report       学习传达情况报告

The writes are the units' side (a unit's own OA may send them); they run the same transitions as the
pages: a role or unit that may not answers 403, a state that does not allow it 409, bad input 422.

Scoped by the one rule (org.scope): a unit sees the meetings it is involved in and its own 传达;
another unit's id answers 404; the 纪要 and 议定事项 reach a unit only once issued; the three
administrators are refused (403).
"""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema

from zhongshu.core.api import unprocessable
from zhongshu.core.errors import UserError
from zhongshu.org.scope import get_visible_or_404

from .permissions import USE_REFUSED, may_use

router = Router(tags=["会议"])


def _refuse_admins(request):
    if not may_use(request.auth):
        raise UserError(USE_REFUSED, code="forbidden", status=403)


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    name: str
    state: str
    state_label: str
    starts_at: datetime
    place: str
    chair: str
    url: str


class MeetingPage(Schema):
    total: int
    items: list[MeetingOut]


class RelayOut(Schema):
    id: int
    meeting_id: int
    meeting: str
    unit_id: int
    unit: str
    state: str
    state_label: str
    relay_due_at: datetime | None
    report_due_at: datetime | None
    relayed_on: datetime | None
    method: str
    audience: str
    relayed_late: bool
    report: str
    reported_at: datetime | None
    reported_late: bool
    url: str


class RelayPage(Schema):
    total: int
    items: list[RelayOut]


class MeetingDetailOut(MeetingOut):
    notice_text: str
    topics: list[dict]
    attendances: list[dict]
    minutes: dict | None
    decisions: list[dict]
    relays: list[RelayOut]


def _meeting_out(m) -> dict:
    return {"id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "number": m.number, "name": m.name,
            "state": m.state, "state_label": m.get_state_display(), "starts_at": m.starts_at, "place": m.place,
            "chair": m.chair.full_name or m.chair.username, "url": m.get_absolute_url()}


def _relay_out(r) -> dict:
    return {"id": r.pk, "meeting_id": r.meeting_id, "meeting": r.meeting.name, "unit_id": r.unit_id,
            "unit": r.unit.name, "state": r.state, "state_label": r.get_state_display(),
            "relay_due_at": r.relay_clock.due_at if r.relay_clock_id else None,
            "report_due_at": r.report_clock.due_at if r.report_clock_id else None, "relayed_on": r.relayed_on,
            "method": r.method, "audience": r.audience, "relayed_late": r.relayed_late, "report": r.report,
            "reported_at": r.reported_at, "reported_late": r.reported_late, "url": r.get_absolute_url()}


@router.get("/", response=MeetingPage, summary="会议列表")
def list_meetings(request, state: str = "", kind: str = "", limit: int = Query(50, ge=1, le=500),
                  offset: int = Query(0, ge=0)):
    _refuse_admins(request)
    from .choices import MeetingKind, MeetingState
    from .models import Meeting

    qs = Meeting.objects.restrict(request.auth).select_related("chair")
    if state:
        if state not in MeetingState.values:
            raise UserError(f"状态不正确：{state[:20]}（可选：{'、'.join(MeetingState.values)}）", code="invalid_filter",
                            status=422)
        qs = qs.filter(state=state)
    if kind:
        if kind not in MeetingKind.values:
            raise UserError(f"会议类型不正确：{kind[:20]}", code="invalid_filter", status=422)
        qs = qs.filter(kind=kind)
    return {"total": qs.count(), "items": [_meeting_out(m) for m in qs[offset:offset + limit]]}


@router.get("/relays", response=RelayPage, summary="会议精神传达（本单位或全部）")
def list_relays(request, open: bool = False, meeting: int | None = None, limit: int = Query(100, ge=1, le=500),
                offset: int = Query(0, ge=0)):
    _refuse_admins(request)
    from .choices import RelayState
    from .models import Relay

    qs = Relay.objects.restrict(request.auth).select_related("meeting", "unit", "relay_clock", "report_clock")
    if open:
        qs = qs.exclude(state=RelayState.REPORTED)
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    return {"total": qs.count(), "items": [_relay_out(r) for r in qs[offset:offset + limit]]}


@router.get("/{meeting_id}", response=MeetingDetailOut, summary="会议详情（议程、参会、纪要、议定事项、传达）")
def get_meeting(request, meeting_id: int):
    _refuse_admins(request)
    from zhongshu.supervision import matters_for

    from .models import Meeting, Relay

    m = get_visible_or_404(Meeting.objects.select_related("chair"), request.auth, pk=meeting_id)
    out = _meeting_out(m)
    out["notice_text"] = m.notice_text
    out["topics"] = [{"id": t.pk, "title": t.title, "unit_id": t.unit_id, "unit": t.unit.name, "state": t.state,
                      "reporter": t.reporter} for t in m.topics.select_related("unit")]
    out["attendances"] = [{"id": a.pk, "name": a.name, "unit_id": a.unit_id, "person_id": a.person_id,
                           "observer": a.observer, "reply": a.reply, "leave_reason": a.leave_reason,
                           "substitute": a.substitute, "signed_in_at": a.signed_in_at} for a in m.attendances.all()]
    from .choices import MeetingState
    from .permissions import sees_draft

    draft_visible = m.state == MeetingState.MINUTES_ISSUED or sees_draft(request.auth)
    minutes = getattr(m, "minutes", None) if hasattr(m, "minutes") and draft_visible else None
    out["minutes"] = ({"title": minutes.title, "text": minutes.text, "issue_no": minutes.issue_no,
                       "issue_text": minutes.issue_text, "issued_at": minutes.issued_at,
                       "relay_unit_ids": [u.pk for u in minutes.relay_units.all()]} if minutes else None)
    out["decisions"] = [{"id": d.pk, "seq": d.seq, "text": d.text, "lead_unit_id": d.lead_unit_id,
                         "co_unit_ids": [u.pk for u in d.co_units.all()], "deadline": d.deadline,
                         "matters": [{"id": x.pk, "number": x.number, "state": x.state, "url": x.get_absolute_url()}
                                     for x in matters_for(d)]}
                        for d in (m.decisions.prefetch_related("co_units") if draft_visible else ())]
    relays = Relay.objects.restrict(request.auth).filter(meeting=m).select_related("meeting", "unit", "relay_clock",
                                                                                    "report_clock")
    out["relays"] = [_relay_out(r) for r in relays]
    return out


# --- the units' writes ------------------------------------------------------------------------------
class ReplyIn(Schema):
    reply: str                  # attending | leave | substitute
    leave_reason: str = ""
    substitute: str = ""


class AttendanceOut(Schema):
    id: int
    meeting_id: int
    name: str
    unit_id: int | None
    reply: str
    reply_label: str
    leave_reason: str
    substitute: str
    replied_at: datetime | None


class RelayIn(Schema):
    relayed_on: datetime
    method: str                 # party_group | office_meeting | special | study | other
    audience: str


class ReportIn(Schema):
    report: str


@router.post("/attendances/{attendance_id}/reply", response=AttendanceOut, summary="填报回执")
def reply_attendance(request, attendance_id: int, payload: ReplyIn):
    _refuse_admins(request)
    from . import transitions as tr
    from .models import Attendance

    attendance = get_visible_or_404(Attendance.objects.select_related("meeting", "unit"), request.auth,
                                    pk=attendance_id)
    a = unprocessable(lambda: tr.reply(attendance, request.auth, reply=payload.reply,
                                       leave_reason=payload.leave_reason, substitute=payload.substitute))
    return {"id": a.pk, "meeting_id": a.meeting_id, "name": a.name, "unit_id": a.unit_id, "reply": a.reply,
            "reply_label": a.get_reply_display(), "leave_reason": a.leave_reason, "substitute": a.substitute,
            "replied_at": a.replied_at}


def _relay(request, relay_id: int):
    _refuse_admins(request)
    from .models import Relay

    return get_visible_or_404(Relay.objects.select_related("meeting", "unit", "relay_clock", "report_clock"),
                              request.auth, pk=relay_id)


@router.post("/relays/{relay_id}/relay", response=RelayOut, summary="登记传达（时间、方式、范围）")
def record_relay(request, relay_id: int, payload: RelayIn):
    from . import transitions as tr

    relay = _relay(request, relay_id)
    unprocessable(lambda: tr.record_relay(relay, request.auth, relayed_on=payload.relayed_on, method=payload.method,
                                          audience=payload.audience))
    return _relay_out(_relay(request, relay_id))


@router.post("/relays/{relay_id}/report", response=RelayOut, summary="报告学习传达情况")
def report_relay(request, relay_id: int, payload: ReportIn):
    from . import transitions as tr

    relay = _relay(request, relay_id)
    unprocessable(lambda: tr.report_relay(relay, request.auth, report=payload.report))
    return _relay_out(_relay(request, relay_id))
