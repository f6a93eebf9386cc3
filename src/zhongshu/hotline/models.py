"""12345 热线: tickets (工单) from intake to callback, the category tree, the 派单目录, time limits,
the knowledge base, and the API clients of the Open311 door.

- `Ticket` is one citizen request. Its `unit` is the unit that holds it now (null before 派单);
  the steps it went through are `TicketStep` rows (who, when, what; the citizen page shows them),
  and every change is also in the audit trail. Its deadlines are clocks (kinds hotline.accept,
  hotline.handle, hotline.callback), so lights, reminders and 督办 come from the one engine.
- `Category` is the tree of 一级/二级/三级 分类; `CatalogueEntry` says which unit a category goes
  to and on what basis (the duty-list entry): every 派单 stores the entry it followed.
- `TimeLimitRule` is the time limit per request type and urgency (editable settings).

Scoping (org.scope): a ticket is visible to the unit that holds it (and the units above it, for
联络员 and unit leaders); the hotline office (HOTLINE_ROLES) and the office-wide roles see all.
Caller identity is a separate rule (permissions.can_see_caller): masked in lists, hidden from
the handling unit when the ticket is confidential.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhongshu.core.models import BaseModel
from zhongshu.org.roles import HOTLINE_ROLES

from .choices import (
    Channel,
    ClosedHow,
    RequestState,
    RequestType,
    Resolution,
    ReturnReason,
    Satisfaction,
    StepKind,
    TicketState,
    Urgency,
)

User = settings.AUTH_USER_MODEL
DESCRIPTION_MAX = 20000


class Category(BaseModel):
    """One node of the category tree (一级 → 二级 → 三级)."""

    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name="上级分类")
    name = models.CharField("分类名称", max_length=60)
    level = models.PositiveSmallIntegerField("层级", default=1)
    full_name = models.CharField("完整名称", max_length=200, db_index=True)
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    scope_office_roles = HOTLINE_ROLES

    class Meta:
        verbose_name = verbose_name_plural = "热线分类"
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="hotline_category_unique"),
                       models.UniqueConstraint(fields=["name"], condition=Q(parent__isnull=True),
                                               name="hotline_category_root_unique")]

    def __str__(self) -> str:
        return self.full_name or self.name


class CatalogueEntry(BaseModel):
    """派单目录: tickets of `category` go to `unit`, by `basis` (the 职责清单 entry)."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="catalogue",
                                 verbose_name="分类")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="hotline_catalogue",
                             verbose_name="责任单位")
    basis = models.TextField("派单依据（职责清单）")
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("有效", default=True)

    scope_office_roles = HOTLINE_ROLES

    class Meta:
        verbose_name = verbose_name_plural = "派单目录"
        constraints = [models.UniqueConstraint(fields=["category"], condition=Q(active=True),
                                               name="hotline_catalogue_one_active")]

    def __str__(self) -> str:
        return f"{self.category} → {self.unit}"


class TimeLimitRule(BaseModel):
    """The time limits for one request type and urgency (签收 and 办理), on the foundation's clock."""

    request_type = models.CharField("诉求类型", max_length=20, choices=RequestType.choices)
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices)
    accept_kind = models.CharField("签收时限类型", max_length=20, default="workdays")
    accept_value = models.FloatField("签收时限", default=1)
    handle_kind = models.CharField("办理时限类型", max_length=20, default="workdays")
    handle_value = models.FloatField("办理时限")

    class Meta:
        verbose_name = verbose_name_plural = "热线办理时限"
        constraints = [models.UniqueConstraint(fields=["request_type", "urgency"], name="hotline_limit_unique")]

    def __str__(self) -> str:
        return f"{self.get_request_type_display()}·{self.get_urgency_display()}"


class KnowledgeEntry(BaseModel):
    """知识库: a question the agents can answer on the spot (直接答复)."""

    question = models.CharField("问题", max_length=200)
    answer = models.TextField("答复口径")
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以空格或顿号分隔")
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="分类")
    active = models.BooleanField("有效", default=True)

    scope_office_roles = HOTLINE_ROLES

    class Meta:
        verbose_name = verbose_name_plural = "热线知识库"

    def __str__(self) -> str:
        return self.question


class ApiClient(BaseModel):
    """A system allowed to file tickets through Open311 (`api_key`, stored as a SHA-256 hash)."""

    name = models.CharField("接入系统", max_length=100, unique=True)
    key_hash = models.CharField("密钥摘要", max_length=64, unique=True)
    key_hint = models.CharField("密钥末四位", max_length=8, blank=True)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices, default=Channel.API)
    active = models.BooleanField("启用", default=True)

    audit_exclude_fields = ("key_hash",)

    class Meta:
        verbose_name = verbose_name_plural = "热线接入系统"

    def __str__(self) -> str:
        return self.name


