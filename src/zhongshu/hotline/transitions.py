"""Every step of a 12345 ticket after intake (intake.py), one function each: permission, state
rule, clocks, notices, steps and trail.

    answer(t, by, reply=…, knowledge=None)           直接答复 from the knowledge base (受理 → 办结)
    dispatch(t, by, unit=None, basis="")             派单 by the 派单目录 (or by hand, with a basis)
    accept(t, by)                                    签收 (late acceptance recorded)
    note(t, by, text)                                办理记录
    return_ticket(t, by, reason=…, text=…)           退单 (reason from ReturnReason plus text)
    decide_return(t, by, agree=…, unit=…, comment)   同意 → 改派; 不同意 → back to the unit
    dispute(t, by, text)                             派单异议 after a refused 退单 → 派单异议审核
    rule_dispute(t, by, unit=…, ruling=…)            the hotline office's ruling, final
    request_extension(t, by, days=…, basis=…)        延期 (before the deadline, with basis)
    decide_extension(ext, by, approve=…, comment)
    reply(t, by, reply=…, resolution=…)              答复 the citizen (the unit's clock stops)
    close(t, by) / reject_reply(t, by, reason)        审核办结 / 退回重办
    callback(t, by, satisfaction=…, unit_at_fault=…) 回访; 不满意 through the unit's fault → 重办
    suspend(t, by, reason) / resume(t, by)           挂起 / 恢复
    reopen(t, by, reason)                            重开 a closed ticket
    merge(t, by, into=master)                        并单: answered with its master

Each runs in one transaction, takes `at=` (default now), and refuses with PermissionDenied or
TransitionRefused (Chinese reason) without changing anything.

Clocks: hotline.accept (签收) and hotline.handle (办结) start at 派单, with the limits of the
ticket's request type and urgency (limits.py); the handle clock pauses while the hotline office
holds the ticket (退单审核, 异议, 办结审核, 挂起) and completes at the moment of the unit's 答复, so
"按时办结" means the unit answered in time. hotline.callback starts at 办结.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from zhongshu import clocks, notify
from zhongshu.clocks.models import ClockState
from zhongshu.core.errors import TransitionRefused, UserError

from . import limits
from .catalogue import entry_for
from .choices import (
    AT_UNIT,
    OPEN_STATES,
    ClosedHow,
    RequestState,
    Resolution,
    ReturnReason,
    Satisfaction,
    StepKind,
    TicketState,
)
from .contacts import dispatchers, heads, unit_contacts
from .models import ExtensionRequest, Ticket, TicketStep
from .permissions import check

ACCEPT_KIND = "hotline.accept"
HANDLE_KIND = "hotline.handle"
CALLBACK_KIND = "hotline.callback"
DISPATCH_KIND = "hotline.dispatch"
TEXT_MAX = 5000


def _now(at):
    return at or timezone.now()


def _need(text, what: str, limit: int = TEXT_MAX) -> str:
    if text is None or not str(text).strip():
        raise UserError(f"请填写{what}", code="required")
    text = str(text).strip()
    if len(text) > limit:
        raise UserError(f"{what}过长：{len(text)} 字（不超过 {limit} 字）", code="too_long")
    return text


def _lock(ticket: Ticket) -> Ticket:
    fresh = Ticket.objects.select_for_update().get(pk=ticket.pk)
    ticket.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return ticket


def _refuse_unless(ticket, states, what: str):
    if ticket.state not in states:
        raise TransitionRefused(f"{ticket.get_state_display()}的工单不能{what}")


def _label(by) -> str:
    if by is None:
        return "系统"
    return getattr(by, "full_name", "") or by.get_username()


def new_step(ticket, kind, by, at, text="", *, unit=None, public=True) -> TicketStep:
    """The unsaved step (for bulk_create: the batch intake); `step` saves it."""
    return TicketStep(ticket=ticket, kind=kind, at=at, by=by, by_label=_label(by),
                      unit=unit if unit is not None else ticket.unit, text=text, public=public)


def step(ticket, kind, by, at, text="", *, unit=None, public=True) -> TicketStep:
    made = new_step(ticket, kind, by, at, text, unit=unit, public=public)
    made.save()
    return made


def _tell(users, ticket, title, body, kind):
    if users:
        notify.send(users, title=title, body=body, link=ticket.get_absolute_url(), kind=kind, source=ticket)


def _clock(ticket, kind):
    return clocks.clock_for(ticket, kind)


def _title(ticket) -> str:
    return f"{ticket.number or ''} {ticket.title}".strip()[:300]


def _pause_unit_clocks(ticket, reason, by, at):
    for kind in (ACCEPT_KIND, HANDLE_KIND):
        clock = _clock(ticket, kind)
        if clock is not None and clock.state == ClockState.RUNNING:
            clocks.pause(clock, reason, by, at=at)


def _resume_unit_clocks(ticket, by, at):
    for kind in (ACCEPT_KIND, HANDLE_KIND):
        clock = _clock(ticket, kind)
        if clock is not None and clock.state == ClockState.PAUSED:
            clocks.resume(clock, by, at=at)


def _stop_unit_clocks(ticket, reason, by, at):
    for kind in (ACCEPT_KIND, HANDLE_KIND):
        clock = _clock(ticket, kind)
        if clock is not None and clock.state in (ClockState.RUNNING, ClockState.PAUSED):
            clocks.stop(clock, reason, by, at=at)


def _end_dispatch_clock(ticket, by, at):
    clock = _clock(ticket, DISPATCH_KIND)
    if clock is not None and clock.state in (ClockState.RUNNING, ClockState.PAUSED):
        clocks.complete(clock, at=at, by=by)


def _start_unit_clocks(ticket, by, at, reason, *, accept_too=True):
    accept_limit, handle_limit = limits.limits_for(ticket.request_type, ticket.urgency)
    if accept_too:
        clocks.start_clock(ticket, kind=ACCEPT_KIND, unit=ticket.unit, title=_title(ticket), limit=accept_limit,
                           started_at=at, start_reason=reason, assigned_by=by, tracks_progress=False)
    clocks.start_clock(ticket, kind=HANDLE_KIND, unit=ticket.unit, title=_title(ticket), limit=handle_limit,
                       started_at=at, start_reason=reason, assigned_by=by)


def _start_callback_clock(ticket, by, at):
    clocks.start_clock(ticket, kind=CALLBACK_KIND, unit=ticket.unit or _office_unit(by), title=_title(ticket),
                       limit=limits.callback_limit(), started_at=at, start_reason="办结待回访", assigned_by=by,
                       tracks_progress=False)


def _office_unit(by):
    """The unit a clock of the hotline office itself is kept on (the 12345 center's own unit)."""
    if by is not None and getattr(by, "unit_id", None):
        return by.unit
    from zhongshu.org.models import OrgUnit

    return OrgUnit.objects.order_by("path").first()


# --- 直接答复 -----------------------------------------------------------------------------------
def answer(ticket: Ticket, by, *, reply: str, knowledge=None, at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "answer", ticket)
    reply = _need(reply, "答复内容")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.RECEIVED,), "直接答复")
        ticket.state, ticket.closed_how, ticket.closed_at = TicketState.CLOSED, ClosedHow.DIRECT, at
        ticket.reply, ticket.replied_at, ticket.resolution = reply, at, Resolution.EXPLAINED
        ticket.knowledge = knowledge
        ticket.save()
        step(ticket, StepKind.ANSWER, by, at, reply)
        _end_dispatch_clock(ticket, by, at)
        _start_callback_clock(ticket, by, at)
    return ticket


