"""发文: every step of an outgoing document as one function — permission, state rule, checks,
numbering, notices, trail.

    doc = draft(staff, Draft(kind="notice", title="关于……的通知", drafting_unit=traffic, series=s, text="…"))  拟稿 (第1稿)
    revise(doc, staff, text="…", note="改第二段") / revise(doc, staff, upload=docx)     a new version (第2稿 …)
    submit(doc, staff)                                                                送核稿
    review(doc, leader, accept=True, signer=mayor, countersign_units=[water, east])   核稿 (→ 会签 or 签发)
    review(doc, leader, accept=False, opinion="…")                                    退回修改
    countersign(doc, water_liaison, agree=True, opinion="同意")                        会签 (one unit)
    sign(doc, mayor, opinion="同意印发")  /  sign(doc, mayor, approve=False, opinion="…") 签发 / 退回
    recheck(doc, clerk)                                                               复核
    number(doc, clerk) / number(doc, clerk, typed="示政办发〔2026〕7号")                 编号 (documents.numbers)
    cancel_number(doc, clerk, reason="…")                                             作废文号 (back to 编号)
    issue(doc, clerk)                                                                 印发 (the laid-out .docx)
    archive(doc, clerk, retention="30y")                                              归档

States (choices.OutgoingState): 拟稿中 → 待核稿 → (会签中) → 待签发 → 已签发待复核 → 已复核待编号 →
已编号待印发 → 已印发待归档 → 已归档; 核稿, 会签 (不同意), 签发 and 复核 may send it back to 拟稿中.

The text: every save is a new DraftVersion (number 1, 2, 3 …, author, time, note), never edited;
the current text is the last one. It may change while 拟稿中 and 待核稿 only: what the units
countersign and the leader signs is the version they saw (Countersign.version, the 签发 step
names its version). An uploaded .docx goes through drafts.text_of_upload (damaged or disguised
files refused before anything is written).

会签: each unit asked has its clock (kind documents.countersign, ZHONGSHU_DOCUMENTS_COUNTERSIGN_WORKDAYS
working days, default 3; ladders.py gives 预警, 到期提醒 and 催办), completed when it answers and
stopped when the round ends without it.

The checks (drafts.check, 拟稿检查) run at 核稿 (their count is recorded, errors do not stop 核稿)
and at 签发: an error refuses 签发 with the list, and so does a draft 排版 cannot lay out
(layout.paper_from_draft), so that 印发 never fails on the text. 编号 takes the number through
numbers.take in the same transaction as the state change (a typed number that collides is
refused with the reason, and nothing changes); two clerks numbering at once get consecutive
numbers (the series' row lock), one document is numbered once (its row lock). 印发 lays the last
version out with the number, the 签发人 for 请示 and 报告, 抄送 and the 版记, and stores the .docx
as the document's attachment (purpose "issued").

Each step runs in one transaction and takes `at=` (default now); refusals are PermissionDenied
(role, unit, signer), TransitionRefused (state) or UserError (input), each in Chinese, and a
refused call changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhongshu import audit, clocks, notify
from zhongshu.clocks.limits import Limit
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.steps import lock as _lock
from zhongshu.core.steps import now as _now
from zhongshu.org.models import OrgUnit, User
from zhongshu.org.roles import Role

from . import drafts, numbers
from . import layout as layout_module
from .checks import KINDS
from .choices import (
    CLASSIFIED,
    EDITABLE_STATES,
    CountersignState,
    OutgoingAction,
    OutgoingState,
    Retention,
    Secrecy,
    Urgency,
)
from .incoming import clerks, unit_contacts
from .models import Countersign, DraftVersion, NumberSeries, OutgoingDocument, OutgoingStep
from .permissions import check_outgoing, countersign_units_of

S = OutgoingState
A = OutgoingAction
ISSUED_PURPOSE = "issued"
MAX_COUNTERSIGN_UNITS = 20
COUNTERSIGN_KIND = "documents.countersign"


def countersign_limit() -> Limit:
    """会签时限: ZHONGSHU_DOCUMENTS_COUNTERSIGN_WORKDAYS working days (default 3) from 送会签."""
    return Limit.workdays(int(getattr(settings, "ZHONGSHU_DOCUMENTS_COUNTERSIGN_WORKDAYS", 3)))


# --- small helpers (the shared ones: core.steps) ----------------------------------------------------

def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _text(value, what: str, limit: int, *, required: bool = False) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise UserError(f"请填写{what}", code="required")
    if len(value) > limit:
        raise UserError(f"{what}过长：{len(value)} 字（不超过 {limit} 字）", code="too_long")
    return value


def _refuse_unless(doc, states, what: str) -> None:
    if doc.state not in states:
        raise TransitionRefused(f"{doc.get_state_display()}的发文不能{what}")


def _record(doc, action, by, at, label: str = "", opinion: str = "") -> OutgoingStep:
    label = (label or OutgoingAction(action).label)[:100]
    with audit.step("transition", label):
        doc.save()
    return OutgoingStep.objects.create(document=doc, action=action, label=label, by=by, at=at, opinion=opinion)


def _send(users, title, body, doc, kind):
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    if users:
        notify.send(users, title=title, body=body, link=doc.get_absolute_url(), kind=kind, source=doc)


def _label(doc) -> str:
    return f"《{doc.title}》" + (f"（{doc.number}）" if doc.number else "")


def current(doc: OutgoingDocument) -> DraftVersion:
    version = doc.latest_version()
    if version is None:  # never: 拟稿 saves the first version with the document
        raise TransitionRefused("该发文没有文稿")
    return version


def check_report(doc: OutgoingDocument, version: DraftVersion | None = None):
    """拟稿检查 of the version (default the current one), with the document's 文号 if it has one."""
    version = version or current(doc)
    return drafts.check(version.text, kind=doc.kind, number=doc.number)