class Ticket(BaseModel):
    number = models.CharField("工单编号", max_length=20, unique=True, null=True, blank=True)
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices, default=Channel.PHONE)
    caller_name = models.CharField("来电人", max_length=60, blank=True)
    caller_phone = models.CharField("联系电话", max_length=20, blank=True, db_index=True)
    confidential = models.BooleanField("保密", default=False, help_text="对承办单位隐去来电人身份")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
                                 verbose_name="分类")
    request_type = models.CharField("诉求类型", max_length=20, choices=RequestType.choices,
                                    default=RequestType.CONSULT)
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    location = models.CharField("地点", max_length=200, blank=True)
    place = models.CharField("归一地点", max_length=100, blank=True, db_index=True)
    lat = models.FloatField("纬度", null=True, blank=True)
    long = models.FloatField("经度", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    description = models.TextField("诉求内容")
    state = models.CharField("状态", max_length=20, choices=TicketState.choices, default=TicketState.RECEIVED,
                             db_index=True)
    received_at = models.DateTimeField("受理时间", db_index=True)
    received_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="受理人")
    api_client = models.ForeignKey(ApiClient, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="接入系统")
    idempotency_key = models.CharField("幂等键", max_length=80, null=True, blank=True)
    retrieval_code = models.CharField("查询码", max_length=12)
    # 派单
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="hotline_tickets", verbose_name="承办单位")
    catalogue_entry = models.ForeignKey(CatalogueEntry, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name="派单目录条目")
    dispatch_basis = models.TextField("派单依据", blank=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    dispatched_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                      verbose_name="派单人")
    dispatch_final = models.BooleanField("派单已裁定", default=False)
    returns = models.PositiveSmallIntegerField("退单次数", default=0)
    return_reason = models.CharField("退单原因", max_length=20, choices=ReturnReason.choices, blank=True)
    return_text = models.TextField("退单说明", blank=True)
    return_unit = models.ForeignKey("org.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="退单单位")
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    accepted_late = models.BooleanField("逾期签收", default=False)
    # 答复 / 办结
    reply = models.TextField("答复内容", blank=True)
    resolution = models.CharField("办理结果", max_length=20, choices=Resolution.choices, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_late = models.BooleanField("逾期答复", default=False)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True, db_index=True)
    closed_how = models.CharField("办结方式", max_length=20, choices=ClosedHow.choices, blank=True)
    knowledge = models.ForeignKey(KnowledgeEntry, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="知识库条目")
    # 回访
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    unit_at_fault = models.BooleanField("不满意归因于承办单位", default=False)
    callback_note = models.TextField("回访记录", blank=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    suspended_from = models.CharField("挂起前状态", max_length=20, blank=True)
    # 并单
    master = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged",
                               verbose_name="并入工单")
    # learned suggestions at intake
    suggested_category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name="建议分类")
    suggested_unit = models.ForeignKey("org.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name="建议承办单位")
    suggestion = models.JSONField("智能建议", default=dict, blank=True)
    # duplicate signature (topics.signature), four 16-bit bands, each indexed
    sig = models.BigIntegerField("内容指纹", null=True, blank=True)
    sig_b0 = models.IntegerField(null=True, blank=True)
    sig_b1 = models.IntegerField(null=True, blank=True)
    sig_b2 = models.IntegerField(null=True, blank=True)
    sig_b3 = models.IntegerField(null=True, blank=True)
    votes = models.PositiveIntegerField("点赞数", default=0)
    matter_id = models.PositiveBigIntegerField("督办事项", null=True, blank=True)

    scope_unit_fields = ("unit",)
    scope_office_roles = HOTLINE_ROLES

    class Meta:
        verbose_name = verbose_name_plural = "热线工单"
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["api_client", "idempotency_key"],
                                               condition=Q(idempotency_key__isnull=False),
                                               name="hotline_ticket_idempotent")]
        indexes = [models.Index(fields=["unit", "state"], name="hotline_ticket_unit_state"),
                   models.Index(fields=["sig_b0"], name="hotline_sig_b0"),
                   models.Index(fields=["sig_b1"], name="hotline_sig_b1"),
                   models.Index(fields=["sig_b2"], name="hotline_sig_b2"),
                   models.Index(fields=["sig_b3"], name="hotline_sig_b3"),
                   models.Index(fields=["updated_at"], name="hotline_ticket_updated")]

    def __str__(self) -> str:
        return f"{self.number or '新工单'} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("hotline:ticket", args=[self.pk])


