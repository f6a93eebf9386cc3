"""会议: every change of state as one function — permission, state rule, clock, notices, trail.

    topic = submit_topic(liaison, TopicInput(title=…, summary=…, leader=vice, leader_agreed=True, …),
                         materials=[upload])                               议题 with the three gate answers
    accept_topic(topic, clerk) / return_topic(topic, clerk, reason="…")    受理 / 退回 (resubmit_topic)
    meeting = plan_meeting(clerk, kind="executive", starts_at=…, place=…, chair=mayor)   第N次常务会议
    schedule(meeting, clerk, [topic])  ·  unschedule(topic, clerk)  ·  invite(meeting, clerk, units=[…], people=[…])
    send_notice(meeting, clerk, text="…")                                   会议通知 → 已通知
    reply(attendance, liaison, reply="leave", leave_reason="…")  ·  sign_in(attendance, clerk)
    hold(meeting, clerk)                                                    已召开; its 议题 已上会
    draft_minutes(meeting, clerk, title=…, text=…, relay_units=[…])  ·  add_decision(meeting, clerk, …)
    issue_minutes(meeting, clerk)          纪要 第N期; a 传达 per unit named, with its two clocks
    register_decision(decision, supervisor)                                 立项 + 交办 (督查督办)
    record_relay(relay, liaison, relayed_on=…, method=…, audience=…)  ·  report_relay(relay, liaison, report=…)
    remind_relay(relay, clerk)                                              催报 by a person

States: Meeting 筹备中 → 已通知 → 已召开 → 纪要已印发; Topic 待审核 → (已退回 → 待审核) | 已受理待上会 →
已列入议程 → 已上会; Relay 待传达 → 已传达待报告 → 已报告.

Each function runs in one transaction and takes `at=` (default now). Refusals: PermissionDenied (role
or unit, permissions.py) or TransitionRefused (state), UserError for bad input, each with a Chinese
reason; a refused call changes nothing (materials are checked before anything is written).

Clocks (seed 003): at the issue of the 纪要 each unit named gets clock kind meetings.relay, Limit.hours
(ZHONGSHU_MEETINGS_RELAY_HOURS, 24) and meetings.relay_report, Limit.workdays
(ZHONGSHU_MEETINGS_RELAY_REPORT_WORKDAYS, 2), both from the moment of issue, the chair as their
leader; ladders.py gives the reminders; recording the 传达 and the report complete them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhongshu import audit, clocks, notify
from zhongshu.clocks.limits import Limit
from zhongshu.core import numbering
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.steps import local_day as _today
from zhongshu.core.steps import lock as _lock
from zhongshu.core.steps import need as _need
from zhongshu.core.steps import now as _now
from zhongshu.core.steps import optional as _optional
from zhongshu.org.models import User
from zhongshu.org.roles import Role

from .choices import MATTER_SOURCE, MeetingKind, MeetingState, RelayMethod, RelayState, Reply, TopicState
from .materials import check_materials
from .models import Attendance, Decision, Meeting, Minutes, Relay, Topic
from .permissions import check

RELAY_KIND = "meetings.relay"
REPORT_KIND = "meetings.relay_report"
M, T, R = MeetingState, TopicState, RelayState


# --- small helpers (the shared ones: core.steps) ----------------------------------------------------

def _refuse_unless(obj, states, what: str, noun: str) -> None:
    if obj.state not in states:
        raise TransitionRefused(f"{obj.get_state_display()}的{noun}不能{what}")


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _send(users, title, body, obj, kind):
    notify.send(users, title=title, body=body, link=obj.get_absolute_url(), kind=kind, source=obj)


def unit_contacts(unit_ids) -> list:
    """Active 联络员 and leaders of the units (a notice never reaches only the clerk)."""
    ids = [u for u in unit_ids if u]
    return list(User.objects.filter(unit_id__in=ids, is_active=True,
                                    role_grants__role__in=[Role.LIAISON, Role.UNIT_LEADER]).distinct())


def clerks() -> list:
    return list(User.objects.filter(is_active=True, role_grants__role=Role.MEETING_CLERK).distinct())


def _is_leader(user) -> bool:
    return user is not None and user.is_active and user.has_role(Role.CITY_LEADER)


# --- 议题 ------------------------------------------------------------------------------------------
@dataclass
class TopicInput:
    title: str
    summary: str
    reporter: str
    leader: object
    leader_agreed: bool = False
    kind: str = MeetingKind.EXECUTIVE
    consulted_units: list = field(default_factory=list)
    consultation: str = ""
    legal_review_needed: bool = False
    legal_opinion: str = ""


def validate_topic(data: TopicInput, unit) -> list[str]:
    """Every problem of the 议题 at once (the form shows them all), the gate answers included."""
    errors = []
    for value, what, limit in ((data.title, "议题名称", 200), (data.summary, "议题说明", 5000),
                               (data.reporter, "汇报人", 50)):
        try:
            _need(value, what, limit)
        except UserError as exc:
            errors.append(exc.message)
    if data.kind not in MeetingKind.values:
        errors.append(f"拟提请会议不正确：{str(data.kind)[:20]}")
    consulted = [u for u in data.consulted_units or [] if u is not None]
    if unit is not None and any(u.pk == unit.pk for u in consulted):
        errors.append(f"征求意见单位不能是提交单位本身（{unit.name}）")
    consultation = (data.consultation or "").strip()
    if consulted and not consultation:
        errors.append("已选择征求意见单位，请填写各单位意见及采纳情况")
    if not consulted and not consultation:
        errors.append("请填写征求意见情况：选择征求意见的单位并写明其意见；不涉及其他单位的，写明“不涉及其他单位”")
    if len(consultation) > 5000:
        errors.append("征求意见情况过长（不超过 5000 字）")
    if data.legal_review_needed and not (data.legal_opinion or "").strip():
        errors.append("该议题需经合法性审查：请填写司法行政部门的合法性审查意见（审查完成后再提交）")
    if len(data.legal_opinion or "") > 5000:
        errors.append("合法性审查意见过长（不超过 5000 字）")
    if not _is_leader(data.leader):
        errors.append("请选择分管市领导")
    elif not data.leader_agreed:
        errors.append(f"议题上会须经分管市领导同意：请确认{_name(data.leader)}已同意提请会议研究")
    return errors


def _apply_topic(topic: Topic, data: TopicInput) -> None:
    topic.kind, topic.title, topic.summary = data.kind, data.title.strip(), data.summary.strip()
    topic.reporter = data.reporter.strip()
    topic.consultation = (data.consultation or "").strip()
    topic.legal_review_needed = bool(data.legal_review_needed)
    topic.legal_opinion = (data.legal_opinion or "").strip() if data.legal_review_needed else ""
    topic.leader, topic.leader_agreed = data.leader, bool(data.leader_agreed)


def submit_topic(by, data: TopicInput, *, unit=None, materials=(), at: datetime | None = None) -> Topic:
    """提交议题: the unit's topic with its materials and the three gate answers; to the 会务人员."""
    at = _now(at)
    unit = unit or by.unit
    probe = Topic(unit=unit) if unit is not None else None
    check(by, "submit_topic", probe)
    errors = validate_topic(data, unit)
    if errors:
        raise UserError("；".join(errors), code="invalid_topic", details=errors)
    check_materials(materials)
    from zhongshu.core.files import attach

    with transaction.atomic(), audit.step("create", "提交议题"):
        topic = Topic(unit=unit, submitted_by=by, submitted_at=at)
        _apply_topic(topic, data)
        topic.save()
        topic.consulted_units.set([u for u in data.consulted_units or [] if u is not None])
        for upload in materials:
            if upload:
                attach(topic, upload, by=by, purpose="material")
    _send(clerks(), f"【新议题】{topic.title}", f"{unit.name}提交议题《{topic.title}》，拟提请{topic.get_kind_display()}"
          f"研究，请审核。", topic, "meetings.topic")
    return topic