# --- 派单 ---------------------------------------------------------------------------------------
def dispatch(ticket: Ticket, by, *, unit=None, category=None, basis: str = "", at: datetime | None = None) -> Ticket:
    """派单 to the unit of the 派单目录 entry of the ticket's category (walking up the tree), or to
    `unit` chosen by hand — then `basis` (why this unit) is required. The entry followed and the
    basis are stored on the ticket and shown with it."""
    at = _now(at)
    check(by, "dispatch", ticket)
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.RECEIVED, TicketState.RETURNED), "派单")
        if category is not None:
            ticket.category = category
        _send_to(ticket, by, at, unit=unit, basis=basis, reason="派单")
    return ticket


def _send_to(ticket, by, at, *, unit, basis, reason, final=False):
    entry = entry_for(ticket.category) if ticket.category_id else None
    if unit is None:
        if entry is None:
            raise UserError("派单目录中没有该分类的责任单位，请选择承办单位并填写派单依据", code="no_catalogue_entry")
        unit, text = entry.unit, f"派单目录：{entry.category.full_name} → {entry.unit.name}（{entry.basis}）"
    elif entry is not None and entry.unit_id == unit.pk and not basis.strip():
        text = f"派单目录：{entry.category.full_name} → {entry.unit.name}（{entry.basis}）"
    else:
        basis = _need(basis, "派单依据（未按派单目录派单时）", 1000)
        text, entry = basis, (entry if entry is not None and entry.unit_id == unit.pk else None)
    if ticket.state == TicketState.RETURNED and ticket.return_unit_id == unit.pk and not final:
        raise TransitionRefused("同意退单后须改派其他单位；如认为原单位应当办理，请选择“不同意退单”")
    _stop_unit_clocks(ticket, reason, by, at)
    _end_dispatch_clock(ticket, by, at)
    ticket.unit, ticket.catalogue_entry, ticket.dispatch_basis = unit, entry, text
    ticket.state, ticket.dispatched_at, ticket.dispatched_by = TicketState.DISPATCHED, at, by
    ticket.accepted_at, ticket.accepted_late = None, False
    ticket.dispatch_final = ticket.dispatch_final or final
    ticket.save()
    step(ticket, StepKind.DISPATCH if not final else StepKind.RULING, by, at, text)
    _start_unit_clocks(ticket, by, at, reason)
    _tell(unit_contacts(unit.pk), ticket, f"【12345 派单】{ticket.title}",
          f"工单 {ticket.number} 已派至{unit.name}，请及时签收办理。{text}", "hotline.dispatch")


