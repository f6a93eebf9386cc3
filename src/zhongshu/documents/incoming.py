"""收文: every step of an incoming document as one function — permission, state rule, clock,
notices, trail.

    doc = receive(clerk, issuer="示例市交通运输局", title="关于……的请示", copies=2)    签收
    register(doc, clerk, Registration(...), scans=[upload])                          登记 (收文编号)
    review(doc, clerk, accept=True) / review(doc, clerk, accept=False, reason="…")    初审 / 退文
    propose(doc, clerk, opinion="建议呈陈市长阅示", leader=mayor, unit=traffic)         拟办 (呈批)
    direct(doc, mayor, opinion="请市交通局办理", lead_unit=traffic, deadline=None)     批办 (承办, clock)
    circulate(doc, by, to=vice, note="请刘副市长阅")  /  read(doc, vice, comment="已阅") 传阅 / 圈阅
    handle(doc, liaison, text="已组织现场踏勘")  /  complete(doc, liaison, result="…")   承办 / 办结
    remind(doc, clerk, note="请加快")                                                  催办 by a person
    ask(doc, liaison, kind="extend", reason="…", until=date(…)) / ask(…, kind="decline")  申请延期 / 退回
    decide(req, clerk, approve=True, comment="")                                      审批 the request
    archive(doc, clerk, retention="30y")                                              归档

States (choices.IncomingState): 已签收待登记 → 待初审 → (已退文 | 待拟办) → 待批办 → (承办中 | 已办结待归档
for a document to be read only) → 已办结待归档 → 已归档.

Each step runs in one transaction and takes `at=` (default now). Refusals: PermissionDenied (role,
unit or not holding the paper) or TransitionRefused (state), UserError for bad input, each with a
Chinese reason; a refused call changes nothing (scans are checked before anything is written).

Where the paper is: `holder` (a person) or `holder_unit` (the 承办 unit) always says who has it;
every move is a Circulation row (签收, 呈批, 传阅, 交承办, 办结退回, 退文) with who read it when.

The 承办 clock (kind documents.handle) starts at 批办: the leader's date, or by 紧急程度
ZHONGSHU_DOCUMENTS_HANDLE_WORKDAYS (普通, 5), _URGENT_WORKDAYS (加急, 3), _EXTRA_URGENT_WORKDAYS
(特急, 1) working days; its ladder (ladders.py) gives 预警, 到期提醒, 催办 and 督办 to the unit's
联络员 and leader, the 文秘 and the leader who directed it. 办结 completes it.

Requests of the 承办单位 (IncomingRequest, one pending at a time, decided by a 文秘): 延期 asked
before the deadline for a later date (approved: the clock is extended, with who approved it and
why); 退回 when the document is not the unit's duty (approved: the clock stops, the paper goes back
to the 文秘 and the document waits for a new 拟办 — 待拟办 — and 批办; the unit no longer holds
it). Refusing either needs a reason; the unit is told either way.

Duplicates: the same 发文字号 from the same 发文机关 is registered once (normalised: blanks gone,
[] 【】 () （） around the year read as 〔〕, 第 and leading zeros of the number dropped); the second
registration is refused with the first one's 收文编号, date and title (and a UNIQUE index holds
the rule against two clerks registering at the same moment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhongshu import audit, clocks, notify
from zhongshu.clocks.limits import Limit
from zhongshu.core import numbering
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.scans import check_scans
from zhongshu.core.steps import local_day as _today
from zhongshu.core.steps import lock as _lock
from zhongshu.core.steps import need as _need
from zhongshu.core.steps import now as _now
from zhongshu.org.models import User
from zhongshu.org.roles import Role

from .choices import (
    CIRCULATING_STATES,
    CLASSIFIED,
    Channel,
    IncomingState,
    Movement,
    RequestKind,
    RequestState,
    Retention,
    Secrecy,
    Urgency,
)
from .models import Circulation, HandlingNote, IncomingDocument, IncomingRequest
from .permissions import check_incoming

KIND = "documents.handle"
NUMBER_KEY = "documents.incoming"
S = IncomingState


# --- small helpers (the shared ones: core.steps) ----------------------------------------------------

def _refuse_unless(doc, states, what: str) -> None:
    if doc.state not in states:
        raise TransitionRefused(f"{doc.get_state_display()}的收文不能{what}")


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _label(doc) -> str:
    return f"《{doc.title}》" + (f"（{doc.doc_number}）" if doc.doc_number else "")


def _send(users, title, body, doc, kind):
    notify.send(users, title=title, body=body, link=doc.get_absolute_url(), kind=kind, source=doc)


def unit_contacts(unit_ids) -> list:
    """Active 联络员 and leaders of the units (a reminder never reaches only the clerk)."""
    ids = [u for u in unit_ids if u]
    return list(User.objects.filter(unit_id__in=ids, is_active=True,
                                    role_grants__role__in=[Role.LIAISON, Role.UNIT_LEADER]).distinct())


def clerks() -> list:
    return list(User.objects.filter(is_active=True, role_grants__role=Role.DOC_CLERK).distinct())


def _move(doc, kind, by, *, to_user=None, to_unit=None, note: str = "", at, from_label: str | None = None):
    """Record one movement of the paper and make its receiver the holder."""
    to_label = _name(to_user) if to_user is not None else (to_unit.name if to_unit is not None else doc.issuer)
    Circulation.objects.create(document=doc, kind=kind, from_user=by, from_label=from_label or _name(by),
                               to_user=to_user, to_unit=to_unit, to_label=to_label[:100], note=note[:300], sent_at=at)
    doc.holder = to_user
    doc.holder_unit = to_unit if to_user is None else to_user.unit


# --- the 发文字号 key ---------------------------------------------------------------------------------
_BLANKS = re.compile(r"\s+")
_YEAR = re.compile(r"[\[【(（［〔]\s*(\d{4})\s*[\]】)）］〕]")
_SEQ = re.compile(r"〕第?0*(\d+)号")


def number_key(text: str) -> str:
    """示交发[2026]第03号 and 示交发〔2026〕3号 are the same 发文字号."""
    key = _BLANKS.sub("", text or "")
    key = _YEAR.sub(r"〔\1〕", key)
    return _SEQ.sub(r"〕\1号", key).upper()


def issuer_key(text: str) -> str:
    return _BLANKS.sub("", text or "")


def duplicate_of(issuer: str, doc_number: str, *, exclude=None) -> IncomingDocument | None:
    """The registered document (not 退文) with this 发文字号 from this 发文机关, if any."""
    key = number_key(doc_number)
    if not key:
        return None
    qs = IncomingDocument.objects.filter(issuer_key=issuer_key(issuer), number_key=key).exclude(state=S.RETURNED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.select_related("registered_by").first()


def _duplicate_error(first: IncomingDocument) -> UserError:
    when = timezone.localtime(first.registered_at or first.received_at)
    who = _name(first.registered_by or first.received_by)
    return UserError(f"重复登记：{first.issuer}的 {first.doc_number} 已于 {when:%Y-%m-%d %H:%M} 由{who}登记，"
                     f"收文编号 {first.number or '（待登记）'}《{first.title}》。同一机关的同一文号只登记一次",
                     code="duplicate", status=409)


# --- 签收 ------------------------------------------------------------------------------------------
def _copies(value) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise UserError("份数须为整数", code="invalid_copies") from None
    if not 1 <= n <= 999:
        raise UserError(f"份数须在 1 到 999 之间（填写的是 {n}）", code="invalid_copies")
    return n


def _received_on(value, at) -> date:
    day = value or _today(at)
    if not isinstance(day, date):
        raise UserError("收文日期格式不正确", code="invalid_date")
    if day > _today(at):
        raise UserError(f"收文日期 {day:%Y-%m-%d} 晚于今天（{_today(at):%Y-%m-%d}），不能登记未来的日期",
                        code="future_date")
    return day


def receive(by, *, issuer: str, title: str, copies=1, channel: str = Channel.EXCHANGE, received_on: date | None = None,
            at: datetime | None = None) -> IncomingDocument:
    """签收: the paper arrives; the clerk who signs for it holds it."""
    at = _now(at)
    check_incoming(by, "receive")
    issuer, title = _need(issuer, "发文机关", 100), _need(title, "标题", 200)
    copies = _copies(copies)
    if channel not in Channel.values:
        raise UserError(f"来文方式不正确：{str(channel)[:20]}", code="invalid_channel")
    day = _received_on(received_on, at)
    with transaction.atomic(), audit.step("create", "签收"):
        doc = IncomingDocument(title=title, issuer=issuer, issuer_key=issuer_key(issuer), copies=copies,
                               channel=channel, received_on=day, received_by=by, received_at=at, holder=by,
                               holder_unit=by.unit)
        doc.save()
        _move(doc, Movement.RECEIVE, by, to_user=by, at=at, from_label=issuer)
    return doc


# --- 登记 ------------------------------------------------------------------------------------------
@dataclass
class Registration:
    title: str
    issuer: str
    doc_number: str = ""
    secrecy: str = Secrecy.NONE
    urgency: str = Urgency.NORMAL
    written_on: date | None = None
    copies: int = 1
    received_on: date | None = None
    channel: str = Channel.EXCHANGE
    summary: str = ""


def validate_registration(data: Registration, at: datetime) -> list[str]:
    """Every problem of the registration at once (the form shows them all)."""
    errors = []
    today = _today(at)
    for value, what, limit in ((data.title, "标题", 200), (data.issuer, "发文机关", 100)):
        try:
            _need(value, what, limit)
        except UserError as exc:
            errors.append(exc.message)
    number = (data.doc_number or "").strip()
    if len(number) > 60:
        errors.append("发文字号过长（不超过 60 字）")
    elif number and not re.search(r"\d", number):
        errors.append(f"发文字号“{number[:30]}”中没有序号，应如 示交发〔2026〕3号；来文无文号的不填")
    if data.secrecy not in Secrecy.values:
        errors.append(f"密级不正确：{str(data.secrecy)[:20]}")
    elif data.secrecy in CLASSIFIED and not settings.ZHONGSHU_DOCUMENTS_CLASSIFIED_ALLOWED:
        errors.append(f"{Secrecy(data.secrecy).label}级公文属于国家秘密，不得在非涉密信息系统中登记和处理，"
                      "请按涉密载体管理规定线下登记办理")
    if data.urgency not in Urgency.values:
        errors.append(f"紧急程度不正确：{str(data.urgency)[:20]}")
    if data.channel not in Channel.values:
        errors.append(f"来文方式不正确：{str(data.channel)[:20]}")
    try:
        _copies(data.copies)
    except UserError as exc:
        errors.append(exc.message)
    received = data.received_on
    if not isinstance(received, date):
        errors.append("请填写收文日期")
    elif received > today:
        errors.append(f"收文日期 {received:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}），不能登记未来的日期")
    written = data.written_on
    if not isinstance(written, date):
        errors.append("请填写成文日期")
    elif written > today:
        errors.append(f"成文日期 {written:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}），请核对来文落款日期")
    elif isinstance(received, date) and written > received:
        errors.append(f"成文日期 {written:%Y-%m-%d} 晚于收文日期 {received:%Y-%m-%d}，请核对")
    elif written.year < 1949:
        errors.append(f"成文日期 {written:%Y-%m-%d} 不正确，请核对")
    if len(data.summary or "") > 2000:
        errors.append("内容摘要过长（不超过 2000 字）")
    return errors


def register(doc: IncomingDocument, by, data: Registration, *, scans=(), at: datetime | None = None):
    """登记 (or correct the registration before 初审): the eight items, the scans, a 收文编号."""
    at = _now(at)
    check_incoming(by, "register", doc)
    errors = validate_registration(data, at)
    if errors:
        raise UserError("；".join(errors), code="invalid_registration", details=errors)
    from zhongshu.core.files import attach, attachments_for

    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.RECEIVED, S.REGISTERED), "登记")
        check_scans(scans, required=not attachments_for(doc, "scan").exists())
        first = duplicate_of(data.issuer, data.doc_number, exclude=doc)
        if first is not None:
            raise _duplicate_error(first)
        new = doc.state == S.RECEIVED
        doc.title, doc.issuer, doc.issuer_key = data.title.strip(), data.issuer.strip(), issuer_key(data.issuer)
        doc.doc_number = (data.doc_number or "").strip()
        doc.number_key = number_key(doc.doc_number)
        doc.secrecy, doc.urgency, doc.channel = data.secrecy, data.urgency, data.channel
        doc.written_on, doc.received_on, doc.copies = data.written_on, data.received_on, _copies(data.copies)
        doc.summary = (data.summary or "").strip()
        if new:
            year = _today(at).year
            doc.year, doc.seq = year, numbering.next_number(NUMBER_KEY, year)
            doc.number = f"{year}-{doc.seq:04d}"
            doc.state, doc.registered_by, doc.registered_at = S.REGISTERED, by, at
        try:
            with transaction.atomic(), audit.step("transition" if new else "update", "登记" if new else "修改登记"):
                doc.save()
        except IntegrityError:  # the same 文号 registered by someone else at this very moment
            first = duplicate_of(data.issuer, data.doc_number, exclude=doc)
            raise _duplicate_error(first) if first else UserError("登记未完成，请重试", code="conflict", status=409)
        with audit.step("create", "上传来文扫描件"):
            for upload in scans or ():
                if upload:
                    attach(doc, upload, by=by, purpose="scan")
    return doc


# --- 初审 ------------------------------------------------------------------------------------------
def review(doc: IncomingDocument, by, *, accept: bool, reason: str = "", at: datetime | None = None):
    """初审: in order (待拟办), or 退文 with the reasons (it should not have come here)."""
    at = _now(at)
    check_incoming(by, "review", doc)
    if not accept:
        reason = _need(reason, "退文理由", 1000)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.REGISTERED,), "初审")
        doc.reviewed_by, doc.reviewed_at = by, at
        if accept:
            with audit.step("transition", "初审通过"):
                doc.state = S.REVIEWED
                doc.save()
        else:
            with audit.step("transition", f"退文：{reason}"[:200]):
                _move(doc, Movement.SEND_BACK, by, note=reason, at=at)
                doc.state, doc.return_reason = S.RETURNED, reason
                doc.holder, doc.holder_unit = None, None
                doc.save()
    return doc


# --- 拟办 ------------------------------------------------------------------------------------------
def _leader(user, what: str):
    if user is None or not user.is_active or not user.has_role(Role.CITY_LEADER):
        raise UserError(f"请选择{what}（须为市领导）", code="invalid_leader")
    return user


def propose(doc: IncomingDocument, by, *, opinion: str, leader, unit=None, at: datetime | None = None):
    """拟办: the clerk's proposal and the leader it goes to for 批办 (who then holds it)."""
    at = _now(at)
    check_incoming(by, "propose", doc)
    opinion = _need(opinion, "拟办意见", 1000)
    leader = _leader(leader, "呈批领导")
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.REVIEWED,), "拟办")
        with audit.step("transition", "拟办"):
            doc.proposal, doc.proposed_by, doc.proposed_at = opinion, by, at
            doc.proposed_leader, doc.proposed_unit = leader, unit
            _move(doc, Movement.SUBMIT, by, to_user=leader, note=opinion, at=at)
            doc.state = S.PROPOSED
            doc.save()
    _send([leader], f"【请批办】{doc.title}",
          f"{doc.issuer}来文{_label(doc)}（收文编号 {doc.number}，{doc.get_urgency_display()}）呈请批办。拟办意见：{opinion}",
          doc, "documents.propose")
    return doc


