"""Every step of the 督查督办 loop as one function: permission, state rule, clocks, notices, trail.

    assign(matter, by)                                   交办 (all unassigned tasks; 交办通知单 per unit)
    accept(task, by)                                     签收 (late acceptance is recorded)
    report(task, by, ReportInput(...))                   进展反馈 for the current period
    request_extension(task, by, new_deadline, reason)    延期申请 (before the deadline)
    decide_extension(ext, by, approve, comment)          unit leader, then 督查室
    request_coordination(task, by, leader, issue)        协调申请 → answer_coordination
    return_task(task, by, reason, suggested_unit)        退回 (within N working days) → decide_return
    request_completion(task, by, result, files)          办结申请 → review_completion (accept / 驳回重办)
    close(matter, by)                                    销号 (schedules 回头看)
    rate(matter, by, rating, comment)                    评价
    record_recheck(recheck, by, result, findings)        回头看 (failing reopens the matter)
    suspend(matter, by, reason)                          中止
    flag(matter, by, flagged, reason)                    挂牌督办
    escalate(task, by, reason) / remind(task, by, note)  督办 / 催办 by a person (with their papers)

Each runs in one transaction and takes `at=` (default now) so tests and the demo can move time.
Refusals: PermissionDenied (role or unit) or TransitionRefused (state), both with a Chinese reason;
nothing is changed by a refused call. Clocks (kinds supervision.task / .accept / .report /
.recheck) carry the deadlines; the sweeper fires their ladders (ladders.py).

Clock rules: the task clock starts at 交办 (setting ZHONGSHU_SUPERVISION_CLOCK_START = "accept"
starts it at 签收); a completion request pauses it (the time in the office's review is not the
unit's); acceptance completes it at the moment the unit submitted, so "按期办结" means the unit
asked for completion by the deadline and the office accepted that request; 驳回重办 resumes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhongshu import audit, clocks, notify
from zhongshu.clocks.limits import Limit
from zhongshu.clocks.models import ClockState
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.workcal.calc import get_calendar

from . import cycles, documents
from .choices import (
    OPEN_TASK_STATES,
    DocKind,
    MatterState,
    Rating,
    RecheckResult,
    RequestState,
    TaskState,
)
from .contacts import office_staff, unit_contacts
from .models import (
    CompletionRequest,
    CoordinationRequest,
    ExtensionRequest,
    Matter,
    ProgressReport,
    Recheck,
    ReturnRequest,
    Task,
)
from .permissions import check
from .rollup import refresh_matter

TASK_KIND = "supervision.task"
ACCEPT_KIND = "supervision.accept"
REPORT_KIND = "supervision.report"
RECHECK_KIND = "supervision.recheck"


def _now(at):
    return at or timezone.now()


def _day(at: datetime) -> date:
    return timezone.localtime(at).date()


def _need(text, what: str) -> str:
    if not text or not str(text).strip():
        raise UserError(f"请填写{what}", code="required")
    return str(text).strip()


def _lock(obj):
    """Re-read `obj` under a row lock: two people acting at once cannot both pass the state check."""
    fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
    obj.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return obj


def _refuse_unless(task, states, what: str):
    if task.state not in states:
        raise TransitionRefused(f"{task.get_state_display()}的任务不能{what}")


def _pause(task, clocks_, reason, by, at):
    """Pause the running ones of `clocks_` (the office has the ball: review, a return)."""
    for clock in clocks_:
        if clock is not None and clock.state == ClockState.RUNNING:
            clocks.pause(clock, reason, by, at=at)


def _resume(task, clocks_, by, at):
    """Resume the paused ones (the paused time is given back: it was the office's)."""
    for clock in clocks_:
        if clock is not None and clock.state == ClockState.PAUSED:
            clocks.resume(clock, by, at=at)


def _send(users, title, body, obj, kind):
    notify.send(users, title=title, body=body, link=obj.get_absolute_url(), kind=kind, source=obj)


def _clock_title(task) -> str:
    title = task.matter.title
    if task.title and task.title != title:
        title = f"{title}：{task.title}"
    return title[:300]


def _start_task_clock(task, by, at, reason):
    task.clock = clocks.start_clock(task, kind=TASK_KIND, unit=task.unit, title=_clock_title(task),
                                    limit=Limit.on(task.deadline), started_at=at, start_reason=reason,
                                    assigned_by=by, leader=task.matter.leader,
                                    tracks_progress=not task.is_milestone)  # milestones report no progress


# --- 交办 -------------------------------------------------------------------------------------
def assign(matter: Matter, by, *, at: datetime | None = None) -> list[Task]:
    """交办 every unassigned task of `matter`; one 交办通知单 per unit; the units are told."""
    at = _now(at)
    check(by, "assign", matter)
    with transaction.atomic():
        _lock(matter)
        if matter.state not in (MatterState.DRAFT, MatterState.ACTIVE, MatterState.AWAITING_CLOSE):
            raise TransitionRefused(f"{matter.get_state_display()}的事项不能交办")
        tasks = list(matter.tasks.filter(state=TaskState.DRAFT).select_related("unit", "parent")
                     .order_by(F("parent_id").asc(nulls_first=True), "sort", "id"))
        if not tasks:
            raise TransitionRefused("没有待交办的任务")
        late = [t for t in tasks if t.deadline < _day(at)]
        if late:
            raise TransitionRefused(f"任务「{late[0].title}」的完成时限 {late[0].deadline:%Y-%m-%d} 已过，请先修改时限")
        start_on_assign = settings.ZHONGSHU_SUPERVISION_CLOCK_START != "accept"
        with audit.step("transition", "交办"):
            for task in tasks:
                task.state, task.assigned_at = TaskState.ASSIGNED, at
                if task.parent_id is None:
                    task.accept_clock = clocks.start_clock(
                        task, kind=ACCEPT_KIND, unit=task.unit, title=f"签收：{_clock_title(task)}",
                        limit=Limit.workdays(settings.ZHONGSHU_SUPERVISION_ACCEPT_WORKDAYS), started_at=at,
                        start_reason="交办", assigned_by=by, leader=matter.leader, tracks_progress=False)
                if start_on_assign:
                    _start_task_clock(task, by, at, "交办")
                task.save()
            if matter.state == MatterState.DRAFT:
                matter.state = MatterState.ACTIVE
            matter.assigned_at, matter.assigned_by = matter.assigned_at or at, matter.assigned_by or by
            matter.save()
        refresh_matter(matter)
        units = {}
        for task in tasks:
            if task.parent_id is None:
                units.setdefault(task.unit_id, []).append(task)
        for unit_id, unit_tasks in units.items():
            doc = documents.issue(DocKind.ASSIGN, unit_tasks[0], by=by, at=at)
            accept_due = unit_tasks[0].accept_clock.due_at if unit_tasks[0].accept_clock else None
            _send(unit_contacts(unit_id), f"【交办】{matter.title}",
                  f"督查室交办「{matter.title}」（{doc.number}），完成时限 {unit_tasks[0].deadline:%Y-%m-%d}，"
                  f"请于 {timezone.localtime(accept_due):%Y-%m-%d %H:%M} 前签收。" if accept_due else
                  f"督查室交办「{matter.title}」（{doc.number}）。", unit_tasks[0], "supervision.assign")
    return tasks


# --- 签收 -------------------------------------------------------------------------------------
def accept(task: Task, by, *, at: datetime | None = None) -> Task:
    at = _now(at)
    check(by, "accept", task)
    with transaction.atomic():
        _lock(task)
        _refuse_unless(task, (TaskState.ASSIGNED,), "签收")
        if task.parent_id is not None:
            raise TransitionRefused("阶段目标随所属任务一并签收")
        late = bool(task.accept_clock and at > task.accept_clock.due_at)
        with audit.step("transition", "逾期签收" if late else "签收"):
            task.state, task.accepted_at, task.accepted_by, task.accepted_late = TaskState.IN_PROGRESS, at, by, late
            if task.accept_clock and task.accept_clock.is_open:
                clocks.complete(task.accept_clock, at=at, by=by)
            if task.clock is None:
                _start_task_clock(task, task.matter.assigned_by, at, "签收")
            _start_report_clock(task, at, after=None)
            task.save()
            for child in task.children.filter(state=TaskState.ASSIGNED):
                child.state, child.accepted_at, child.accepted_by = TaskState.IN_PROGRESS, at, by
                if child.clock is None:
                    _start_task_clock(child, task.matter.assigned_by, at, "签收")
                child.save()
    return task


# --- 进展反馈 ----------------------------------------------------------------------------------
@dataclass
class ReportInput:
    progress: int
    done: str
    problems: str = ""
    needs_coordination: bool = False
    next_steps: str = ""
    handler: str = ""
    phone: str = ""


def _start_report_clock(task, at, after: cycles.Period | None):
    """Start the clock of the next report period (none for 不定期/按节点, or past the deadline)."""
    matter = task.matter
    cal = get_calendar()
    if after is None:
        period = cycles.first_period(matter.report_cycle, matter.report_day, _day(at), task.deadline, cal)
    else:
        period = cycles.next_period(after, matter.report_cycle, matter.report_day, task.deadline, cal)
    if period is None or task.parent_id is not None:
        task.report_clock, task.report_period = None, ""
        return
    task.report_clock = clocks.start_clock(task, kind=REPORT_KIND, unit=task.unit,
                                           title=f"{period.label}进展：{_clock_title(task)}",
                                           limit=Limit.on(max(period.due_on, _day(at))), started_at=at,
                                           start_reason="填报周期", assigned_by=matter.assigned_by, leader=matter.leader,
                                           tracks_progress=False)
    task.report_period = period.key


def current_period(task, at: datetime) -> cycles.Period:
    """The period a report sent now belongs to: the task's open period, else the day (不定期)."""
    matter = task.matter
    if task.report_period and matter.report_cycle in cycles.PERIODIC:
        return cycles.parse_key(matter.report_cycle, matter.report_day, task.report_period, get_calendar())
    return cycles.adhoc_period(_day(at))


def report_blocked(task, at: datetime, period: cycles.Period | None = None) -> str | None:
    """Why a report cannot be sent now (the period's report is in; the next one has not opened),
    or None. The rule is in cycles.py's docstring."""
    period = period or current_period(task, at)
    today = _day(at)
    if period.opens_on and period.opens_on > today:
        this = cycles.period_containing(task.matter.report_cycle, task.matter.report_day, today, get_calendar())
        if task.reports.filter(period=this.key).exists():
            return (f"{this.label}的进展已经报送，不能重复报送；"
                    f"{period.label}的进展可于 {period.opens_on:%Y-%m-%d} 起报送")
    if task.reports.filter(period=period.key).exists():
        return f"{period.label}的进展已经报送，不能重复报送"
    return None


def last_report(task):
    return task.reports.order_by("-submitted_at", "-id").first()


def report(task: Task, by, data: ReportInput, *, at: datetime | None = None) -> ProgressReport:
    """进展反馈 for the current period; a second report for the same period is refused."""
    at = _now(at)
    check(by, "report", task)
    errors = []
    if isinstance(data.progress, bool) or not isinstance(data.progress, int) or not 0 <= data.progress <= 100:
        errors.append("进度须为 0 到 100 之间的整数")
    elif data.progress == 100:
        errors.append("进度 100% 请提交办结申请")
    for value, label in ((data.done, "具体进展"), (data.handler, "经办人"), (data.phone, "联系电话")):
        if not (value or "").strip():
            errors.append(f"请填写{label}")
    if errors:
        raise UserError("；".join(errors), code="invalid_report", details=errors)
    with transaction.atomic():
        _lock(task)
        _refuse_unless(task, (TaskState.IN_PROGRESS,), "填报进展")
        period = current_period(task, at)
        blocked = report_blocked(task, at, period)
        if blocked:
            raise TransitionRefused(blocked)
        due_clock = task.report_clock if task.report_period == period.key else None
        on_time = due_clock is None or at <= due_clock.due_at
        try:
            with transaction.atomic(), audit.step("create", f"进展反馈（{period.label}）"):
                item = ProgressReport.objects.create(
                    task=task, period=period.key, period_label=period.label,
                    due_on=period.due_on if due_clock else None, progress=data.progress, done=data.done.strip(),
                    problems=(data.problems or "").strip(), needs_coordination=bool(data.needs_coordination),
                    next_steps=(data.next_steps or "").strip(), handler=data.handler.strip()[:50],
                    phone=data.phone.strip()[:30], submitted_by=by, submitted_at=at, on_time=on_time)
        except IntegrityError:  # the same period sent twice at the same moment
            raise TransitionRefused(f"{period.label}的进展已经报送，不能重复报送")
        with audit.step("transition", f"进展反馈（{period.label}）"):
            if due_clock is not None and due_clock.is_open:
                clocks.complete(due_clock, at=at, by=by)
                _start_report_clock(task, at, after=period)
            task.progress, task.latest_report = data.progress, item
            task.save()
            if task.clock and task.clock.is_open:
                clocks.set_progress(task.clock, data.progress)
        matter = task.matter
        unit = task.unit.short_name or task.unit.name
        matter.latest_progress = f"【{unit} {period.label}】{item.done}"[:2000]
        matter.latest_progress_at = at
        refresh_matter(matter, also=("latest_progress", "latest_progress_at"), note=f"进展反馈（{unit} {period.label}）")
        if data.needs_coordination:
            _send(office_staff(), f"【需协调】{matter.title}",
                  f"{unit}在{period.label}进展中提出需领导协调：{item.problems or '（未写明问题）'}", task,
                  "supervision.report")
    return item


# --- 延期 -------------------------------------------------------------------------------------
def request_extension(task: Task, by, *, new_deadline: date, reason: str, at: datetime | None = None):
    at = _now(at)
    check(by, "request_extension", task)
    reason = _need(reason, "延期理由")
    if not isinstance(new_deadline, date):
        raise UserError("请填写申请延至的日期", code="invalid_date")
    with transaction.atomic():
        _lock(task)
        _refuse_unless(task, (TaskState.ASSIGNED, TaskState.IN_PROGRESS), "申请延期")
        if task.clock and at > task.clock.due_at:
            raise TransitionRefused(f"已超过完成时限（{task.deadline:%Y-%m-%d}），不能再申请延期；"
                                    "请抓紧办理并书面说明逾期原因")
        if new_deadline <= task.deadline:
            raise TransitionRefused(f"申请延至的日期须晚于原完成时限 {task.deadline:%Y-%m-%d}")
        if task.extensions.filter(state__in=[RequestState.PENDING_UNIT, RequestState.PENDING_OFFICE]).exists():
            raise TransitionRefused("已有一份延期申请在审批中")
        leader_self = by.has_role("unit_leader")
        ext = ExtensionRequest(task=task, requested_by=by, requested_at=at, reason=reason,
                               old_deadline=task.deadline, new_deadline=new_deadline,
                               state=RequestState.PENDING_OFFICE if leader_self else RequestState.PENDING_UNIT)
        if leader_self:
            ext.unit_decided_by, ext.unit_decided_at, ext.unit_comment = by, at, "单位领导本人申请"
        with audit.step("create", "延期申请"):
            ext.save()
    title = f"【延期申请】{task.matter.title}"
    body = f"{task.unit.short_name}申请将完成时限由 {ext.old_deadline:%Y-%m-%d} 延至 {new_deadline:%Y-%m-%d}，理由：{reason}"
    if ext.state == RequestState.PENDING_UNIT:
        from .contacts import unit_leaders

        _send(unit_leaders(task.unit_id), title, body + "。请审批。", task, "supervision.extension")
    else:
        _send(office_staff(), title, body + "。单位领导已同意，请督查室审批。", task, "supervision.extension")
    return ext


def decide_extension(ext: ExtensionRequest, by, *, approve: bool, comment: str = "", at: datetime | None = None):
    """The unit leader's step (待单位领导审批), then the 督查室's (待督查室审批); the clock moves
    only when the 督查室 approves; the old deadline stays in the clock's history."""
    at = _now(at)
    with transaction.atomic():
        _lock(ext)
        task = ext.task
        if ext.state == RequestState.PENDING_UNIT:
            check(by, "approve_extension_unit", task)
            ext.unit_decided_by, ext.unit_decided_at, ext.unit_comment = by, at, (comment or "").strip()
            ext.state = RequestState.PENDING_OFFICE if approve else RequestState.REJECTED
            step = "单位领导同意延期" if approve else "单位领导不同意延期"
        elif ext.state == RequestState.PENDING_OFFICE:
            check(by, "approve_extension_office", task)
            if not approve and not (comment or "").strip():
                raise UserError("不同意延期须说明理由", code="reason_required")
            ext.office_decided_by, ext.office_decided_at, ext.office_comment = by, at, (comment or "").strip()
            ext.state = RequestState.APPROVED if approve else RequestState.REJECTED
            step = "督查室同意延期" if approve else "督查室不同意延期"
        else:
            raise TransitionRefused(f"{ext.get_state_display()}的延期申请不能再审批")
        with audit.step("transition", step):
            ext.save()
            if ext.state == RequestState.APPROVED:
                _lock(task)
                if task.state not in OPEN_TASK_STATES:
                    raise TransitionRefused(f"{task.get_state_display()}的任务不能延期")
                if task.clock and task.clock.is_open:
                    clocks.extend(task.clock, new_due=ext.new_deadline, approved_by=by, by=by, at=at,
                                  reason=ext.reason)
                task.deadline = ext.new_deadline
                task.save()
    contacts = unit_contacts(task.unit_id)
    if ext.state == RequestState.PENDING_OFFICE:
        _send(office_staff(), f"【延期申请】{task.matter.title}",
              f"{task.unit.short_name}申请延期至 {ext.new_deadline:%Y-%m-%d}，单位领导已同意，请督查室审批。", task,
              "supervision.extension")
    elif ext.state == RequestState.APPROVED:
        _send(contacts, f"【同意延期】{task.matter.title}",
              f"完成时限已由 {ext.old_deadline:%Y-%m-%d} 延至 {ext.new_deadline:%Y-%m-%d}。", task,
              "supervision.extension")
    else:
        _send(contacts, f"【不同意延期】{task.matter.title}",
              f"延期申请未获同意：{comment or '（未写明理由）'}。请按原时限 {ext.old_deadline:%Y-%m-%d} 办结。", task,
              "supervision.extension")
    return ext


# --- 协调 -------------------------------------------------------------------------------------
def request_coordination(task: Task, by, *, leader, issue: str, at: datetime | None = None):
    at = _now(at)
    check(by, "request_coordination", task)
    issue = _need(issue, "需协调的问题")
    if leader is None or not leader.has_role("city_leader") or not leader.is_active:
        raise UserError("请选择一位市领导协调", code="invalid_leader")
    with transaction.atomic():
        _lock(task)
        _refuse_unless(task, (TaskState.IN_PROGRESS,), "申请协调")
        with audit.step("create", "协调申请"):
            item = CoordinationRequest.objects.create(task=task, requested_by=by, requested_at=at, issue=issue,
                                                      leader=leader)
    _send([leader, *office_staff()], f"【协调申请】{task.matter.title}",
          f"{task.unit.short_name}请求{leader}协调：{issue}", task, "supervision.coordination")
    return item


def answer_coordination(item: CoordinationRequest, by, *, reply: str, at: datetime | None = None):
    at = _now(at)
    check(by, "answer_coordination", item)
    reply = _need(reply, "协调意见")
    with transaction.atomic():
        _lock(item)
        if item.state != RequestState.PENDING:
            raise TransitionRefused("该协调申请已经答复")
        item.state, item.reply, item.replied_by, item.replied_at = RequestState.ANSWERED, reply, by, at
        with audit.step("transition", "答复协调申请"):
            item.save()
    _send(unit_contacts(item.task.unit_id), f"【协调意见】{item.task.matter.title}", f"{by}：{reply}", item.task,
          "supervision.coordination")
    return item


# --- 退回 -------------------------------------------------------------------------------------
def return_task(task: Task, by, *, reason: str, suggested_unit=None, at: datetime | None = None):
    """退回 a task that is not the unit's business, within N working days of 交办."""
    at = _now(at)
    check(by, "return", task)
    reason = _need(reason, "退回理由")
    with transaction.atomic():
        _lock(task)
        _refuse_unless(task, (TaskState.ASSIGNED, TaskState.IN_PROGRESS), "退回")
        if task.parent_id is not None:
            raise TransitionRefused("阶段目标不能单独退回，请退回所属任务")
        window = settings.ZHONGSHU_SUPERVISION_RETURN_WORKDAYS
        cal = get_calendar()
        days = cal.workdays_between(_day(task.assigned_at), _day(at)).value
        if days > window:
            raise TransitionRefused(f"交办已超过 {window} 个工作日（{days} 个），不能退回；如有异议请联系督查室")
        if suggested_unit is not None and suggested_unit.pk == task.unit_id:
            raise UserError("建议承办单位不能是本单位", code="invalid_unit")
        item = ReturnRequest(task=task, unit=task.unit, requested_by=by, requested_at=at, reason=reason,
                             suggested_unit=suggested_unit, previous_state=task.state)
        with audit.step("create", "退回"):
            item.save()
        with audit.step("transition", "退回"):
            task.state = TaskState.RETURNED
            _pause(task, (task.accept_clock, task.report_clock), "退回待督查室处理", by, at)
            task.save()
    hint = f"，建议由{suggested_unit.name}承办" if suggested_unit else ""
    _send(office_staff(), f"【退回】{task.matter.title}", f"{task.unit.short_name}退回任务：{reason}{hint}。请处理。",
          task, "supervision.return")
    return item


def decide_return(item: ReturnRequest, by, *, reassign_to=None, comment: str = "", new_deadline: date | None = None,
                  at: datetime | None = None):
    """督查室: reassign the task to another unit (it is assigned to them anew), or keep it where it
    was (the unit goes on; its clock never stopped)."""
    at = _now(at)
    check(by, "decide_return", item)
    with transaction.atomic():
        _lock(item)
        task = _lock(item.task)
        if item.state != RequestState.PENDING or task.state != TaskState.RETURNED:
            raise TransitionRefused("该退回已经处理")
        matter = task.matter
        if reassign_to is None:
            comment = _need(comment, "不同意退回的理由")
            item.state, item.decided_by, item.decided_at, item.comment = RequestState.REJECTED, by, at, comment
            with audit.step("transition", "不同意退回"):
                item.save()
                task.state = item.previous_state
                _resume(task, (task.accept_clock, task.report_clock), by, at)
                task.save()
            _send(unit_contacts(task.unit_id), f"【退回未同意】{matter.title}",
                  f"督查室不同意退回：{comment}。请继续办理。", task, "supervision.return")
            return item
        if reassign_to.pk == task.unit_id:
            raise UserError("改派单位不能是原承办单位", code="invalid_unit")
        deadline = new_deadline or task.deadline
        if deadline < _day(at):
            raise UserError(f"原完成时限 {task.deadline:%Y-%m-%d} 已过，改派须给出新的完成时限", code="deadline_required")
        old_unit = task.unit
        item.state, item.decided_by, item.decided_at = RequestState.APPROVED, by, at
        item.comment, item.new_unit = (comment or "").strip(), reassign_to
        with audit.step("transition", f"退回改派：{old_unit.short_name} → {reassign_to.short_name}"):
            item.save()
            for clock in (task.clock, task.accept_clock, task.report_clock):
                if clock is not None and clock.is_open:
                    clocks.stop(clock, f"退回改派至{reassign_to.name}", by, at=at)
            task.unit, task.deadline, task.state = reassign_to, deadline, TaskState.DRAFT
            task.clock = task.accept_clock = task.report_clock = None
            task.report_period, task.accepted_at, task.accepted_by, task.accepted_late = "", None, None, False
            task.save()
            for child in task.children.exclude(state__in=[TaskState.DONE, TaskState.SUSPENDED]):
                if child.clock is not None and child.clock.is_open:
                    clocks.stop(child.clock, f"退回改派至{reassign_to.name}", by, at=at)
                child.unit, child.state, child.clock = reassign_to, TaskState.DRAFT, None
                child.save()
            if task.parent_id is None and task.role == "lead" and matter.lead_unit_id == old_unit.pk:
                matter.lead_unit = reassign_to
                matter.save()
                matter.co_units.remove(reassign_to)
            elif task.parent_id is None:
                if not matter.tasks.filter(parent=None, unit=old_unit).exclude(pk=task.pk).exists():
                    matter.co_units.remove(old_unit)
                if reassign_to.pk != matter.lead_unit_id:
                    matter.co_units.add(reassign_to)
        _send(unit_contacts(old_unit.pk), f"【退回已同意】{matter.title}",
              f"督查室已将该任务改派{reassign_to.name}。", matter, "supervision.return")
    assign(matter, by, at=at)
    return item


# --- 办结申请与审核 -----------------------------------------------------------------------------
def request_completion(task: Task, by, *, result: str, files=(), at: datetime | None = None):
    at = _now(at)
    check(by, "request_completion", task)
    result = _need(result, "办理结果")
    from zhongshu.core.files import validate_upload

    for upload in files:
        validate_upload(upload)
    with transaction.atomic():
        _lock(task)
        if task.state == TaskState.ASSIGNED:
            raise TransitionRefused("请先签收，再申请办结")
        _refuse_unless(task, (TaskState.IN_PROGRESS,), "申请办结")
        open_children = task.children.exclude(state__in=[TaskState.DONE, TaskState.SUSPENDED]).count()
        if open_children:
            raise TransitionRefused(f"还有 {open_children} 个阶段目标未办结，请先逐项申请办结")
        with audit.step("create", "办结申请"):
            item = CompletionRequest.objects.create(task=task, submitted_by=by, submitted_at=at, result=result)
            from zhongshu.core.files import attach

            for upload in files:
                attach(item, upload, by=by, purpose="evidence")
        with audit.step("transition", "办结申请"):
            task.state = TaskState.REVIEW
            _pause(task, (task.clock, task.report_clock), "办结申请审核中", by, at)
            task.save()
    _send(office_staff(), f"【办结申请】{task.matter.title}",
          f"{task.unit.short_name}申请办结{'阶段目标「' + task.title + '」' if task.is_milestone else ''}：{result[:100]}",
          task, "supervision.completion")
    return item


def review_completion(item: CompletionRequest, by, *, accept: bool, comment: str = "",
                      redo_workdays: int | None = None, at: datetime | None = None):
    """审核: accept (the task is 已办结 as of the request) or 驳回重办 with reasons."""
    at = _now(at)
    check(by, "review", item)
    if not accept:
        comment = _need(comment, "驳回理由")
    if redo_workdays is not None and not (1 <= int(redo_workdays) <= 250):
        raise UserError("重办时限须在 1 到 250 个工作日之间", code="invalid_limit")
    with transaction.atomic():
        _lock(item)
        task = _lock(item.task)
        if item.state != RequestState.PENDING or task.state != TaskState.REVIEW:
            raise TransitionRefused("该办结申请已经审核")
        item.reviewed_by, item.reviewed_at, item.review_comment = by, at, (comment or "").strip()
        item.state = RequestState.APPROVED if accept else RequestState.REJECTED
        with audit.step("transition", "审核通过，办结" if accept else "驳回重办"):
            item.save()
            if accept:
                task.state, task.progress, task.completed_at = TaskState.DONE, 100, item.submitted_at
                if task.clock and task.clock.is_open:
                    clocks.complete(task.clock, at=max(item.submitted_at, task.clock.started_at), by=by)
                if task.report_clock and task.report_clock.is_open:
                    clocks.stop(task.report_clock, "任务已办结，不再填报", by, at=at)
                task.report_period = ""  # no open period: a task reopened later reports by date
            else:
                task.state = TaskState.IN_PROGRESS
                _resume(task, (task.clock, task.report_clock), by, at)
                if redo_workdays and task.clock:
                    cal = get_calendar()
                    redo = cal.add_workdays(_day(at), int(redo_workdays)).value
                    if redo > timezone.localtime(task.clock.due_at).date():
                        clocks.extend(task.clock, new_due=redo, approved_by=by, by=by, at=at,
                                      reason=f"驳回重办，给予 {redo_workdays} 个工作日")
                        task.deadline = redo
            task.save()
        refresh_matter(task.matter)
    if accept:
        _send(unit_contacts(task.unit_id), f"【审核通过】{task.matter.title}",
              f"办结申请已审核通过{('：' + comment) if comment else ''}。", task, "supervision.review")
    else:
        _send(unit_contacts(task.unit_id), f"【驳回重办】{task.matter.title}",
              f"办结申请被驳回：{comment}。请补充完善后重新申请办结。", task, "supervision.review")
    return item


# --- 销号, 评价, 回头看 ---------------------------------------------------------------------------
def close(matter: Matter, by, *, at: datetime | None = None) -> Matter:
    """销号 a matter whose tasks are all done; schedules its 回头看."""
    at = _now(at)
    check(by, "close", matter)
    with transaction.atomic():
        _lock(matter)
        if matter.state != MatterState.AWAITING_CLOSE:
            raise TransitionRefused(f"{matter.get_state_display()}的事项不能销号（须全部任务办结）")
        cal = get_calendar()
        with audit.step("transition", "销号"):
            matter.state, matter.closed_at, matter.closed_by = MatterState.CLOSED, at, by
            if matter.recheck_months:
                matter.recheck_due = cal.add_months(_day(at), matter.recheck_months).value
            matter.save()
            if matter.recheck_due:
                recheck = Recheck.objects.create(matter=matter, due_on=matter.recheck_due)
                recheck.clock = clocks.start_clock(recheck, kind=RECHECK_KIND, unit=matter.lead_unit,
                                                   title=f"回头看：{matter.title}",
                                                   limit=Limit.on(matter.recheck_due), started_at=at,
                                                   start_reason="销号", assigned_by=by, leader=matter.leader,
                                                   tracks_progress=False)
                recheck.save()
    _send(unit_contacts(matter.lead_unit_id), f"【销号】{matter.title}",
          "事项已销号" + (f"，将于 {matter.recheck_due:%Y-%m-%d} 前回头看。" if matter.recheck_due else "。"), matter,
          "supervision.close")
    return matter


def rate(matter: Matter, by, *, rating: str, comment: str = "", at: datetime | None = None) -> Matter:
    at = _now(at)
    check(by, "rate", matter)
    if rating not in Rating.values:
        raise UserError(f"评价等次无效：{rating}（可选：{'、'.join(Rating.labels)}）", code="invalid_rating")
    if rating == Rating.POOR and not (comment or "").strip():
        raise UserError("评为“较差”须写明评价意见", code="reason_required")
    with transaction.atomic():
        _lock(matter)
        if matter.state not in (MatterState.AWAITING_CLOSE, MatterState.CLOSED):
            raise TransitionRefused(f"{matter.get_state_display()}的事项不能评价（须全部任务办结）")
        with audit.step("transition", f"评价：{Rating(rating).label}"):
            matter.rating, matter.rating_comment = rating, (comment or "").strip()
            matter.rated_by, matter.rated_at = by, at
            matter.save()
    return matter


def record_recheck(recheck: Recheck, by, *, result: str, findings: str, method: str | None = None,
                   redo_workdays: int | None = None, at: datetime | None = None) -> Recheck:
    """回头看: 巩固良好 ends it; 出现反弹 reopens the matter's lead tasks with a redo limit."""
    at = _now(at)
    check(by, "recheck", recheck.matter)
    findings = _need(findings, "检查情况")
    if result not in RecheckResult.values:
        raise UserError("请选择回头看结果", code="invalid_result")
    redo = int(redo_workdays or settings.ZHONGSHU_SUPERVISION_REDO_WORKDAYS)
    with transaction.atomic():
        _lock(recheck)
        matter = _lock(recheck.matter)
        if recheck.result:
            raise TransitionRefused("该回头看已经记录结果")
        if matter.state != MatterState.CLOSED:
            raise TransitionRefused(f"{matter.get_state_display()}的事项不能回头看")
        with audit.step("transition", f"回头看：{RecheckResult(result).label}"):
            recheck.result, recheck.findings, recheck.done_by, recheck.done_at = result, findings, by, at
            if method:
                recheck.method = method
            recheck.save()
            if recheck.clock and recheck.clock.is_open:
                clocks.complete(recheck.clock, at=at, by=by)
            if result == RecheckResult.FAILED:
                matter.state, matter.closed_at, matter.recheck_due = MatterState.ACTIVE, None, None
                matter.save()
                cal = get_calendar()
                deadline = cal.add_workdays(_day(at), redo).value
                for task in matter.tasks.filter(parent=None, role="lead", state=TaskState.DONE):
                    task.state, task.deadline, task.completed_at = TaskState.IN_PROGRESS, deadline, None
                    task.progress = task.latest_report.progress if task.latest_report_id else 0  # not done any more
                    if task.clock is not None:
                        clocks.reopen(task.clock, Limit.workdays(redo), f"回头看发现反弹：{findings}", by, at=at)
                    task.save()
                    _send(unit_contacts(task.unit_id), f"【回头看重办】{matter.title}",
                          f"回头看发现问题反弹：{findings}。请于 {deadline:%Y-%m-%d} 前重新办结。", task,
                          "supervision.recheck")
        refresh_matter(matter)
    return recheck


# --- 中止, 挂牌督办, 督办, 催办 ----------------------------------------------------------------------
def suspend(matter: Matter, by, *, reason: str, at: datetime | None = None) -> Matter:
    at = _now(at)
    check(by, "suspend", matter)
    reason = _need(reason, "中止原因")
    with transaction.atomic():
        _lock(matter)
        if matter.state in (MatterState.CLOSED, MatterState.SUSPENDED):
            raise TransitionRefused(f"{matter.get_state_display()}的事项不能中止")
        with audit.step("transition", f"中止：{reason}"):
            matter.state, matter.suspended_reason = MatterState.SUSPENDED, reason
            matter.save()
            for task in matter.tasks.exclude(state__in=[TaskState.DONE, TaskState.SUSPENDED]):
                for clock in (task.clock, task.accept_clock, task.report_clock):
                    if clock is not None and clock.is_open:
                        clocks.stop(clock, f"事项中止：{reason}", by, at=at)
                task.state = TaskState.SUSPENDED
                task.save()
    units = set(matter.tasks.values_list("unit_id", flat=True))
    _send(unit_contacts(units), f"【中止】{matter.title}", f"该事项已中止：{reason}", matter, "supervision.suspend")
    return matter


def flag(matter: Matter, by, *, flagged: bool = True, reason: str = "", at: datetime | None = None) -> Matter:
    """挂牌督办 (or lift it): the highest public escalation, set by a person."""
    at = _now(at)
    check(by, "flag", matter)
    if flagged:
        reason = _need(reason, "挂牌督办的理由")
    with transaction.atomic():
        _lock(matter)
        if matter.state not in (MatterState.ACTIVE, MatterState.AWAITING_CLOSE):
            raise TransitionRefused(f"{matter.get_state_display()}的事项不能挂牌督办")
        if matter.flagged == flagged:
            raise TransitionRefused("该事项已挂牌督办" if flagged else "该事项未挂牌督办")
        with audit.step("transition", ("挂牌督办：" + reason) if flagged else "摘牌"):
            matter.flagged = flagged
            matter.save()
            for task in matter.tasks.filter(state__in=OPEN_TASK_STATES).select_related("clock"):
                if task.clock is not None and task.clock.is_open:
                    clocks.flag(task.clock, by, reason or "摘牌", flagged=flagged, at=at)
    if flagged:
        units = set(matter.tasks.filter(state__in=OPEN_TASK_STATES).values_list("unit_id", flat=True))
        _send(unit_contacts(units), f"【挂牌督办】{matter.title}", f"该事项已挂牌督办：{reason}。请主要负责同志亲自推动。",
              matter, "supervision.flag")
    return matter


def escalate(task: Task, by, *, reason: str, at: datetime | None = None):
    """督办 by a person: red light, a 督办通知单 to the unit, its liaison and leader told."""
    at = _now(at)
    check(by, "escalate", task)
    reason = _need(reason, "督办事由")
    with transaction.atomic():
        _lock(task)
        _refuse_unless(task, OPEN_TASK_STATES, "督办")
        if task.clock is not None and task.clock.is_open and not task.clock.escalated:
            clocks.escalate(task.clock, by, reason, at=at)
        doc = documents.issue(DocKind.ESCALATE, task, by=by, at=at, reason=reason)
    _send(unit_contacts(task.unit_id) + ([task.matter.leader] if task.matter.leader else []),
          f"【督办】{task.matter.title}", f"督查室印发督办通知单（{doc.number}）：{reason}", task, "supervision.escalate")
    return doc


def remind(task: Task, by, *, note: str = "", at: datetime | None = None):
    """催办 by a person, with a 催办通知."""
    at = _now(at)
    check(by, "remind", task)
    with transaction.atomic():
        _lock(task)
        _refuse_unless(task, (TaskState.ASSIGNED, TaskState.IN_PROGRESS), "催办")
        doc = documents.issue(DocKind.REMIND, task, by=by, at=at, reason=(note or "").strip())
    _send(unit_contacts(task.unit_id), f"【催办】{task.matter.title}",
          f"督查室印发催办通知（{doc.number}）{('：' + note) if note else ''}", task, "supervision.remind")
    return doc