# --- the unit ---------------------------------------------------------------------------------
def accept(ticket: Ticket, by, *, at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "accept", ticket)
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.DISPATCHED,), "签收")
        clock = _clock(ticket, ACCEPT_KIND)
        ticket.state, ticket.accepted_at = TicketState.HANDLING, at
        ticket.accepted_late = bool(clock and at > clock.due_at)
        ticket.save()
        if clock is not None and clock.state in (ClockState.RUNNING, ClockState.PAUSED):
            clocks.complete(clock, at=at, by=by)
        step(ticket, StepKind.ACCEPT, by, at, "逾期签收" if ticket.accepted_late else "")
    return ticket


def note(ticket: Ticket, by, text: str, *, at: datetime | None = None) -> TicketStep:
    at = _now(at)
    check(by, "note", ticket)
    text = _need(text, "办理情况")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.HANDLING,), "记录办理情况")
        return step(ticket, StepKind.NOTE, by, at, text, public=False)


def return_ticket(ticket: Ticket, by, *, reason: str, text: str, at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "return", ticket)
    if reason not in ReturnReason.values:
        raise UserError("请选择退单原因（属地不符、权属不清、职能交叉、非政府职能、诉求信息不全、其他）", code="invalid_reason")
    text = _need(text, "退单说明")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, AT_UNIT, "退单")
        if ticket.dispatch_final:
            raise TransitionRefused("派单异议已由热线办裁定，裁定为最终结果，不能再退单")
        ticket.state, ticket.returns = TicketState.RETURNED, ticket.returns + 1
        ticket.return_reason, ticket.return_text, ticket.return_unit = reason, text, ticket.unit
        ticket.save()
        label = ReturnReason(reason).label
        step(ticket, StepKind.RETURN, by, at, f"{label}：{text}")
        _pause_unit_clocks(ticket, f"退单待审（{label}）", by, at)
        _tell(dispatchers(), ticket, f"【退单待审】{ticket.title}",
              f"{ticket.unit.name}退回工单 {ticket.number}：{label}，{text}", "hotline.return")
    return ticket


def decide_return(ticket: Ticket, by, *, agree: bool, unit=None, basis: str = "", comment: str = "",
                  at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "decide_return", ticket)
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.RETURNED,), "审核退单")
        if agree:
            if unit is None and not ticket.category_id:
                raise UserError("同意退单须选择改派的承办单位", code="unit_required")
            _send_to(ticket, by, at, unit=unit, basis=basis, reason="退单改派")
            return ticket
        comment = _need(comment, "不同意退单的理由")
        ticket.state = TicketState.HANDLING if ticket.accepted_at else TicketState.DISPATCHED
        ticket.save()
        step(ticket, StepKind.REFUSE_RETURN, by, at, comment)
        _resume_unit_clocks(ticket, by, at)
        _tell(unit_contacts(ticket.unit_id), ticket, f"【退单未同意】{ticket.title}",
              f"工单 {ticket.number} 的退单未获同意：{comment}。如有异议，可提出派单异议，由热线办裁定。",
              "hotline.return")
    return ticket