def resubmit_topic(topic: Topic, by, data: TopicInput, *, materials=(), at: datetime | None = None) -> Topic:
    """A returned 议题, corrected (with further materials), goes back to 待审核."""
    at = _now(at)
    check(by, "resubmit_topic", topic)
    errors = validate_topic(data, topic.unit)
    if errors:
        raise UserError("；".join(errors), code="invalid_topic", details=errors)
    check_materials(materials, required=False)
    from zhongshu.core.files import attach

    with transaction.atomic():
        _lock(topic)
        _refuse_unless(topic, (T.RETURNED,), "重新提交", "议题")
        with audit.step("transition", "修改后重新提交议题"):
            _apply_topic(topic, data)
            topic.state, topic.submitted_at, topic.submitted_by = T.SUBMITTED, at, by
            topic.save()
            topic.consulted_units.set([u for u in data.consulted_units or [] if u is not None])
            for upload in materials or ():
                if upload:
                    attach(topic, upload, by=by, purpose="material")
    _send(clerks(), f"【议题重新提交】{topic.title}", f"{topic.unit.name}修改后重新提交议题《{topic.title}》，请审核。",
          topic, "meetings.topic")
    return topic


def accept_topic(topic: Topic, by, *, at: datetime | None = None) -> Topic:
    at = _now(at)
    check(by, "accept_topic", topic)
    with transaction.atomic():
        _lock(topic)
        _refuse_unless(topic, (T.SUBMITTED,), "受理", "议题")
        with audit.step("transition", "受理议题"):
            topic.state, topic.decided_by, topic.decided_at, topic.return_reason = T.ACCEPTED, by, at, ""
            topic.save()
    _send(unit_contacts([topic.unit_id]), f"【议题已受理】{topic.title}",
          f"议题《{topic.title}》已受理，待安排{topic.get_kind_display()}研究。", topic, "meetings.topic")
    return topic


