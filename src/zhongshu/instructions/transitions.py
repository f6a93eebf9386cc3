"""Every step of a 批示 as one function: permission, state rule, clock, notices, trail.

    register(by, InstructionInput(...), scan=None, route=RouteInput(...) or None)   登记 (and 转办 at once)
    route(round, by, RouteInput(lead_unit, co_units, deadline, note))               转办: 立项 and 交办 of the 督办 matter
    report(round, by, unit=, process=, situation=, suggestions=, files=)             办理情况报告 = the unit's 办结申请
    submit(round, by, note=)                                                         呈报 the reports to the leader
    decide(round, by, close=True, note=)                                             阅结: the 批示 is done
    decide(round, by, close=False, text=)                                            续批: a new round, to be 转办

Each runs in one transaction and takes `at=` (default now). Refusals: PermissionDenied (role or
unit), TransitionRefused (state) or UserError (input, every problem listed), all in Chinese;
nothing is saved by a refused call.

Clock: "即批即转，转办不过夜" — a round waiting for 转办 has a clock of kind instructions.route
due at the end of the day it was registered, or of the next working day when it was registered
on a rest day (ladder seeded by migration 0002: the 督查室 is told at 登记, on the due day when
that is a later day, and every working day after). The units' deadline is the
linked matter's: its tasks carry the clocks, lights, 催办 and 督办 of 督查督办.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from zhongshu import audit, clocks, notify, supervision
from zhongshu.clocks.limits import Limit
from zhongshu.clocks.models import ClockState
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.files import attach, validate_upload
from zhongshu.core.numbering import next_number
from zhongshu.core.scans import check_scan
from zhongshu.core.steps import local_day as _day
from zhongshu.core.steps import lock as _lock
from zhongshu.core.steps import now as _now
from zhongshu.org.models import User
from zhongshu.org.roles import Role
from zhongshu.org.scope import restrict
from zhongshu.workcal.calc import get_calendar

from .choices import InstructionState, RoundState
from .models import Instruction, Report, Round
from .permissions import OFFICE, check, routed_units, units_for

ROUTE_KIND = "instructions.route"
NUMBER_SERIES = "instructions.instruction"
MAX_TEXT = 5000


@dataclass
class InstructionInput:
    leader: object
    written_on: date | None
    text: str
    carrier_title: str
    carrier_ref: str = ""
    carrier: object = None  # a record in 中枢 the 批示 was written on (收文, 专报, 工单 …)


@dataclass
class RouteInput:
    lead_unit: object
    co_units: list = field(default_factory=list)
    deadline: date | None = None  # None: ZHONGSHU_INSTRUCTIONS_FEEDBACK_WORKDAYS working days
    note: str = ""


def _refuse_unless(round_, states, what: str):
    if round_.state not in states:
        raise TransitionRefused(f"{round_.get_state_display()}的批示不能{what}")


def _send(users, title, body, obj, kind):
    notify.send(users, title=title, body=body, link=obj.get_absolute_url(), kind=kind, source=obj)


def office_staff() -> list:
    return list(User.objects.filter(is_active=True, role_grants__role__in=list(OFFICE)).distinct())



def default_deadline(at: datetime) -> date:
    return get_calendar().add_workdays(_day(at), settings.ZHONGSHU_INSTRUCTIONS_FEEDBACK_WORKDAYS).value


def _problems(by, data: InstructionInput, at: datetime) -> list[str]:
    errors = []
    if data.leader is None:
        errors.append("请选择批示领导")
    elif not data.leader.has_role(Role.CITY_LEADER):
        errors.append(f"批示领导须为市领导：{data.leader.full_name or data.leader}")
    if not isinstance(data.written_on, date):
        errors.append("请填写批示日期")
    elif data.written_on > _day(at):
        errors.append(f"批示日期 {data.written_on:%Y-%m-%d} 晚于今天，请核对")
    text = (data.text or "").strip()
    if not text:
        errors.append("请填写批示内容")
    elif len(text) > MAX_TEXT:
        errors.append(f"批示内容过长（{len(text)} 字，最多 {MAX_TEXT} 字）")
    title = (data.carrier_title or "").strip()
    if not title:
        errors.append("请填写批示所在的文件或报告")
    elif len(title) > 300:
        errors.append("文件或报告标题过长（最多 300 字）")
    if len((data.carrier_ref or "").strip()) > 100:
        errors.append("文号或来源过长（最多 100 字）")
    if data.carrier is not None and not may_see(by, data.carrier):
        errors.append("您无权查看该文件或记录，不能在其上登记批示")
    return errors


def may_see(user, obj) -> bool:
    """The one scoping rule, for a record of any app."""
    model = type(obj)
    return restrict(model._base_manager.filter(pk=obj.pk), user).exists() if hasattr(model, "scope_unit_fields") \
        else bool(user.role_set & OFFICE)


def register(by, data: InstructionInput, *, scan=None, route: RouteInput | None = None,
             at: datetime | None = None) -> Instruction:
    """登记 a 批示 (round 1). With `route`, 转办 in the same transaction (即批即转)."""
    at = _now(at)
    check(by, "register")
    errors = _problems(by, data, at)
    if scan is not None:
        try:
            check_scan(scan)
        except UserError as exc:
            errors.append(exc.message)
    if errors:
        raise UserError("；".join(errors), code="invalid_instruction", details=errors)
    year = _day(at).year
    with transaction.atomic():
        carrier = data.carrier
        with audit.step("create", "登记批示"):
            instruction = Instruction.objects.create(
                number=f"{year}-{next_number(NUMBER_SERIES, year):04d}", year=year, leader=data.leader,
                written_on=data.written_on, carrier_title=data.carrier_title.strip(),
                carrier_ref=(data.carrier_ref or "").strip(),
                carrier_type=ContentType.objects.get_for_model(carrier) if carrier is not None else None,
                carrier_id=carrier.pk if carrier is not None else None,
                registered_by=by, registered_at=at)
            first = Round.objects.create(instruction=instruction, seq=1, leader=data.leader,
                                         written_on=data.written_on, text=data.text.strip())
            if scan is not None:
                attach(instruction, scan, by=by, purpose="scan")
        _start_route_clock(first, by, at)
        if route is not None:
            _route(first, by, route, at)
    if route is None:
        _send(office_staff(), f"【待转办】{instruction.leader.full_name}批示",
              f"{instruction.carrier_title}：{first.text[:80]}（请于今日转办）", instruction, "instructions.register")
    return instruction


def _start_route_clock(round_, by, at):
    clocks.start_clock(round_, kind=ROUTE_KIND, unit=by.unit or round_.leader.unit,
                       title=f"转办：{round_.instruction.leader.full_name}批示（{round_.instruction.number}）",
                       limit=Limit.on(get_calendar().next_workday(_day(at))), started_at=at, start_reason="登记批示", assigned_by=by,
                       tracks_progress=False)


def route(round_: Round, by, data: RouteInput, *, at: datetime | None = None) -> Round:
    """转办: 立项 and 交办 of the 督办 matter (supervision.register_from), the same day."""
    at = _now(at)
    check(by, "route", round_)
    with transaction.atomic():
        round_ = _lock(round_)
        _route(round_, by, data, at)
    return round_


def _route(round_: Round, by, data: RouteInput, at: datetime) -> None:
    _refuse_unless(round_, (RoundState.TO_ROUTE,), "转办")
    if data.lead_unit is None:
        raise UserError("请选择牵头单位", code="invalid_route")
    if len((data.note or "").strip()) > 1000:
        raise UserError("转办意见过长（最多 1000 字）", code="invalid_route")
    deadline = data.deadline or default_deadline(at)
    instruction = round_.instruction
    title = f"落实{round_.leader.full_name}批示：{instruction.carrier_title}"
    supervision.register_from(
        round_, by=by, at=at, assign=True, title=title[:300], lead_unit=data.lead_unit,
        co_units=list(data.co_units), deadline=deadline, leader=round_.leader, source="instruction",
        source_ref=instruction.carrier_ref or instruction.number, basis=round_.text, report_cycle="none")
    with audit.step("transition", "转办"):
        round_.state, round_.deadline, round_.lead_unit = RoundState.HANDLING, deadline, data.lead_unit
        round_.routed_at, round_.routed_by, round_.route_note = at, by, (data.note or "").strip()
        round_.save()
        round_.co_units.set(data.co_units)
    clock = clocks.clock_for(round_, ROUTE_KIND)
    if clock is not None and clock.state != ClockState.DONE:
        clocks.complete(clock, at=at, by=by)


def report(round_: Round, by, *, unit, process: str, situation: str, suggestions: str = "", files=(),
           at: datetime | None = None) -> Report:
    """办理情况报告 of one routed unit. It is also the unit's 办结申请 on its task in the 督办
    matter (supervision.request_completion_from), so it is typed once; the 督查室 reviews it there."""
    at = _now(at)
    check(by, "report", round_)
    if unit is None or unit.pk not in {u.pk for u in units_for(by, round_)}:
        raise UserError("请选择本单位承办的批示", code="invalid_report")
    errors = [f"请填写{label}" for label, value in (("落实过程", process), ("基本情况", situation))
              if not (value or "").strip()]
    errors += [f"{label}过长（最多 5000 字）" for label, value in
               (("落实过程", process), ("基本情况", situation), ("意见建议", suggestions)) if len(value or "") > 5000]
    for upload in files:
        try:
            validate_upload(upload)
        except UserError as exc:
            errors.append(exc.message)
    if errors:
        raise UserError("；".join(errors), code="invalid_report", details=errors)
    with transaction.atomic():
        round_ = _lock(round_)
        _refuse_unless(round_, (RoundState.HANDLING, RoundState.TO_SUBMIT), "报送办理情况")
        result = f"落实过程：{process.strip()}\n基本情况：{situation.strip()}"
        if (suggestions or "").strip():
            result += f"\n意见建议：{suggestions.strip()}"
        supervision.request_completion_from(round_, unit=unit, by=by, result=result, at=at)
        with audit.step("create", "办理情况报告"):
            item = Report.objects.create(round=round_, unit=unit, process=process.strip(),
                                         situation=situation.strip(), suggestions=(suggestions or "").strip(),
                                         submitted_by=by, submitted_at=at)
            for upload in files:
                attach(item, upload, by=by, purpose="report")
        missing = missing_units(round_)
        if not missing and round_.state == RoundState.HANDLING:
            with audit.step("transition", "办理情况报齐"):
                round_.state = RoundState.TO_SUBMIT
                round_.save()
    if not missing:
        _send(office_staff(), f"【待呈报】{round_}", f"各承办单位已报送办理情况，请审核后呈报{round_.leader.full_name}。",
              round_.instruction, "instructions.reported")
    return item


def missing_units(round_: Round) -> list:
    done = set(round_.reports.values_list("unit_id", flat=True))
    return [u for u in routed_units(round_) if u.pk not in done]


def submit(round_: Round, by, *, note: str = "", at: datetime | None = None) -> Round:
    """呈报: the reports go back to the leader who wrote the round — once the 督查室 has reviewed
    each unit's 办结申请 in 督查督办 (a 驳回重办 unit reports again), so a 批示 closed by its
    leader never leaves a 督办 task waiting for review."""
    at = _now(at)
    check(by, "submit", round_)
    with transaction.atomic():
        round_ = _lock(round_)
        if round_.state == RoundState.HANDLING:
            names = "、".join(u.name for u in missing_units(round_))
            raise TransitionRefused(f"办理情况尚未报齐，不能呈报：{names}未报送")
        _refuse_unless(round_, (RoundState.TO_SUBMIT,), "呈报")
        states = supervision.TaskState
        tasks = list(supervision.tasks_for(round_))
        waiting = [t.unit.name for t in tasks if t.state == states.REVIEW]
        if waiting:
            raise TransitionRefused(f"请先在督查督办中审核{'、'.join(waiting)}的办结申请（通过或驳回重办），再呈报")
        redo = [t.unit.name for t in tasks if t.state not in (states.DONE, states.SUSPENDED)]
        if redo:
            raise TransitionRefused(f"{'、'.join(redo)}的办结申请已驳回重办，尚未重新报送，不能呈报")
        with audit.step("transition", "呈报"):
            round_.state, round_.submitted_at, round_.submitted_by = RoundState.WITH_LEADER, at, by
            round_.submit_note = (note or "").strip()[:1000]
            round_.save()
    _send([round_.leader], f"【呈阅】{round_.instruction.carrier_title}办理情况",
          f"您{round_.written_on:%Y-%m-%d}的批示已办理，办理情况报告请阅示。", round_.instruction,
          "instructions.submitted")
    return round_


def decide(round_: Round, by, *, close: bool, note: str = "", text: str = "", at: datetime | None = None):
    """阅示: 阅结 (close=True; the 批示 is done) or 续批 (a new 批示 `text` on the report: a new
    round, waiting for 转办). Returns the round decided, or the new round when continued."""
    at = _now(at)
    check(by, "decide", round_)
    text = (text or "").strip()
    if not close and not text:
        raise UserError("续批须填写新的批示内容", code="invalid_decision")
    if len(text) > MAX_TEXT or len(note or "") > 1000:
        raise UserError(f"批示内容最多 {MAX_TEXT} 字，阅示意见最多 1000 字", code="invalid_decision")
    with transaction.atomic():
        round_ = _lock(round_)
        _refuse_unless(round_, (RoundState.WITH_LEADER,), "阅示")
        instruction = _lock(round_.instruction)
        with audit.step("transition", "阅结" if close else "续批"):
            round_.state = RoundState.CLOSED if close else RoundState.CONTINUED
            round_.decided_at, round_.decided_by = at, by
            round_.decision_note = (note or "").strip() if close else text
            round_.save()
            if close:
                instruction.state, instruction.closed_at, instruction.closed_by = InstructionState.CLOSED, at, by
                instruction.save()
        if close:
            return round_
        with audit.step("create", "续批"):
            new = Round.objects.create(instruction=instruction, seq=round_.seq + 1, leader=round_.leader,
                                       written_on=_day(at), text=text)
        _start_route_clock(new, by, at)
    _send(office_staff(), f"【续批待转办】{new}", f"{new.leader.full_name}在办理情况报告上续批：{text[:80]}",
          instruction, "instructions.continued")
    return new