def can_dispute(ticket: Ticket) -> bool:
    return (ticket.state in AT_UNIT and not ticket.dispatch_final and ticket.return_unit_id == ticket.unit_id
            and ticket.returns > 0)


def dispute(ticket: Ticket, by, *, text: str, at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "dispute", ticket)
    text = _need(text, "异议理由")
    with transaction.atomic():
        _lock(ticket)
        if not can_dispute(ticket):
            raise TransitionRefused("只有退单未获同意的工单才能提出派单异议")
        ticket.state = TicketState.DISPUTED
        ticket.save()
        step(ticket, StepKind.DISPUTE, by, at, text)
        _pause_unit_clocks(ticket, "派单异议审核中", by, at)
        _tell(heads(), ticket, f"【派单异议】{ticket.title}", f"{ticket.unit.name}对工单 {ticket.number} 提出派单异议：{text}",
              "hotline.dispute")
    return ticket


def rule_dispute(ticket: Ticket, by, *, unit, ruling: str, at: datetime | None = None) -> Ticket:
    """The hotline office's ruling: `unit` handles the ticket, and no one may return it again."""
    at = _now(at)
    check(by, "rule_dispute", ticket)
    ruling = _need(ruling, "裁定意见")
    if unit is None:
        raise UserError("请选择裁定的承办单位", code="unit_required")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.DISPUTED,), "裁定")
        if unit.pk == ticket.unit_id:
            ticket.dispatch_final = True
            ticket.state = TicketState.HANDLING if ticket.accepted_at else TicketState.DISPATCHED
            ticket.save()
            step(ticket, StepKind.RULING, by, at, f"裁定由{unit.name}办理（最终裁定）：{ruling}")
            _resume_unit_clocks(ticket, by, at)
            _tell(unit_contacts(unit.pk), ticket, f"【异议裁定】{ticket.title}",
                  f"工单 {ticket.number} 裁定由{unit.name}办理，裁定为最终结果：{ruling}", "hotline.dispute")
        else:
            _send_to(ticket, by, at, unit=unit, basis=f"异议裁定（最终）：{ruling}", reason="异议裁定改派", final=True)
    return ticket


def request_extension(ticket: Ticket, by, *, days: int, basis: str, at: datetime | None = None) -> ExtensionRequest:
    at = _now(at)
    check(by, "request_extension", ticket)
    basis = _need(basis, "延期依据")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 30:
        raise UserError("延长的工作日须为 1 到 30 之间的整数", code="invalid_days")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.HANDLING,), "申请延期")
        clock = _clock(ticket, HANDLE_KIND)
        if clock is None or at > clock.due_at:
            raise TransitionRefused("延期须在办理时限届满前申请")
        if ticket.extensions.filter(state=RequestState.PENDING).exists():
            raise TransitionRefused("已有待审批的延期申请")
        ext = ExtensionRequest.objects.create(ticket=ticket, days=days, basis=basis, asked_by=by, asked_at=at)
        step(ticket, StepKind.EXTEND_ASK, by, at, f"申请延长 {days} 个工作日：{basis}", public=False)
        _tell(dispatchers(), ticket, f"【延期申请】{ticket.title}",
              f"{ticket.unit.name}申请工单 {ticket.number} 延长 {days} 个工作日：{basis}", "hotline.extension")
    return ext


def decide_extension(ext: ExtensionRequest, by, *, approve: bool, comment: str = "",
                     at: datetime | None = None) -> ExtensionRequest:
    at = _now(at)
    ticket = ext.ticket
    check(by, "decide_extension", ticket)
    if not approve:
        comment = _need(comment, "不同意延期的理由")
    with transaction.atomic():
        ext = ExtensionRequest.objects.select_for_update().get(pk=ext.pk)
        if ext.state != RequestState.PENDING:
            raise TransitionRefused("该延期申请已审批")
        ext.state = RequestState.APPROVED if approve else RequestState.REFUSED
        ext.decided_by, ext.decided_at, ext.comment = by, at, comment
        ext.save()
        if approve:
            clock = _clock(ticket, HANDLE_KIND)
            clocks.extend(clock, limit=clocks.Limit.workdays(ext.days), approved_by=by,
                          reason=f"延期：{ext.basis}", by=by, at=at)
        step(ticket, StepKind.EXTEND_DECIDE, by, at,
             f"{'同意' if approve else '不同意'}延期 {ext.days} 个工作日" + (f"：{comment}" if comment else ""))
        _tell(unit_contacts(ticket.unit_id), ticket, f"【延期{'已同意' if approve else '未同意'}】{ticket.title}",
              f"工单 {ticket.number} 的延期申请{'已同意' if approve else '未同意'}。{comment}", "hotline.extension")
    return ext