def return_topic(topic: Topic, by, *, reason: str, at: datetime | None = None) -> Topic:
    """退回: the topic is not ready (materials, a missing opinion …); the unit may correct it."""
    at = _now(at)
    check(by, "return_topic", topic)
    reason = _need(reason, "退回理由", 1000)
    with transaction.atomic():
        _lock(topic)
        _refuse_unless(topic, (T.SUBMITTED, T.ACCEPTED), "退回", "议题")
        with audit.step("transition", f"退回议题：{reason}"[:200]):
            topic.state, topic.decided_by, topic.decided_at, topic.return_reason = T.RETURNED, by, at, reason
            topic.save()
    _send(unit_contacts([topic.unit_id]), f"【议题退回】{topic.title}",
          f"议题《{topic.title}》被退回，理由：{reason}。请修改后重新提交。", topic, "meetings.topic")
    return topic


# --- 会议 ------------------------------------------------------------------------------------------
def plan_meeting(by, *, kind: str, starts_at: datetime, place: str, chair, subject: str = "",
                 at: datetime | None = None) -> Meeting:
    """筹备: a meeting with its number (第N次, per kind and year, never given twice)."""
    at = _now(at)
    check(by, "plan")
    errors = []
    if kind not in MeetingKind.values:
        errors.append(f"会议类型不正确：{str(kind)[:20]}")
    if not isinstance(starts_at, datetime):
        errors.append("请填写会议时间")
    elif starts_at < at - timedelta(days=1):
        errors.append(f"会议时间 {timezone.localtime(starts_at):%Y-%m-%d %H:%M} 已过，请核对")
    if not (place or "").strip():
        errors.append("请填写会议地点")
    elif len(place.strip()) > 100:
        errors.append("会议地点过长（不超过 100 字）")
    if not _is_leader(chair):
        errors.append("请选择主持会议的市领导")
    if len((subject or "").strip()) > 200:
        errors.append("会议名称过长（不超过 200 字）")
    if kind == MeetingKind.TOPIC and not (subject or "").strip():
        errors.append("专题会议请填写会议名称（研究什么）")
    if errors:
        raise UserError("；".join(errors), code="invalid_meeting", details=errors)
    year = timezone.localtime(starts_at).year
    with transaction.atomic(), audit.step("create", "筹备会议"):
        session = numbering.next_number(f"meetings.{kind}", year)
        return Meeting.objects.create(kind=kind, year=year, session=session, subject=(subject or "").strip(),
                                      starts_at=starts_at, place=place.strip(), chair=chair, created_by=by)