def _leader(user):
    if user is None or not user.is_active or not user.has_role(Role.CITY_LEADER):
        raise UserError("请选择签发领导（须为市领导）", code="invalid_signer")
    return user


def _units(units, drafting_unit) -> list[OrgUnit]:
    units = [u for u in dict.fromkeys(units or ()) if u is not None]
    if len(units) > MAX_COUNTERSIGN_UNITS:
        raise UserError(f"会签单位过多：{len(units)} 个（不超过 {MAX_COUNTERSIGN_UNITS} 个）", code="invalid_unit")
    if drafting_unit is not None and any(u.pk == drafting_unit.pk for u in units):
        raise UserError(f"{drafting_unit.name}是拟稿单位，不需会签", code="invalid_unit")
    return units


def _draft_text(text: str, upload) -> tuple[str, str]:
    """The text of a save (typed, or read from the .docx/.txt: refused when damaged or disguised)
    and the uploaded file's name."""
    if upload:
        from pathlib import PurePath

        text = drafts.text_of_upload(upload)
        name = PurePath(str(upload.name)).name[:200]
    else:
        name = ""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UserError("文稿为空：请填写正文或上传 .docx / .txt 文件", code="empty_draft")
    if len(text) > drafts.TEXT_MAX:
        raise UserError(f"文稿过长：{len(text)} 字符（上限 {drafts.TEXT_MAX} 字符）", code="draft_too_long")
    return text, name


# --- 拟稿 ------------------------------------------------------------------------------------------
@dataclass
class Draft:
    kind: str
    title: str
    drafting_unit: OrgUnit | None
    series: NumberSeries | None
    text: str = ""
    main_to: str = ""
    copy_to: str = ""
    secrecy: str = Secrecy.NONE
    urgency: str = Urgency.NORMAL
    countersign_units: list = field(default_factory=list)
    note: str = ""