# --- 批办 ------------------------------------------------------------------------------------------
def handle_limit(urgency: str) -> Limit:
    days = {Urgency.URGENT: settings.ZHONGSHU_DOCUMENTS_URGENT_WORKDAYS,
            Urgency.EXTRA_URGENT: settings.ZHONGSHU_DOCUMENTS_EXTRA_URGENT_WORKDAYS}.get(
        urgency, settings.ZHONGSHU_DOCUMENTS_HANDLE_WORKDAYS)
    return Limit.workdays(int(days))


def direct(doc: IncomingDocument, by, *, opinion: str, lead_unit=None, co_units=(), deadline: date | None = None,
           at: datetime | None = None):
    """批办: the leader's instruction. With a 主办单位 the document goes to it for 承办 (协办单位
    see it too) and the clock starts; without one it is for reading only (阅知) and is done."""
    at = _now(at)
    check_incoming(by, "direct", doc)
    opinion = _need(opinion, "批办意见", 1000)
    co_units = [u for u in dict.fromkeys(co_units or ()) if u is not None]
    if lead_unit is None and (co_units or deadline):
        raise UserError("请选择主办单位（只阅知、不需办理的，不选承办单位和办理时限）", code="lead_unit_required")
    if lead_unit is not None and any(u.pk == lead_unit.pk for u in co_units):
        raise UserError(f"{lead_unit.name}已是主办单位，不能同时作为协办单位", code="invalid_unit")
    if deadline is not None and deadline < _today(at):
        raise UserError(f"办理时限 {deadline:%Y-%m-%d} 早于今天，请重新选择", code="invalid_deadline")
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.PROPOSED,), "批办")
        check_incoming(by, "direct", doc)  # the paper may have moved meanwhile
        doc.direction, doc.directed_by, doc.directed_at = opinion, by, at
        if lead_unit is None:
            with audit.step("transition", "批办：阅知"):
                doc.state, doc.completed_at, doc.completed_by = S.DONE, at, by
                doc.save()
            return doc
        with audit.step("transition", f"批办：{lead_unit.short_name or lead_unit.name}承办"):
            doc.lead_unit = lead_unit
            doc.clock = clocks.start_clock(doc, kind=KIND, unit=lead_unit, title=f"收文办理：{doc.title}"[:300],
                                           limit=Limit.on(deadline) if deadline else handle_limit(doc.urgency),
                                           started_at=at, start_reason="批办", assigned_by=by, leader=by,
                                           tracks_progress=False)
            doc.deadline = timezone.localtime(doc.clock.due_at).date()
            _move(doc, Movement.ASSIGN, by, to_unit=lead_unit, note=opinion, at=at)
            doc.state = S.HANDLING
            doc.save()
            doc.co_units.set(co_units)
    names = lead_unit.name + (f"（协办：{'、'.join(u.short_name or u.name for u in co_units)}）" if co_units else "")
    _send(unit_contacts([lead_unit.pk, *(u.pk for u in co_units)]), f"【收文承办】{doc.title}",
          f"{_name(by)}批办{_label(doc)}：{opinion}。主办：{names}，请于 {doc.deadline:%Y-%m-%d} 前办结。", doc,
          "documents.direct")
    _send(clerks(), f"【已批办】{doc.title}", f"{_name(by)}批办：{opinion}（主办：{names}）", doc, "documents.direct")
    return doc


