"""督查督办: matters (事项), their tasks (子任务, a tree), and what units and the office do on them.

- A `Matter` is what is supervised: source and basis, 牵头领导, lead unit and co-units, target,
  deadline, report cycle. Its state, progress and light roll up from its tasks (rollup.py).
- A `Task` is one unit's part (or one milestone, as a child of a unit's task), with its own
  deadline clock (clocks app), acceptance clock and the clock of the current report period.
- `ProgressReport`, `ExtensionRequest`, `CoordinationRequest`, `ReturnRequest`,
  `CompletionRequest` and `Recheck` are the steps of the loop, each a row with who and when.
- `SupervisionDoc` is an issued paper (交办通知单, 催办通知, 督办通知单, 督查通报) with its 文号;
  its .docx is rendered from the stored snapshot, so a reprint is the same paper.

Scoping (org.scope): a matter and all its tasks are visible to its lead unit, its co-units and
the units of its tasks (and to the units above them, for 联络员 and unit leaders) — the units
of one matter work together and see each other's part; acting on a task is for its own unit
only (permissions.py). 督查室 and city leaders see everything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhongshu.core.models import BaseModel

from .choices import (
    Cycle,
    DocKind,
    Importance,
    MatterState,
    Method,
    Rating,
    RecheckResult,
    RequestState,
    Role,
    Source,
    TaskState,
)

User = settings.AUTH_USER_MODEL


class Matter(BaseModel):
    number = models.CharField("立项号", max_length=40, unique=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("事项名称", max_length=300)
    source = models.CharField("事项来源", max_length=30, choices=Source.choices, default=Source.OTHER)
    source_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="来源记录类型")
    source_id = models.PositiveBigIntegerField("来源记录编号", null=True, blank=True)
    source_ref = models.CharField("来源文号或名称", max_length=200, blank=True)
    basis = models.TextField("立项依据", blank=True)
    category = models.CharField("领域", max_length=50, blank=True, db_index=True)
    leader = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="led_matters",
                               verbose_name="牵头领导")
    lead_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="led_matters",
                                  verbose_name="牵头单位")
    co_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="co_matters", verbose_name="配合单位")
    target = models.TextField("目标要求", blank=True)
    deadline = models.DateField("完成时限")
    report_cycle = models.CharField("填报周期", max_length=20, choices=Cycle.choices, default=Cycle.MONTHLY)
    report_day = models.PositiveSmallIntegerField("填报日", default=25,
                                                  help_text="每月/每季度：当月第几日；每周：星期几（1–5）")
    importance = models.CharField("重要程度", max_length=10, choices=Importance.choices, default=Importance.NORMAL)
    method = models.CharField("督查方式", max_length=20, choices=Method.choices, default=Method.ITEMIZED)
    state = models.CharField("状态", max_length=20, choices=MatterState.choices, default=MatterState.DRAFT,
                             db_index=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    flagged = models.BooleanField("挂牌督办", default=False)
    latest_progress = models.TextField("最新进展", blank=True)
    latest_progress_at = models.DateTimeField("最新进展时间", null=True, blank=True)
    registered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                      verbose_name="立项人")
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    assigned_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="交办人")
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name="销号人")
    rating = models.CharField("评价", max_length=10, choices=Rating.choices, blank=True)
    rating_comment = models.TextField("评价意见", blank=True)
    rated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="评价人")
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    recheck_months = models.PositiveSmallIntegerField("回头看间隔（月）", default=3,
                                                      help_text="销号后几个月回头看；0 表示不回头看")
    recheck_due = models.DateField("回头看时限", null=True, blank=True)
    suspended_reason = models.TextField("中止原因", blank=True)

    scope_unit_fields = ("lead_unit", "co_units", "tasks__unit")

    class Meta:
        verbose_name = verbose_name_plural = "督办事项"
        ordering = ["-year", "number"]
        indexes = [
            models.Index(fields=["state", "deadline"], name="sv_matter_state_deadline"),
            models.Index(fields=["lead_unit", "state"], name="sv_matter_unit_state"),
            models.Index(fields=["source_type", "source_id"], name="sv_matter_source"),
        ]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="sv_matter_progress_max")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/supervision/matters/{self.pk}/"


class Task(BaseModel):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="tasks", verbose_name="事项")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name="上级任务")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="supervision_tasks",
                             verbose_name="承办单位")
    role = models.CharField("承办角色", max_length=10, choices=Role.choices, default=Role.LEAD)
    title = models.CharField("任务内容", max_length=300)
    is_milestone = models.BooleanField("阶段目标", default=False)
    deadline = models.DateField("完成时限")
    weight = models.PositiveSmallIntegerField("权重", default=1)
    owner_name = models.CharField("责任人", max_length=50, blank=True)
    owner_phone = models.CharField("联系电话", max_length=30, blank=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    state = models.CharField("状态", max_length=20, choices=TaskState.choices, default=TaskState.DRAFT, db_index=True)
    sort = models.PositiveIntegerField("顺序", default=0)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="签收人")
    accepted_late = models.BooleanField("逾期签收", default=False)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name="办理时限")
    accept_clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="签收时限")
    report_clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="本期填报时限")
    report_period = models.CharField("本期填报周期", max_length=20, blank=True)
    latest_report = models.ForeignKey("ProgressReport", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name="最新进展")

    scope_unit_fields = ("unit", "matter__lead_unit", "matter__co_units")

    class Meta:
        verbose_name = verbose_name_plural = "督办任务"
        ordering = ["matter", "sort", "id"]
        indexes = [
            models.Index(fields=["unit", "state"], name="sv_task_unit_state"),
            models.Index(fields=["matter", "sort"], name="sv_task_matter_sort"),
            models.Index(fields=["state", "deadline"], name="sv_task_state_deadline"),
            # the ledger: a unit's matters (scope, unit filter) and tasks by deadline
            models.Index(fields=["unit", "matter"], name="sv_task_unit_matter"),
            models.Index(fields=["deadline", "id"], name="sv_task_deadline_id"),
        ]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="sv_task_progress_max")]

    def __str__(self) -> str:
        return f"{self.title}（{self.unit.short_name if self.unit_id else ''}）"

    def get_absolute_url(self) -> str:
        return f"/supervision/tasks/{self.pk}/"

    @property
    def light_clock(self):
        """The clock whose light the task shows: its deadline, or before that its acceptance."""
        return self.clock or self.accept_clock

    @property
    def accept_overdue(self) -> bool:
        """签收逾期: still not accepted after the acceptance deadline."""
        from django.utils import timezone

        clock = self.accept_clock
        return (self.state == TaskState.ASSIGNED and clock is not None and clock.is_open
                and timezone.now() > clock.due_at)

    @property
    def state_text(self) -> str:
        return "签收逾期" if self.accept_overdue else self.get_state_display()


class ProgressReport(BaseModel):
    """进展反馈 for one period of the task's report cycle; UNIQUE per (task, period)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name="任务")
    period = models.CharField("填报周期", max_length=20)
    period_label = models.CharField("周期", max_length=40)
    due_on = models.DateField("应报日期", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("进度（%）")
    done = models.TextField("具体进展")
    problems = models.TextField("存在问题", blank=True)
    needs_coordination = models.BooleanField("需领导协调", default=False)
    next_steps = models.TextField("下一步计划", blank=True)
    handler = models.CharField("经办人", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name="填报人")
    submitted_at = models.DateTimeField("填报时间")
    on_time = models.BooleanField("按时填报", default=True)

    scope_unit_fields = ("task__unit", "task__matter__lead_unit", "task__matter__co_units")

    class Meta:
        verbose_name = verbose_name_plural = "进展反馈"
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="sv_report_once_per_period"),
                       models.CheckConstraint(condition=Q(progress__lte=100), name="sv_report_progress_max")]

    def __str__(self) -> str:
        return f"{self.task} · {self.period_label}"