def _open(meeting, what: str) -> None:
    _refuse_unless(meeting, (M.PLANNED, M.NOTICED), what, "会议")


def schedule(meeting: Meeting, by, topics, *, at: datetime | None = None) -> Meeting:
    """列入议程: accepted 议题 onto the agenda, in the order given."""
    at = _now(at)
    check(by, "schedule")
    topics = [t for t in dict.fromkeys(topics or ()) if t is not None]
    if not topics:
        raise UserError("请选择要列入议程的议题", code="required")
    with transaction.atomic():
        _lock(meeting)
        _open(meeting, "安排议题")
        last = meeting.topics.order_by("-sort").values_list("sort", flat=True).first() or 0
        for i, topic in enumerate(topics, start=1):
            _lock(topic)
            if topic.state != T.ACCEPTED:
                raise TransitionRefused(f"议题《{topic.title}》{topic.get_state_display()}，只有已受理的议题可以列入议程")
            with audit.step("transition", f"列入{meeting.name}议程"):
                topic.state, topic.meeting, topic.sort = T.SCHEDULED, meeting, last + i
                topic.save()
    return meeting


def unschedule(topic: Topic, by, *, at: datetime | None = None) -> Topic:
    """撤出议程 before the meeting is held: the 议题 waits for another meeting (已受理待上会)."""
    at = _now(at)
    check(by, "schedule")
    with transaction.atomic():
        meeting = _lock(topic.meeting) if topic.meeting_id else None
        _lock(topic)
        _refuse_unless(topic, (T.SCHEDULED,), "撤出议程", "议题")
        _open(meeting, "调整议程")
        with audit.step("transition", f"撤出{meeting.name}议程"):
            topic.state, topic.meeting, topic.sort = T.ACCEPTED, None, 0
            topic.save()
    _send(unit_contacts([topic.unit_id]), f"【议题撤出议程】{topic.title}",
          f"议题《{topic.title}》已撤出{meeting.name}议程，另行安排上会。", topic, "meetings.topic")
    return topic


def invite(meeting: Meeting, by, *, units=(), people=(), observer: bool = False,
           at: datetime | None = None) -> list[Attendance]:
    """参会人员: a unit (its head, named by the unit's 回执) or a person; each once."""
    at = _now(at)
    check(by, "invite")
    units = [u for u in dict.fromkeys(units or ()) if u is not None]
    people = [p for p in dict.fromkeys(people or ()) if p is not None]
    if not units and not people:
        raise UserError("请选择参会单位或参会人员", code="required")
    made = []
    with transaction.atomic():
        _lock(meeting)
        _open(meeting, "确定参会人员")
        have_units = set(meeting.attendances.filter(person=None).values_list("unit_id", flat=True))
        have_people = set(meeting.attendances.exclude(person=None).values_list("person_id", flat=True))
        with audit.step("create", "确定参会人员"):
            for unit in units:
                if unit.pk not in have_units:
                    made.append(Attendance.objects.create(meeting=meeting, unit=unit, name=f"{unit.name}主要负责同志",
                                                          observer=observer))
            for person in people:
                if person.pk not in have_people:
                    made.append(Attendance.objects.create(meeting=meeting, person=person, unit=person.unit,
                                                          name=_name(person), observer=observer))
    return made