def validate_draft(data: Draft) -> list[str]:
    """Every problem of the draft's facts at once (the form shows them all)."""
    errors = []
    if data.kind not in KINDS:
        errors.append(f"请选择文种（{'、'.join(name for name, _ in KINDS.values())}）")
    title = (data.title or "").strip()
    if not title:
        errors.append("请填写标题")
    elif len(title) > 200:
        errors.append(f"标题过长：{len(title)} 字（不超过 200 字）")
    main_to = (data.main_to or "").strip()
    if data.kind in KINDS and KINDS[data.kind][1] and not main_to:
        errors.append(f"{KINDS[data.kind][0]}须填写主送机关")
    if len(main_to) > 200:
        errors.append("主送机关过长（不超过 200 字）")
    if data.kind == "request" and re.search(r"[、，,；;]", main_to):
        errors.append(f"请示只主送一个机关（填写的是“{main_to[:40]}”），其他机关用抄送")
    if len((data.copy_to or "").strip()) > 300:
        errors.append("抄送机关过长（不超过 300 字）")
    if data.secrecy not in Secrecy.values:
        errors.append(f"密级不正确：{str(data.secrecy)[:20]}")
    elif data.secrecy in CLASSIFIED and not settings.ZHONGSHU_DOCUMENTS_CLASSIFIED_ALLOWED:
        errors.append(f"{Secrecy(data.secrecy).label}级公文属于国家秘密，不得在非涉密信息系统中拟制和处理，"
                      "请在涉密计算机上按涉密公文办理")
    if data.urgency not in Urgency.values:
        errors.append(f"紧急程度不正确：{str(data.urgency)[:20]}")
    if data.drafting_unit is None:
        errors.append("请选择拟稿单位")
    if data.series is None:
        errors.append("请选择发文字号（机关代字）")
    elif not data.series.active:
        errors.append(f"发文字号“{data.series.code}”已停用")
    if len((data.note or "").strip()) > 300:
        errors.append("修改说明过长（不超过 300 字）")
    try:
        _units(data.countersign_units, data.drafting_unit)
    except UserError as exc:
        errors.append(exc.message)
    return errors


def draft(by, data: Draft, *, upload=None, at: datetime | None = None) -> OutgoingDocument:
    """拟稿: the document with its first version (typed or uploaded)."""
    at = _now(at)
    check_outgoing(by, "draft", unit=data.drafting_unit)
    errors = validate_draft(data)
    if errors:
        raise UserError("；".join(errors), code="invalid_draft", details=errors)
    text, file_name = _draft_text(data.text, upload)
    with transaction.atomic():
        doc = OutgoingDocument(kind=data.kind, title=data.title.strip(), main_to=(data.main_to or "").strip(),
                               copy_to=(data.copy_to or "").strip(), secrecy=data.secrecy, urgency=data.urgency,
                               drafting_unit=data.drafting_unit, series=data.series, drafted_by=by, drafted_at=at)
        with audit.step("create", "拟稿"):
            doc.save()
        doc.countersign_units.set(_units(data.countersign_units, data.drafting_unit))
        DraftVersion.objects.create(document=doc, number=1, text=text, author=by, at=at,
                                    note=(data.note or "").strip() or "初稿", file_name=file_name)
        OutgoingStep.objects.create(document=doc, action=A.DRAFT, label="拟稿（第1稿）", by=by, at=at)
    return doc


def revise(doc: OutgoingDocument, by, *, text: str = "", upload=None, note: str = "",
           at: datetime | None = None) -> DraftVersion:
    """A new version of the text (拟稿中 or 待核稿): the earlier ones stay as they were."""
    at = _now(at)
    check_outgoing(by, "revise", doc)
    note = _text(note, "修改说明", 300)
    text, file_name = _draft_text(text, upload)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, EDITABLE_STATES, "修改文稿")
        last = current(doc)
        if last.text == text:
            raise UserError(f"文稿与第{last.number}稿相同，未保存新版本", code="unchanged")
        with audit.step("create", f"修改文稿（第{last.number + 1}稿）"):
            version = DraftVersion.objects.create(document=doc, number=last.number + 1, text=text, author=by, at=at,
                                                  note=note, file_name=file_name)
        OutgoingStep.objects.create(document=doc, action=A.REVISE, label=f"修改文稿（第{version.number}稿）", by=by,
                                    at=at, opinion=note)
    return version


def submit(doc: OutgoingDocument, by, *, note: str = "", at: datetime | None = None) -> OutgoingDocument:
    """送核稿: the drafter hands the current version to the drafting unit's leader or the 文秘."""
    at = _now(at)
    check_outgoing(by, "submit", doc)
    note = _text(note, "附言", 300)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.DRAFTING,), "送核稿")
        doc.state = S.REVIEWING
        _record(doc, A.SUBMIT, by, at, f"送核稿（第{current(doc).number}稿）", note)
    leaders = User.objects.filter(unit=doc.drafting_unit, is_active=True, role_grants__role=Role.UNIT_LEADER)
    _send([*leaders.distinct(), *clerks()], f"【请核稿】{doc.title}",
          f"{_name(by)}送来{doc.kind_name}{_label(doc)}请核稿{('：' + note) if note else ''}。", doc, "documents.outgoing")
    return doc