# --- 传阅 ------------------------------------------------------------------------------------------
def circulate(doc: IncomingDocument, by, *, to, note: str = "", at: datetime | None = None):
    """传阅: the holder (or a 文秘) passes the paper to a leader or back to a 文秘."""
    at = _now(at)
    check_incoming(by, "circulate", doc)
    if to is None or not to.is_active or not to.has_role(Role.CITY_LEADER, Role.DOC_CLERK):
        raise UserError("传阅对象须为市领导或文秘", code="invalid_receiver")
    note = (note or "").strip()
    if len(note) > 300:
        raise UserError("附言过长（不超过 300 字）", code="too_long")
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, CIRCULATING_STATES, "传阅")
        check_incoming(by, "circulate", doc)  # the paper may have moved meanwhile
        if doc.holder_id == to.pk:
            raise TransitionRefused(f"文件已在{_name(to)}手中")
        with audit.step("transition", f"传阅：{_name(by)} → {_name(to)}"):
            _move(doc, Movement.CIRCULATE, by, to_user=to, note=note, at=at)
            doc.save()
    _send([to], f"【传阅】{doc.title}", f"{_name(by)}送来{_label(doc)}请您阅{('：' + note) if note else ''}。", doc,
          "documents.circulate")
    return doc


def read(doc: IncomingDocument, by, *, comment: str = "", at: datetime | None = None):
    """圈阅: the leader holding the paper records that he has read it (with a remark)."""
    at = _now(at)
    check_incoming(by, "read", doc)
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise UserError("阅示意见过长（不超过 300 字）", code="too_long")
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, CIRCULATING_STATES, "圈阅")
        check_incoming(by, "read", doc)  # the paper may have moved meanwhile
        row = doc.movements.filter(to_user=by).order_by("-sent_at", "-id").first()
        if row is None:
            raise TransitionRefused("该文件未送您阅")
        if row.read_at:
            raise TransitionRefused(f"您已于 {timezone.localtime(row.read_at):%Y-%m-%d %H:%M} 阅毕")
        with audit.step("transition", "圈阅" + (f"：{comment}" if comment else "")):
            row.read_at, row.read_comment = at, comment
            row.save()
    return doc