def send_notice(meeting: Meeting, by, *, text: str, at: datetime | None = None) -> Meeting:
    """会议通知 to every invitee (units' 联络员 and leaders, named people) and the units whose 议题
    are on the agenda (their 汇报人 prepares)."""
    at = _now(at)
    check(by, "notice")
    text = _need(text, "会议通知内容", 3000)
    with transaction.atomic():
        _lock(meeting)
        _refuse_unless(meeting, (M.PLANNED,), "发送通知", "会议")
        if not meeting.topics.exists():
            raise TransitionRefused("会议议程为空：请先安排议题")
        rows = list(meeting.attendances.all())
        if not rows:
            raise TransitionRefused("请先确定参会人员")
        with audit.step("transition", "发送会议通知"):
            meeting.notice_text, meeting.noticed_at, meeting.noticed_by = text, at, by
            meeting.state = M.NOTICED
            meeting.save()
    when = timezone.localtime(meeting.starts_at)
    agenda = "；".join(f"{i}. {t.title}" for i, t in enumerate(meeting.topics.order_by("sort"), start=1))
    units = {r.unit_id for r in rows if r.person_id is None} | set(meeting.topics.values_list("unit_id", flat=True))
    people = [r.person for r in rows if r.person_id] + unit_contacts(units) + [meeting.chair]
    _send(list({p.pk: p for p in people}.values()), f"【会议通知】{meeting.name}",
          f"定于 {when:%Y年%-m月%-d日 %H:%M} 在{meeting.place}召开{meeting.name}，{meeting.chair.full_name}主持。"
          f"议题：{agenda}。{text} 请于会前在系统中填报回执（参会、请假或委托代会）。", meeting, "meetings.notice")
    return meeting


def reply(attendance: Attendance, by, *, reply: str, leave_reason: str = "", substitute: str = "",
          at: datetime | None = None) -> Attendance:
    """回执: attending, on leave (with the reason) or a substitute (named)."""
    at = _now(at)
    check(by, "reply", attendance)
    if reply not in (Reply.ATTENDING, Reply.LEAVE, Reply.SUBSTITUTE):
        raise UserError("请选择回执：参会、请假或委托代会", code="invalid_reply")
    leave_reason = _optional(leave_reason, "请假事由", 200)
    substitute = _optional(substitute, "代会人", 50)
    if reply == Reply.LEAVE and not leave_reason:
        raise UserError("请假须写明事由", code="reason_required")
    if reply == Reply.SUBSTITUTE and not substitute:
        raise UserError("委托代会请填写代会人姓名和职务", code="substitute_required")
    with transaction.atomic():
        meeting = _lock(attendance.meeting)
        _refuse_unless(meeting, (M.NOTICED,), "填报回执", "会议")
        _lock(attendance)
        if attendance.signed_in_at:
            raise TransitionRefused(f"{attendance.name}已签到，不能再修改回执")
        with audit.step("transition", f"回执：{Reply(reply).label}"):
            attendance.reply, attendance.replied_at, attendance.replied_by = reply, at, by
            attendance.leave_reason = leave_reason if reply == Reply.LEAVE else ""
            attendance.substitute = substitute if reply == Reply.SUBSTITUTE else ""
            attendance.save()
    return attendance


def sign_in(attendance: Attendance, by, *, at: datetime | None = None) -> Attendance:
    """签到 at the door, recorded by the 会务人员 (a person on leave does not sign in)."""
    at = _now(at)
    check(by, "sign_in")
    with transaction.atomic():
        meeting = _lock(attendance.meeting)
        _refuse_unless(meeting, (M.NOTICED,), "签到", "会议")
        _lock(attendance)
        if attendance.reply == Reply.LEAVE:
            raise TransitionRefused(f"{attendance.name}已请假（{attendance.leave_reason}），不能签到；如改为参会请先修改回执")
        if attendance.signed_in_at:
            raise TransitionRefused(f"{attendance.attendee_text}已于 {timezone.localtime(attendance.signed_in_at):%H:%M} 签到")
        with audit.step("transition", f"签到：{attendance.attendee_text}"[:200]):
            attendance.signed_in_at, attendance.signed_in_by = at, by
            if attendance.reply == Reply.PENDING:
                attendance.reply = Reply.ATTENDING
            attendance.save()
    return attendance