# --- 核稿 ------------------------------------------------------------------------------------------
def _send_back(doc, by, at, opinion: str, label: str):
    doc.state = S.DRAFTING
    pending = doc.countersigns.filter(round=doc.countersign_round, state=CountersignState.PENDING)
    for row in pending.select_related("unit", "clock"):
        row.state = CountersignState.CLOSED
        with audit.step("transition", f"退回修改，{row.unit.name}未会签"[:100]):
            row.save()
        if row.clock is not None and row.clock.is_open:
            clocks.stop(row.clock, f"{label}，不再会签", by, at=at)
    step = _record(doc, A.SEND_BACK, by, at, label, opinion)
    _send([doc.drafted_by], f"【退回修改】{doc.title}", f"{_name(by)}{label}：{opinion}", doc, "documents.outgoing")
    return step


def review(doc: OutgoingDocument, by, *, accept: bool, opinion: str = "", signer=None, countersign_units=None,
           at: datetime | None = None) -> OutgoingDocument:
    """核稿: passed — to the units to countersign (a new round, one row per unit) or, with none, to
    the 签发 leader chosen here; or sent back to the drafter with the opinion. The checks' count
    is recorded with the step (the page shows the findings)."""
    at = _now(at)
    check_outgoing(by, "review", doc)
    opinion = _text(opinion, "核稿意见", 500, required=not accept)
    if accept:
        signer = _leader(signer)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.REVIEWING,), "核稿")
        if not accept:
            _send_back(doc, by, at, opinion, "核稿退回修改")
            return doc
        units = _units(doc.countersign_units.all() if countersign_units is None else countersign_units,
                       doc.drafting_unit)
        version = current(doc)
        report = check_report(doc, version)
        found = (f"拟稿检查：{len(report.errors)} 个错误、{len(report.findings) - len(report.errors)} 个提示"
                 if report.findings else "拟稿检查：未发现问题")
        doc.reviewed_by, doc.reviewed_at, doc.signer = by, at, signer
        doc.countersign_units.set(units)
        if units:
            doc.countersign_round += 1
            doc.state = S.COUNTERSIGNING
            for u in units:
                with audit.step("create", f"送会签：{u.name}"[:100]):
                    row = Countersign.objects.create(document=doc, round=doc.countersign_round, unit=u,
                                                     version=version)
                    row.clock = clocks.start_clock(row, kind=COUNTERSIGN_KIND, unit=u, title=f"会签：{doc.title}"[:300],
                                                   limit=countersign_limit(), started_at=at, start_reason="送会签",
                                                   assigned_by=by, tracks_progress=False)
                    row.save(update_fields=["clock", "updated_at"])
            where = "送" + "、".join(u.short_name or u.name for u in units) + "会签"
        else:
            doc.state = S.SIGNING
            where = f"呈{_name(signer)}签发"
        _record(doc, A.REVIEW, by, at, f"核稿通过（第{version.number}稿），{where}"[:100],
                "；".join(x for x in (opinion, found) if x))
    if units:
        _send(unit_contacts([u.pk for u in units]), f"【请会签】{doc.title}",
              f"{doc.drafting_unit.name}拟稿的{doc.kind_name}{_label(doc)}请贵单位会签。", doc, "documents.outgoing")
    else:
        _send([signer], f"【请签发】{doc.title}", f"{doc.drafting_unit.name}拟稿的{doc.kind_name}{_label(doc)}已核稿，请签发。",
              doc, "documents.outgoing")
    return doc