# --- 承办, 催办, 办结 -----------------------------------------------------------------------------------
def handle(doc: IncomingDocument, by, *, text: str, at: datetime | None = None) -> HandlingNote:
    """办理情况: the 主办单位 reports what it has done so far."""
    at = _now(at)
    check_incoming(by, "handle", doc)
    text = _need(text, "办理情况", 2000)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.HANDLING,), "填报办理情况")
        with audit.step("create", "填报办理情况"):
            return HandlingNote.objects.create(document=doc, text=text, by=by, at=at)


def complete(doc: IncomingDocument, by, *, result: str, files=(), at: datetime | None = None):
    """办结: the 主办单位's result (with files); the clock stops, the paper goes back to the 文秘
    who registered it for 归档, the leader who directed it is told."""
    at = _now(at)
    check_incoming(by, "complete", doc)
    result = _need(result, "办理结果", 2000)
    from zhongshu.core.files import attach, validate_upload

    files = [f for f in files or () if f]
    for upload in files:
        validate_upload(upload)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.HANDLING,), "办结")
        clock = doc.clock
        late = bool(clock and at > clock.due_at)
        with audit.step("transition", "逾期办结" if late else "办结"):
            if clock is not None and clock.is_open:
                clocks.complete(clock, at=at, by=by)
            doc.result, doc.completed_by, doc.completed_at, doc.completed_late = result, by, at, late
            for req in doc.requests.filter(state=RequestState.PENDING):   # nothing left to decide
                req.state, req.decided_at, req.comment = RequestState.WITHDRAWN, at, "收文已办结，申请自动撤回"
                req.save()
            back = doc.registered_by if doc.registered_by and doc.registered_by.is_active else None
            if back is not None:
                _move(doc, Movement.RETURN, by, to_user=back, note="办结，退文秘归档", at=at)
            doc.state = S.DONE
            doc.save()
        with audit.step("create", "办结材料"):
            for upload in files:
                attach(doc, upload, by=by, purpose="result")
    leader = [doc.directed_by] if doc.directed_by else []
    _send(leader + clerks(), f"【办结】{doc.title}",
          f"{doc.lead_unit.name}已办结{_label(doc)}{'（逾期）' if late else ''}：{result[:200]}", doc,
          "documents.complete")
    return doc