def hold(meeting: Meeting, by, *, at: datetime | None = None) -> Meeting:
    """The meeting took place: its agenda's 议题 are 已上会; the 纪要 may be drafted."""
    at = _now(at)
    check(by, "hold")
    with transaction.atomic():
        _lock(meeting)
        _refuse_unless(meeting, (M.NOTICED,), "登记召开", "会议")
        if at < meeting.starts_at - timedelta(hours=1):
            raise TransitionRefused(f"会议定于 {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M} 召开，尚未开始")
        with audit.step("transition", "会议召开"):
            meeting.state, meeting.held_at = M.HELD, at
            meeting.save()
            for topic in meeting.topics.filter(state=T.SCHEDULED):
                topic.state = T.DISCUSSED
                topic.save()
    return meeting


# --- 纪要 and 议定事项 ------------------------------------------------------------------------------------
def draft_minutes(meeting: Meeting, by, *, title: str, text: str, relay_units=(), at: datetime | None = None) -> Minutes:
    """起草 (or revise) the 纪要 until it is issued; `relay_units` are the units that must 传达."""
    at = _now(at)
    check(by, "draft")
    title, text = _need(title, "纪要标题", 200), _need(text, "纪要正文", 20000)
    units = [u for u in dict.fromkeys(relay_units or ()) if u is not None]
    with transaction.atomic():
        _lock(meeting)
        _refuse_unless(meeting, (M.HELD,), "起草纪要", "会议")
        minutes = Minutes.objects.filter(meeting=meeting).first()
        with audit.step("update" if minutes else "create", "修改纪要" if minutes else "起草纪要"):
            if minutes is None:
                minutes = Minutes(meeting=meeting, drafted_by=by, drafted_at=at)
            minutes.title, minutes.text, minutes.drafted_by, minutes.drafted_at = title, text, by, at
            minutes.save()
            minutes.relay_units.set(units)
    return minutes