class ExtensionRequest(BaseModel):
    """延期申请: asked before the deadline; the unit leader approves, then the 督查室."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions", verbose_name="任务")
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    reason = models.TextField("延期理由")
    old_deadline = models.DateField("原完成时限")
    new_deadline = models.DateField("申请延至")
    state = models.CharField("状态", max_length=20, choices=RequestState.choices, default=RequestState.PENDING_UNIT)
    unit_decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                        verbose_name="单位审批人")
    unit_decided_at = models.DateTimeField("单位审批时间", null=True, blank=True)
    unit_comment = models.TextField("单位意见", blank=True)
    office_decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                          verbose_name="督查室审批人")
    office_decided_at = models.DateTimeField("督查室审批时间", null=True, blank=True)
    office_comment = models.TextField("督查室意见", blank=True)

    scope_unit_fields = ("task__unit", "task__matter__lead_unit", "task__matter__co_units")

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["task"], condition=Q(state__in=[RequestState.PENDING_UNIT, RequestState.PENDING_OFFICE]),
            name="sv_one_open_extension")]

    def __str__(self) -> str:
        return f"延期申请：{self.task}（{self.get_state_display()}）"


class CoordinationRequest(BaseModel):
    """协调申请: a unit asks a leader to clear a blocker."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinations", verbose_name="任务")
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    issue = models.TextField("需协调的问题")
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="coordination_requests",
                               verbose_name="请求协调的领导")
    state = models.CharField("状态", max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    reply = models.TextField("协调意见", blank=True)
    replied_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="答复人")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)

    scope_unit_fields = ("task__unit", "task__matter__lead_unit", "task__matter__co_units")

    class Meta:
        verbose_name = verbose_name_plural = "协调申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"协调申请：{self.task}"