def remind(doc: IncomingDocument, by, *, note: str = "", at: datetime | None = None):
    """催办 by the 文秘: the 主办单位's 联络员 and leader are told (never only the clerk)."""
    at = _now(at)
    check_incoming(by, "remind", doc)
    note = (note or "").strip()[:300]
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.HANDLING,), "催办")
        with audit.step("remind", "催办" + (f"：{note}" if note else "")):
            doc.remind_count, doc.reminded_at = doc.remind_count + 1, at
            doc.save(update_fields=["remind_count", "reminded_at", "updated_at"])
    due = f"办理时限 {doc.deadline:%Y-%m-%d}" if doc.deadline else ""
    _send(unit_contacts([doc.lead_unit_id]), f"【催办】{doc.title}",
          f"秘书科第 {doc.remind_count} 次催办{_label(doc)}（{due}）{('：' + note) if note else ''}。请抓紧办理并及时办结。",
          doc, "documents.remind")
    return doc


# --- 申请退回 / 申请延期, and the 文秘's decision ----------------------------------------------------------
MAX_EXTENSION_DAYS = 90     # a later date more than this after the current deadline is a typing error


def ask(doc: IncomingDocument, by, *, kind: str, reason: str, until: date | None = None,
        at: datetime | None = None) -> IncomingRequest:
    """The 主办单位 asks the 文秘 to take the document back (退回) or for a later deadline (延期)."""
    at = _now(at)
    if kind not in RequestKind.values:
        raise UserError("请选择申请事项（退回或延期）", code="invalid_kind")
    check_incoming(by, kind, doc)
    reason = _need(reason, "退回理由" if kind == RequestKind.DECLINE else "延期理由", 1000)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.HANDLING,), "申请" + RequestKind(kind).label)
        pending = doc.requests.filter(state=RequestState.PENDING).first()
        if pending is not None:
            raise TransitionRefused(f"已有待审批的{pending.get_kind_display()}申请"
                                    f"（{timezone.localtime(pending.asked_at):%Y-%m-%d %H:%M}），请待文秘审批后再申请")
        if kind == RequestKind.EXTEND:
            _check_extension(doc, until, at)
        with audit.step("create", f"申请{RequestKind(kind).label}：{reason}"):
            req = IncomingRequest.objects.create(
                document=doc, kind=kind, unit=doc.lead_unit, reason=reason, asked_by=by, asked_at=at,
                old_deadline=doc.deadline, new_deadline=until if kind == RequestKind.EXTEND else None)
    what = f"申请延期至 {until:%Y-%m-%d}" if kind == RequestKind.EXTEND else "申请退回"
    _send(clerks(), f"【{RequestKind(kind).label}申请】{doc.title}",
          f"{doc.lead_unit.name}{what}{_label(doc)}：{reason}", doc, "documents.request")
    return req