def add_decision(meeting: Meeting, by, *, text: str, lead_unit, co_units=(), deadline: date | None = None,
                 leader=None, at: datetime | None = None) -> Decision:
    """议定事项 of the meeting (before the 纪要 is issued), numbered in order."""
    at = _now(at)
    check(by, "draft")
    text = _need(text, "议定事项", 2000)
    co_units = [u for u in dict.fromkeys(co_units or ()) if u is not None]
    errors = []
    if lead_unit is None:
        errors.append("请选择牵头单位")
    elif any(u.pk == lead_unit.pk for u in co_units):
        errors.append(f"{lead_unit.name}已是牵头单位，不能同时作为配合单位")
    if deadline is not None and deadline < _today(at):
        errors.append(f"完成时限 {deadline:%Y-%m-%d} 早于今天，请核对")
    if leader is not None and not _is_leader(leader):
        errors.append("牵头领导须为市领导")
    if errors:
        raise UserError("；".join(errors), code="invalid_decision", details=errors)
    with transaction.atomic():
        _lock(meeting)
        _refuse_unless(meeting, (M.HELD,), "增加议定事项", "会议")
        seq = (meeting.decisions.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
        with audit.step("create", f"议定事项{seq}"):
            decision = Decision.objects.create(meeting=meeting, seq=seq, text=text, lead_unit=lead_unit,
                                               deadline=deadline, leader=leader)
            decision.co_units.set(co_units)
    return decision


def remove_decision(decision: Decision, by) -> None:
    check(by, "draft")
    with transaction.atomic():
        meeting = _lock(decision.meeting)
        _refuse_unless(meeting, (M.HELD,), "删除议定事项", "会议")
        with audit.step("delete", f"删除议定事项{decision.seq}"):
            decision.delete()


def relay_title(meeting: Meeting) -> str:
    return f"传达{meeting.name}精神"


def issue_minutes(meeting: Meeting, by, *, at: datetime | None = None) -> Minutes:
    """印发纪要: its 期数 (第N期, per kind and year); each unit named gets its 传达 with the 24-hour
    and the 2-working-day clocks, and is told."""
    at = _now(at)
    check(by, "issue")
    with transaction.atomic():
        _lock(meeting)
        _refuse_unless(meeting, (M.HELD,), "印发纪要", "会议")
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None:
            raise TransitionRefused("纪要尚未起草")
        units = list(minutes.relay_units.all())
        if not units:
            raise TransitionRefused("请在纪要中确定需传达会议精神的单位")
        year = _today(at).year
        with audit.step("transition", "印发纪要"):
            minutes.issue_year, minutes.issue_no = year, numbering.next_number(f"meetings.minutes.{meeting.kind}", year)
            minutes.issued_at, minutes.issued_by = at, by
            minutes.save()
            meeting.state = M.MINUTES_ISSUED
            meeting.save()
        hours, days = settings.ZHONGSHU_MEETINGS_RELAY_HOURS, settings.ZHONGSHU_MEETINGS_RELAY_REPORT_WORKDAYS
        title = relay_title(meeting)
        with audit.step("create", "下达传达任务"):
            for unit in units:
                relay = Relay.objects.create(meeting=meeting, unit=unit)
                relay.relay_clock = clocks.start_clock(
                    relay, kind=RELAY_KIND, unit=unit, title=title[:300], limit=Limit.hours(hours), started_at=at,
                    start_reason="纪要印发", assigned_by=by, leader=meeting.chair, tracks_progress=False)
                relay.report_clock = clocks.start_clock(
                    relay, kind=REPORT_KIND, unit=unit, title=f"报告{title}情况"[:300], limit=Limit.workdays(days),
                    started_at=at, start_reason="纪要印发", assigned_by=by, leader=meeting.chair,
                    tracks_progress=False)
                relay.save()
    for relay in meeting.relays.select_related("relay_clock", "report_clock", "unit"):
        _send(unit_contacts([relay.unit_id]), f"【会议精神传达】{meeting.name}",
              f"{meeting.name}纪要（{minutes.issue_text}）已印发。请{relay.unit.short_name or relay.unit.name}于 "
              f"{timezone.localtime(relay.relay_clock.due_at):%Y-%m-%d %H:%M} 前完成学习传达，"
              f"{timezone.localtime(relay.report_clock.due_at):%Y-%m-%d} 前在系统中报告学习传达情况。",
              relay, "meetings.relay")
    return minutes


def register_decision(decision: Decision, by, *, at: datetime | None = None):
    """立项: the 议定事项 becomes a 督办 matter, 交办 to its units at once, linked back here."""
    at = _now(at)
    check(by, "register")
    from zhongshu.supervision import matters_for, register_from

    with transaction.atomic():
        meeting = _lock(decision.meeting)
        _refuse_unless(meeting, (M.MINUTES_ISSUED,), "立项议定事项", "会议")
        _lock(decision)
        if decision.registered_at or matters_for(decision).exists():
            raise TransitionRefused(f"议定事项{decision.seq}已于 {timezone.localtime(decision.registered_at):%Y-%m-%d} 立项"
                                    if decision.registered_at else f"议定事项{decision.seq}已立项")
        minutes = meeting.minutes
        matter = register_from(
            decision, by=by, at=at, assign=True, title=f"{meeting.number}议定事项：{decision.text}"[:300],
            lead_unit=decision.lead_unit, co_units=list(decision.co_units.all()), deadline=decision.deadline,
            leader=decision.leader or meeting.chair, source=MATTER_SOURCE[meeting.kind],
            source_ref=f"{meeting.name}纪要（{minutes.issue_text}）"[:200], basis=decision.text)
        with audit.step("transition", "议定事项立项督办"):
            decision.registered_at, decision.registered_by = at, by
            decision.save()
    return matter


# --- 传达 ------------------------------------------------------------------------------------------
def record_relay(relay: Relay, by, *, relayed_on: datetime, method: str, audience: str,
                 at: datetime | None = None) -> Relay:
    """传达 recorded by the unit: when, how and to whom; the 24-hour clock stops."""
    at = _now(at)
    check(by, "relay", relay)
    errors = []
    if not isinstance(relayed_on, datetime):
        errors.append("请填写传达时间")
    elif relayed_on > at:
        errors.append("传达时间晚于现在，请在传达后登记")
    elif relayed_on < relay.meeting.starts_at:
        errors.append("传达时间早于会议召开，请核对")
    if method not in RelayMethod.values:
        errors.append("请选择传达方式")
    try:
        audience = _need(audience, "传达范围", 200)
    except UserError as exc:
        errors.append(exc.message)
    if errors:
        raise UserError("；".join(errors), code="invalid_relay", details=errors)
    with transaction.atomic():
        _lock(relay)
        _refuse_unless(relay, (R.PENDING,), "登记传达", "传达任务")
        clock = relay.relay_clock
        late = bool(clock and relayed_on > clock.due_at)
        with audit.step("transition", "逾时传达" if late else "传达"):
            if clock is not None and clock.is_open:
                clocks.complete(clock, at=at, by=by)
            relay.relayed_on, relay.method, relay.audience = relayed_on, method, audience
            relay.relayed_at, relay.relayed_by, relay.relayed_late = at, by, late
            relay.state = R.RELAYED
            relay.save()
    return relay


def report_relay(relay: Relay, by, *, report: str, at: datetime | None = None) -> Relay:
    """学习传达情况报告: what was relayed and how it is being carried out; the report clock stops."""
    at = _now(at)
    check(by, "report", relay)
    report = _need(report, "学习传达情况", 3000)
    with transaction.atomic():
        _lock(relay)
        if relay.state == R.PENDING:
            raise TransitionRefused("请先登记传达（时间、方式、范围），再报告传达情况")
        _refuse_unless(relay, (R.RELAYED,), "报告", "传达任务")
        clock = relay.report_clock
        late = bool(clock and at > clock.due_at)
        with audit.step("transition", "逾期报告传达情况" if late else "报告传达情况"):
            if clock is not None and clock.is_open:
                clocks.complete(clock, at=at, by=by)
            relay.report, relay.reported_at, relay.reported_by, relay.reported_late = report, at, by, late
            relay.state = R.REPORTED
            relay.save()
    _send(clerks(), f"【传达情况报告】{relay.unit.name}", f"{relay.unit.name}报告了{relay.meeting.name}精神的学习传达情况"
          f"{'（逾期）' if late else ''}：{report[:200]}", relay, "meetings.report")
    return relay


def remind_relay(relay: Relay, by, *, note: str = "", at: datetime | None = None) -> Relay:
    """催报 by the 会务人员: the unit's 联络员 and leader are told (never only the clerk)."""
    at = _now(at)
    check(by, "remind")
    note = _optional(note, "催报附言", 300)
    with transaction.atomic():
        _lock(relay)
        _refuse_unless(relay, (R.PENDING, R.RELAYED), "催报", "传达任务")
        with audit.step("remind", "催报传达情况" + (f"：{note}" if note else "")):
            relay.save(update_fields=["updated_at"])
    what = "学习传达" if relay.state == R.PENDING else "报告学习传达情况"
    _send(unit_contacts([relay.unit_id]), f"【催报】{relay_title(relay.meeting)}",
          f"请{relay.unit.name}抓紧{what}{('：' + note) if note else ''}。", relay, "meetings.remind")
    return relay