# --- 会签 ------------------------------------------------------------------------------------------
def countersign(doc: OutgoingDocument, by, *, agree: bool, opinion: str = "", unit=None,
                at: datetime | None = None) -> Countersign:
    """会签 for one unit of the round: 同意 (the last one sends it to 签发) or 不同意 with the
    reasons (back to the drafter; the units not yet asked are closed, a new 核稿 asks again)."""
    at = _now(at)
    check_outgoing(by, "countersign", doc)
    opinion = _text(opinion, "会签意见", 500, required=not agree)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.COUNTERSIGNING,), "会签")
        rows = countersign_units_of(by, doc)
        if unit is not None:
            rows = [r for r in rows if r.unit_id == unit.pk]
        if not rows:
            raise TransitionRefused("本轮会签中没有待您单位会签的稿件" if unit is None else f"{unit.name}不在本轮待会签单位中")
        row = Countersign.objects.select_for_update().get(pk=rows[0].pk)
        row.state = CountersignState.AGREED if agree else CountersignState.DISAGREED
        row.opinion, row.by, row.at = opinion or "同意", by, at
        with audit.step("transition", f"会签：{row.unit.short_name or row.unit.name}{row.get_state_display()}"):
            row.save()
        if row.clock_id and row.clock.is_open:
            clocks.complete(row.clock, at=at, by=by)
        who = row.unit.short_name or row.unit.name
        if not agree:
            _send_back(doc, by, at, opinion, f"{who}会签不同意，退回修改")
            return row
        OutgoingStep.objects.create(document=doc, action=A.COUNTERSIGN, label=f"会签：{who}同意"[:100], by=by, at=at,
                                    opinion=row.opinion)
        done = not doc.countersigns.filter(round=doc.countersign_round, state=CountersignState.PENDING).exists()
        if done:
            doc.state = S.SIGNING
            with audit.step("transition", "会签完毕，待签发"):
                doc.save()
    if done:
        _send([doc.signer], f"【请签发】{doc.title}", f"{doc.kind_name}{_label(doc)}已会签完毕，请签发。", doc,
              "documents.outgoing")
    return row


# --- 签发 ------------------------------------------------------------------------------------------
def sign_problems(doc: OutgoingDocument, version: DraftVersion | None = None) -> list[str]:
    """What stops 签发: the checks' errors, and a text 排版 cannot lay out."""
    version = version or current(doc)
    report = check_report(doc, version)
    problems = [f"第{f.line}行 {f.title}：{f.reason}" if f.line else f"{f.title}：{f.reason}" for f in report.errors]
    try:
        layout_module.paper_from_draft(version.text, kind=doc.kind)
    except UserError as exc:
        problems.append(f"无法排版：{exc.message}")
    return problems


def sign(doc: OutgoingDocument, by, *, approve: bool = True, opinion: str = "",
         at: datetime | None = None) -> OutgoingDocument:
    """签发 by the leader chosen at 核稿 (refused while the checks find errors), or 退回 with the opinion."""
    at = _now(at)
    check_outgoing(by, "sign", doc)
    opinion = _text(opinion, "签发意见", 300, required=not approve)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.SIGNING,), "签发")
        check_outgoing(by, "sign", doc)
        if not approve:
            _send_back(doc, by, at, opinion, "签发退回修改")
            return doc
        version = current(doc)
        problems = sign_problems(doc, version)
        if problems:
            raise TransitionRefused(f"文稿（第{version.number}稿）尚有 {len(problems)} 处须修改，不能签发："
                                    + "；".join(problems[:10]) + ("……" if len(problems) > 10 else "")
                                    + "。请退回修改", details=problems)
        doc.state, doc.signer, doc.signed_at, doc.sign_opinion = S.SIGNED, by, at, opinion or "同意"
        _record(doc, A.SIGN, by, at, f"签发（第{version.number}稿）", doc.sign_opinion)
    _send(clerks() + [doc.drafted_by], f"【已签发】{doc.title}", f"{_name(by)}已签发{_label(doc)}：{doc.sign_opinion}。",
          doc, "documents.outgoing")
    return doc


# --- 复核, 编号 -------------------------------------------------------------------------------------
def recheck(doc: OutgoingDocument, by, *, accept: bool = True, note: str = "",
            at: datetime | None = None) -> OutgoingDocument:
    """复核 by the 文秘 after 签发 (procedure complete, text as signed), or 退回 with the reason."""
    at = _now(at)
    check_outgoing(by, "recheck", doc)
    note = _text(note, "复核意见", 300, required=not accept)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.SIGNED,), "复核")
        if not accept:
            doc.signed_at, doc.sign_opinion = None, ""
            _send_back(doc, by, at, note, "复核退回修改")
            return doc
        doc.state, doc.checked_by, doc.checked_at = S.CHECKED, by, at
        _record(doc, A.RECHECK, by, at, "复核", note)
    return doc


def number(doc: OutgoingDocument, by, *, typed: str = "", at: datetime | None = None) -> OutgoingDocument:
    """编号: the series' next 文号 (or the typed one, checked against the 发文登记簿) in the same
    transaction as the state change."""
    at = _now(at)
    check_outgoing(by, "number", doc)
    typed = _text(typed, "文号", 40)
    with transaction.atomic():
        _lock(doc)  # one document is numbered once, even by two clerks at the same moment
        _refuse_unless(doc, (S.CHECKED,), "编号")
        issued = numbers.take(doc.series, title=doc.title, by=by, typed=typed, at=at)
        doc.issued_number, doc.number = issued, issued.text
        doc.state, doc.numbered_by, doc.numbered_at = S.NUMBERED, by, at
        _record(doc, A.NUMBER, by, at, f"编号：{issued.text}" + ("（手工登记）" if typed else ""))
    return doc