class TicketStep(BaseModel):
    """One step of a ticket's handling, as the staff and the citizen see it."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="steps", verbose_name="工单")
    kind = models.CharField("环节", max_length=20, choices=StepKind.choices)
    at = models.DateTimeField("时间")
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                           verbose_name="经办人")
    by_label = models.CharField("经办人", max_length=100, blank=True)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="单位")
    text = models.TextField("内容", blank=True)
    public = models.BooleanField("对市民公开", default=True)

    scope_unit_fields = ("ticket__unit",)
    scope_office_roles = HOTLINE_ROLES
    audit_enabled = False  # the ticket's own changes are audited; a step is their readable copy

    class Meta:
        verbose_name = verbose_name_plural = "工单办理过程"
        ordering = ["at", "id"]


class ExtensionRequest(BaseModel):
    """延期: asked by the unit before the deadline, with its basis; decided by the hotline office."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="extensions", verbose_name="工单")
    days = models.PositiveSmallIntegerField("延长工作日")
    basis = models.TextField("延期依据")
    asked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="申请人")
    asked_at = models.DateTimeField("申请时间")
    state = models.CharField("状态", max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    scope_unit_fields = ("ticket__unit",)
    scope_office_roles = HOTLINE_ROLES

    class Meta:
        verbose_name = verbose_name_plural = "工单延期申请"
        constraints = [models.UniqueConstraint(fields=["ticket"], condition=Q(state="pending"),
                                               name="hotline_one_pending_extension")]


class KpiDay(models.Model):
    """考核日汇总 (kpi.py): the counts behind the seven rates for the tickets received on `rday`,
    per handling unit (null: not dispatched / answered by the hotline itself) and per `day` —
    the 受理 day (= rday) for the intake counts, the 办结 day for the closing counts. Rebuilt per
    rday by kpi.refresh() (received_at never changes, so a ticket's rows are always found again);
    the KPI page sums the rows of a date range instead of scanning the tickets."""

    rday = models.DateField("受理日")
    day = models.DateField("统计日")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.DO_NOTHING, null=True, blank=True,
                             db_constraint=False, related_name="+", verbose_name="承办单位")
    received = models.IntegerField(default=0)
    phoned = models.IntegerField(default=0)
    repeat = models.IntegerField(default=0)
    dispatched = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    accepted_on_time = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    solved = models.IntegerField(default=0)
    unit_closed = models.IntegerField(default=0)
    unit_on_time = models.IntegerField(default=0)
    called_back = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    refreshed_at = models.DateTimeField("汇总时间")

    class Meta:
        verbose_name = verbose_name_plural = "热线考核日汇总"
        indexes = [models.Index(fields=["day"], name="hotline_kpiday_day"),
                   models.Index(fields=["rday"], name="hotline_kpiday_rday")]

    def __str__(self) -> str:
        return f"{self.rday} 受理 / {self.day} 统计（单位 {self.unit_id or '—'}）"


class IntakeState(models.TextChoices):
    QUEUED = "queued", "待登记"
    FILED = "filed", "已登记"
    FAILED = "failed", "登记失败"


class IntakeRequest(models.Model):
    """A request another system filed through Open311 while ZHONGSHU_OPEN311_QUEUE is on
    (intake_queue.py): checked at once, answered with its `token`, and filed as a ticket by a
    worker in batches. `fields` are the validated ticket fields; `actor` and `ip` are who filed
    it, for the audit records written when the ticket is filed."""

    token = models.CharField("token", max_length=40, unique=True)
    api_client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+", verbose_name="接入系统")
    idempotency_key = models.CharField("幂等键", max_length=80, null=True, blank=True)
    fields = models.JSONField("诉求内容")
    actor = models.CharField("提交方", max_length=100)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=IntakeState.choices, default=IntakeState.QUEUED)
    ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name="工单")
    error = models.TextField("失败原因", blank=True)
    created_at = models.DateTimeField("提交时间")
    filed_at = models.DateTimeField("登记时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "Open311 受理队列"
        constraints = [models.UniqueConstraint(fields=["api_client", "idempotency_key"],
                                               condition=Q(idempotency_key__isnull=False),
                                               name="hotline_intake_idempotent")]
        indexes = [models.Index(fields=["id"], condition=Q(state="queued"), name="hotline_intake_queued")]

    def __str__(self) -> str:
        return f"{self.token}（{self.get_state_display()}）"