def _check_extension(doc, until, at) -> None:
    clock = doc.clock
    if clock is None or not clock.is_open:
        raise TransitionRefused("该收文没有正在计时的办理时限，不能申请延期")
    if at > clock.due_at:
        raise TransitionRefused(f"办理时限 {doc.deadline:%Y-%m-%d} 已过，延期须在时限届满前申请")
    if not isinstance(until, date):
        raise UserError("请填写申请延至的日期", code="invalid_deadline")
    if until <= doc.deadline:
        raise UserError(f"申请延至的日期须晚于现办理时限 {doc.deadline:%Y-%m-%d}", code="invalid_deadline")
    if (until - doc.deadline).days > MAX_EXTENSION_DAYS:
        raise UserError(f"申请延至 {until:%Y-%m-%d} 超过现办理时限 {MAX_EXTENSION_DAYS} 天以上，请核对日期",
                        code="invalid_deadline")


def decide(req: IncomingRequest, by, *, approve: bool, comment: str = "", at: datetime | None = None):
    """The 文秘 approves or refuses a pending request (refusing needs a reason)."""
    at = _now(at)
    doc = req.document
    check_incoming(by, "decide", doc)
    comment = (comment or "").strip()
    if not approve:
        comment = _need(comment, "不同意的理由", 1000)
    elif len(comment) > 1000:
        raise UserError("审批意见过长（不超过 1000 字）", code="too_long")
    with transaction.atomic():
        _lock(doc)
        req = IncomingRequest.objects.select_for_update().get(pk=req.pk)
        if req.state != RequestState.PENDING:
            raise TransitionRefused(f"该申请已于 {timezone.localtime(req.decided_at):%Y-%m-%d %H:%M} 审批"
                                    f"（{req.get_state_display()}）")
        _refuse_unless(doc, (S.HANDLING,), "审批申请")
        kind, unit = RequestKind(req.kind), doc.lead_unit
        told = unit_contacts([unit.pk])
        verdict = "同意" if approve else "不同意"
        with audit.step("transition", f"{verdict}{kind.label}" + (f"：{comment}" if comment else "")):
            req.state = RequestState.APPROVED if approve else RequestState.REFUSED
            req.decided_by, req.decided_at, req.comment = by, at, comment
            req.save()
            if approve and kind == RequestKind.EXTEND:
                clocks.extend(doc.clock, new_due=req.new_deadline, approved_by=by, reason=req.reason, by=by, at=at)
                doc.deadline = req.new_deadline
                doc.save()
            elif approve:
                _take_back(doc, req, by, at)
    if approve and kind == RequestKind.DECLINE:
        body = f"秘书科同意{unit.name}退回{_label(doc)}，将重新拟办。"
        if doc.directed_by_id:
            _send([doc.directed_by], f"【承办单位退回】{doc.title}", f"{unit.name}退回{_label(doc)}：{req.reason}。"
                  "秘书科已同意，将重新拟办后呈批。", doc, "documents.request")
    elif approve:
        body = f"秘书科同意{_label(doc)}延期，办理时限改为 {req.new_deadline:%Y-%m-%d}。"
    else:
        body = f"秘书科不同意{_label(doc)}的{kind.label}申请：{comment}。请按原要求办理。"
    _send(told, f"【{kind.label}申请{'已同意' if approve else '未同意'}】{doc.title}", body, doc, "documents.request")
    return req