class ReturnRequest(BaseModel):
    """退回: the unit says the task is not its business; the 督查室 reassigns it or keeps it there."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="returns", verbose_name="任务")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="退回单位")
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name="退回人")
    requested_at = models.DateTimeField("退回时间")
    reason = models.TextField("退回理由")
    suggested_unit = models.ForeignKey("org.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name="建议承办单位")
    previous_state = models.CharField("退回前状态", max_length=20, choices=TaskState.choices)
    state = models.CharField("状态", max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="处理人")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    comment = models.TextField("处理意见", blank=True)
    new_unit = models.ForeignKey("org.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="改派单位")

    scope_unit_fields = ("unit", "task__unit", "task__matter__lead_unit")

    class Meta:
        verbose_name = verbose_name_plural = "退回申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"退回：{self.task}"


class CompletionRequest(BaseModel):
    """办结申请 with its evidence, and the 督查室's 审核 (accept, or 驳回重办 with reasons)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completions", verbose_name="任务")
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name="申请人")
    submitted_at = models.DateTimeField("申请时间")
    result = models.TextField("办理结果")
    state = models.CharField("状态", max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)

    scope_unit_fields = ("task__unit", "task__matter__lead_unit", "task__matter__co_units")

    class Meta:
        verbose_name = verbose_name_plural = "办结申请"
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["task"], condition=Q(state=RequestState.PENDING),
                                               name="sv_one_open_completion")]

    def __str__(self) -> str:
        return f"办结申请：{self.task}（{self.get_state_display()}）"


class Recheck(BaseModel):
    """回头看: the scheduled re-check that a closed matter stayed done."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="rechecks", verbose_name="事项")
    due_on = models.DateField("回头看时限")
    clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name="时限")
    result = models.CharField("结果", max_length=10, choices=RecheckResult.choices, blank=True)
    findings = models.TextField("检查情况", blank=True)
    method = models.CharField("方式", max_length=20, choices=Method.choices, default=Method.ONSITE)
    done_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name="检查人")
    done_at = models.DateTimeField("检查时间", null=True, blank=True)

    scope_unit_fields = ("matter__lead_unit", "matter__co_units")

    class Meta:
        verbose_name = verbose_name_plural = "回头看"
        ordering = ["-due_on", "-id"]

    def __str__(self) -> str:
        return f"回头看：{self.matter}"


class SupervisionDoc(BaseModel):
    """An issued paper with its 文号; `content` holds what was printed (rendered again on download)."""

    kind = models.CharField("文书类型", max_length=20, choices=DocKind.choices)
    number = models.CharField("文号", max_length=60, unique=True)
    seq = models.PositiveIntegerField("序号")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=300)
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, null=True, blank=True, related_name="docs",
                               verbose_name="事项")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="docs",
                             verbose_name="任务")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="主送单位")
    issued_at = models.DateTimeField("印发时间")
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name="经办人")
    period_start = models.DateField("通报起始日", null=True, blank=True)
    period_end = models.DateField("通报截止日", null=True, blank=True)
    content = models.JSONField("内容", default=dict)

    # A bulletin names every unit: office-wide; a notice is visible to its addressee unit.
    scope_unit_fields = ("unit",)
    audit_exclude_fields = ("content",)

    class Meta:
        verbose_name = verbose_name_plural = "督查文书"
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["kind", "year"], name="sv_doc_kind_year")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return f"/supervision/docs/{self.pk}/"


class SavedFilter(BaseModel):
    """A user's named ledger filter (常用筛选)."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervision_filters",
                              verbose_name="用户")
    name = models.CharField("名称", max_length=40)
    query = models.CharField("筛选条件", max_length=1000)

    audit_enabled = False

    class Meta:
        verbose_name = verbose_name_plural = "常用筛选"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="sv_filter_unique_name")]

    def __str__(self) -> str:
        return self.name