def reply(ticket: Ticket, by, *, reply: str, resolution: str, at: datetime | None = None) -> Ticket:
    """答复 the citizen: the unit's work ends here (its clock completes at this moment)."""
    at = _now(at)
    check(by, "reply", ticket)
    text = _need(reply, "答复内容")
    if resolution not in Resolution.values:
        raise UserError("请选择办理结果（已解决、部分解决、已解释说明、未解决）", code="invalid_resolution")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.HANDLING,), "答复")
        clock = _clock(ticket, HANDLE_KIND)
        ticket.state, ticket.reply, ticket.resolution, ticket.replied_at = TicketState.REPLIED, text, resolution, at
        ticket.replied_late = bool(clock and at > clock.due_at)
        ticket.save()
        step(ticket, StepKind.REPLY, by, at, f"{Resolution(resolution).label}：{text}")
        if clock is not None and clock.state in (ClockState.RUNNING, ClockState.PAUSED):
            clocks.complete(clock, at=at, by=by)
    return ticket


def close(ticket: Ticket, by, *, at: datetime | None = None) -> Ticket:
    """审核办结: the reply is accepted; merged tickets close with it; the callback clock starts."""
    at = _now(at)
    check(by, "close", ticket)
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.REPLIED,), "办结")
        ticket.state, ticket.closed_at, ticket.closed_how = TicketState.CLOSED, at, ClosedHow.UNIT
        ticket.save()
        step(ticket, StepKind.CLOSE, by, at)
        _start_callback_clock(ticket, by, at)
        for child in Ticket.objects.select_for_update().filter(master=ticket, state=TicketState.MERGED):
            child.state, child.closed_at, child.closed_how = TicketState.CLOSED, at, ClosedHow.MERGED
            child.reply, child.resolution, child.replied_at = ticket.reply, ticket.resolution, ticket.replied_at
            child.unit = ticket.unit
            child.save()
            step(child, StepKind.CLOSE, by, at, f"与工单 {ticket.number} 一并答复：{ticket.reply}")
            _start_callback_clock(child, by, at)
    return ticket


def reject_reply(ticket: Ticket, by, *, reason: str, at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "close", ticket)
    reason = _need(reason, "退回重办的理由")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.REPLIED,), "退回重办")
        ticket.state = TicketState.HANDLING
        ticket.save()
        step(ticket, StepKind.REJECT_REPLY, by, at, reason)
        clock = _clock(ticket, HANDLE_KIND)
        if clock is not None and clock.state == ClockState.DONE:
            clocks.reopen(clock, limits.limits_for(ticket.request_type, ticket.urgency)[1], f"退回重办：{reason}",
                          by, at=at)
        _tell(unit_contacts(ticket.unit_id), ticket, f"【退回重办】{ticket.title}",
              f"工单 {ticket.number} 的答复未通过审核：{reason}", "hotline.redo")
    return ticket


# --- 回访 ---------------------------------------------------------------------------------------
def callback(ticket: Ticket, by, *, satisfaction: str | None, unit_at_fault: bool = False, note: str = "",
             reached: bool = True, at: datetime | None = None) -> Ticket:
    """回访. Not reached: recorded, the ticket waits for another try. 不满意 through the unit's
    fault sends the ticket back to the unit (重办, a new round with a new clock)."""
    at = _now(at)
    check(by, "callback", ticket)
    note = (note or "").strip()[:TEXT_MAX]
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.CLOSED,), "回访")
        if not reached:
            step(ticket, StepKind.CALLBACK, by, at, "回访未接通" + (f"：{note}" if note else ""), public=False)
            return ticket
        if satisfaction not in Satisfaction.values:
            raise UserError("请选择回访结果（满意、基本满意、不满意）", code="invalid_satisfaction")
        redo = satisfaction == Satisfaction.UNSATISFIED and unit_at_fault and ticket.unit_id is not None \
            and ticket.closed_how != ClosedHow.DIRECT
        ticket.satisfaction, ticket.callback_at, ticket.callback_note = satisfaction, at, note
        ticket.unit_at_fault = bool(unit_at_fault and satisfaction == Satisfaction.UNSATISFIED)
        ticket.state = TicketState.FINISHED
        ticket.save()
        label = Satisfaction(satisfaction).label
        step(ticket, StepKind.CALLBACK, by, at, label + (f"：{note}" if note else ""))
        clock = _clock(ticket, CALLBACK_KIND)
        if clock is not None and clock.state == ClockState.RUNNING:
            clocks.complete(clock, at=at, by=by)
        if redo:
            _redo(ticket, by, at, f"回访不满意（承办单位原因）：{note or label}")
    return ticket