def _take_back(doc, req, by, at) -> None:
    """退回 approved: the clock stops, the paper goes back to the 文秘, the document waits for 拟办."""
    if doc.clock is not None and doc.clock.is_open:
        clocks.stop(doc.clock, f"承办单位退回：{req.reason}", by, at=at)
    _move(doc, Movement.DECLINE, req.asked_by, to_user=by, note=req.reason[:300], at=at,
          from_label=req.unit.name)
    doc.lead_unit, doc.clock, doc.deadline, doc.state = None, None, None, S.REVIEWED
    doc.save()
    doc.co_units.clear()


# --- 归档 ------------------------------------------------------------------------------------------
def archive(doc: IncomingDocument, by, *, retention: str, note: str = "", at: datetime | None = None):
    at = _now(at)
    check_incoming(by, "archive", doc)
    if retention not in Retention.values:
        raise UserError(f"请选择保管期限（{'、'.join(Retention.labels)}）", code="invalid_retention")
    note = (note or "").strip()
    if len(note) > 200:
        raise UserError("归档说明过长（不超过 200 字）", code="too_long")
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.DONE,), "归档")
        with audit.step("transition", f"归档（{Retention(retention).label}）"):
            doc.retention, doc.archive_note, doc.archived_by, doc.archived_at = retention, note, by, at
            doc.state, doc.holder, doc.holder_unit = S.ARCHIVED, None, None
            doc.save()
    return doc
