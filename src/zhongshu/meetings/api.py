"""/api/v1/meetings/: meetings and 传达 for other systems (a leaders' dashboard, a unit's OA).

    GET /              meetings the caller sees (state, kind; limit, offset)
    GET /{id}          one meeting: agenda, attendance, 纪要, 议定事项 with their matters, 传达
    GET /relays        传达 the caller sees (open=true: not yet reported), with their due moments

Scoped by the one rule (org.scope): a unit sees the meetings it is involved in and its own 传达;
another unit's id answers 404; the 纪要 and 议定事项 reach a unit only once issued; the three
administrators are refused (403).
"""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema

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