def _redo(ticket, by, at, reason):
    ticket.state, ticket.round = TicketState.HANDLING, ticket.round + 1
    ticket.closed_at, ticket.closed_how, ticket.replied_at, ticket.resolution = None, "", None, ""
    ticket.save()
    step(ticket, StepKind.REDO, by, at, reason)
    _start_unit_clocks(ticket, by, at, "重办", accept_too=False)
    _tell(unit_contacts(ticket.unit_id), ticket, f"【重办】{ticket.title}",
          f"工单 {ticket.number} 回访不满意，须重新办理（第 {ticket.round} 轮）：{reason}", "hotline.redo")


# --- 挂起 / 重开 / 并单 ------------------------------------------------------------------------------
SUSPENDABLE = (TicketState.RECEIVED, TicketState.DISPATCHED, TicketState.HANDLING)


def suspend(ticket: Ticket, by, *, reason: str, at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "suspend", ticket)
    reason = _need(reason, "挂起原因")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, SUSPENDABLE, "挂起")
        ticket.suspended_from, ticket.state = ticket.state, TicketState.SUSPENDED
        ticket.save()
        step(ticket, StepKind.SUSPEND, by, at, reason)
        _pause_unit_clocks(ticket, f"挂起：{reason}", by, at)
    return ticket


def resume(ticket: Ticket, by, *, at: datetime | None = None) -> Ticket:
    at = _now(at)
    check(by, "resume", ticket)
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.SUSPENDED,), "恢复办理")
        ticket.state, ticket.suspended_from = ticket.suspended_from or TicketState.RECEIVED, ""
        ticket.save()
        step(ticket, StepKind.RESUME, by, at)
        _resume_unit_clocks(ticket, by, at)
    return ticket


def reopen(ticket: Ticket, by, *, reason: str, at: datetime | None = None) -> Ticket:
    """重开 a closed or finished ticket (the citizen calls again about the same problem): back to
    the unit that handled it, a new round with a new clock; a directly answered one goes back to 派单."""
    at = _now(at)
    check(by, "reopen", ticket)
    reason = _need(reason, "重开原因")
    with transaction.atomic():
        _lock(ticket)
        _refuse_unless(ticket, (TicketState.CLOSED, TicketState.FINISHED), "重开")
        clock = _clock(ticket, CALLBACK_KIND)
        if clock is not None and clock.state == ClockState.RUNNING:
            clocks.stop(clock, "工单重开", by, at=at)
        step(ticket, StepKind.REOPEN, by, at, reason)
        if ticket.unit_id is None or ticket.closed_how == ClosedHow.DIRECT:
            ticket.state, ticket.round, ticket.closed_at, ticket.closed_how = TicketState.RECEIVED, ticket.round + 1, \
                None, ""
            ticket.save()
        else:
            _redo(ticket, by, at, f"重开：{reason}")
    return ticket


def merge(ticket: Ticket, by, *, into: Ticket, at: datetime | None = None) -> Ticket:
    """并单: `ticket` (a duplicate) is answered together with `into`; its clocks stop."""
    at = _now(at)
    check(by, "merge", ticket)
    if into is None or into.pk == ticket.pk:
        raise UserError("请选择要并入的另一张工单", code="invalid_master")
    with transaction.atomic():
        _lock(ticket)
        _lock(into)
        _refuse_unless(ticket, (TicketState.RECEIVED, TicketState.DISPATCHED, TicketState.HANDLING), "并单")
        if into.state not in OPEN_STATES or into.state == TicketState.MERGED:
            raise TransitionRefused(f"工单 {into.number} {into.get_state_display()}，不能并入")
        _stop_unit_clocks(ticket, f"并入工单 {into.number}", by, at)
        _end_dispatch_clock(ticket, by, at)
        ticket.state, ticket.master = TicketState.MERGED, into
        ticket.save()
        step(ticket, StepKind.MERGE, by, at, f"并入工单 {into.number}，一并办理答复")
        step(into, StepKind.MERGE, by, at, f"并入重复工单 {ticket.number}", public=False)
    return ticket