def cancel_number(doc: OutgoingDocument, by, *, reason: str, at: datetime | None = None) -> OutgoingDocument:
    """作废文号 before 印发: the number stays in the 发文登记簿 as 已作废 and is never given again;
    the document goes back to 编号."""
    at = _now(at)
    check_outgoing(by, "cancel_number", doc)
    reason = _text(reason, "作废原因", 200, required=True)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.NUMBERED,), "作废文号")
        issued = numbers.cancel(doc.issued_number, reason=reason, by=by, at=at)
        doc.issued_number, doc.number, doc.numbered_by, doc.numbered_at = None, "", None, None
        doc.state = S.CHECKED
        _record(doc, A.CANCEL_NUMBER, by, at, f"作废文号：{issued.text}", reason)
    return doc


# --- 印发, 归档 -------------------------------------------------------------------------------------
def _file_name(doc) -> str:
    return (re.sub(r'[\\/:*?"<>|\s]+', "", f"{doc.number}{doc.title}")[:120] or "公文") + ".docx"


def laid_out(doc: OutgoingDocument, *, printer: str = "", print_date: date | None = None) -> bytes:
    """The last version laid out as the issued paper (.docx bytes)."""
    from zhongshu.paper import render_docx

    signer = _name(doc.signer) if doc.upward and doc.signer_id else ""
    # a 纪要's number is its 期数 (第N期: the place in its series), printed instead of a 发文字号
    issue = f"第{doc.issued_number.seq}期" if doc.kind == "minutes" and doc.issued_number_id else ""
    paper = layout_module.paper_from_draft(current(doc).text, kind=doc.kind, issuer=doc.series.issuer,
                                           number=doc.number, signer=signer, copy_to=doc.copy_to,
                                           printer=printer, print_date=print_date, issue=issue)
    return render_docx(paper)


def issue(doc: OutgoingDocument, by, *, printer: str = "", print_date: date | None = None,
          at: datetime | None = None) -> OutgoingDocument:
    """印发: the numbered document laid out (GB/T 9704, layout.paper_from_draft) and stored as its
    attachment; the drafter and the countersigning units are told."""
    from zhongshu.core.files import attach

    at = _now(at)
    check_outgoing(by, "issue", doc)
    printer = _text(printer, "印发机关", 60)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.NUMBERED,), "印发")
        printer = printer or doc.series.issuer
        day = print_date or timezone.localtime(at).date()
        data = laid_out(doc, printer=printer, print_date=day)
        doc.printer, doc.print_date = printer, day
        doc.state, doc.issued_by, doc.issued_at = S.ISSUED, by, at
        _record(doc, A.ISSUE, by, at, f"印发：{doc.number}")
        with audit.step("create", "印发稿"):
            attach(doc, ContentFile(data, name=_file_name(doc)), by=by, purpose=ISSUED_PURPOSE)
    units = list(doc.countersign_units.all())
    _send([doc.drafted_by, *unit_contacts([doc.drafting_unit_id, *(u.pk for u in units)])], f"【已印发】{doc.title}",
          f"{doc.number}{_label(doc)}已于 {day:%Y-%m-%d} 印发。", doc, "documents.outgoing")
    return doc


def archive(doc: OutgoingDocument, by, *, retention: str, note: str = "",
            at: datetime | None = None) -> OutgoingDocument:
    at = _now(at)
    check_outgoing(by, "archive", doc)
    if retention not in Retention.values:
        raise UserError(f"请选择保管期限（{'、'.join(Retention.labels)}）", code="invalid_retention")
    note = _text(note, "归档说明", 200)
    with transaction.atomic():
        _lock(doc)
        _refuse_unless(doc, (S.ISSUED,), "归档")
        doc.retention, doc.archive_note, doc.archived_by, doc.archived_at = retention, note, by, at
        doc.state = S.ARCHIVED
        _record(doc, A.ARCHIVE, by, at, f"归档（{Retention(retention).label}）", note)
    return doc
