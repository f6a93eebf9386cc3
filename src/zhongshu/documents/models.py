"""公文 records: the editable list of 套话 (empty phrases) the draft checks count ("假、长、空"), the
发文字号 series and the 发文登记簿, 收文 (IncomingDocument with its 传阅 history and 办理情况), and 发文
(OutgoingDocument with every version of its draft, its 会签 and its steps)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhongshu.core.models import BaseModel
from zhongshu.org.roles import Role

from .checks import KIND_CHOICES, KINDS
from .choices import (
    Channel,
    CountersignState,
    IncomingState,
    Movement,
    OutgoingAction,
    OutgoingState,
    RequestKind,
    RequestState,
    Retention,
    Secrecy,
    Urgency,
)

User = settings.AUTH_USER_MODEL


class EmptyPhrase(BaseModel):
    phrase = models.CharField("套话", max_length=40, unique=True)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "套话"
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class NumberSeries(BaseModel):
    """A 发文字号 series: one 机关代字 (示政发, 示政办发, 示政函 …), numbered 1, 2, 3 … per year."""

    code = models.CharField("机关代字", max_length=12, unique=True, help_text="如：示政发、示政办函")
    name = models.CharField("名称", max_length=60, help_text="如：市政府发文")
    issuer = models.CharField("发文机关", max_length=60, help_text="如：示例市人民政府")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "发文字号"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}（{self.name}）"

    def text(self, year: int, seq: int) -> str:
        return f"{self.code}〔{year}〕{seq}号"


class NumberState(models.TextChoices):
    USED = "used", "已使用"
    CANCELLED = "cancelled", "已作废"


class IssuedNumber(BaseModel):
    """One number of a series and year, given once (numbers.take) and never again; a cancelled
    number stays in the book as 已作废 with its reason."""

    series = models.ForeignKey(NumberSeries, on_delete=models.PROTECT, related_name="numbers", verbose_name="发文字号")
    year = models.PositiveSmallIntegerField("年份")
    seq = models.PositiveIntegerField("顺序号")
    title = models.CharField("文件标题", max_length=200)
    state = models.CharField("状态", max_length=10, choices=NumberState.choices, default=NumberState.USED)
    taken_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+", verbose_name="取号人")
    taken_at = models.DateTimeField("取号时间")
    typed = models.BooleanField("手工登记", default=False)
    cancel_reason = models.CharField("作废原因", max_length=200, blank=True)
    cancelled_by = models.ForeignKey("org.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="作废人")
    cancelled_at = models.DateTimeField("作废时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "发文登记"
        ordering = ["series", "-year", "-seq"]
        constraints = [models.UniqueConstraint(fields=["series", "year", "seq"], name="documents_number_once")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.series.text(self.year, self.seq)


# --- 收文 ----------------------------------------------------------------------------------------
class IncomingDocument(BaseModel):
    """One incoming document (收文), from 签收 to 归档 (documents/incoming.py moves it).

    Who sees it (org.scope): the 文秘 (scope_office_roles), the 督查室 and the leaders (office-wide
    roles), and the units it was routed to at 批办 (主办 and 协办单位, and the units above them for
    联络员 and unit leaders); before 批办 no unit sees it. `holder` / `holder_unit` say who holds
    the paper now; `movements` is the whole 传阅 history.

    The same 发文字号 from the same 发文机关 is registered once: `issuer_key` and `number_key` are
    the normalised forms (no blanks; [] 【】 () （） around the year read as 〔〕), unique among the
    documents not returned (退文)."""

    number = models.CharField("收文编号", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    seq = models.PositiveIntegerField("顺序号", null=True, blank=True)
    state = models.CharField("状态", max_length=12, choices=IncomingState.choices, default=IncomingState.RECEIVED,
                             db_index=True)
    title = models.CharField("标题", max_length=200)
    issuer = models.CharField("发文机关", max_length=100)
    issuer_key = models.CharField("发文机关（比对用）", max_length=100, editable=False, default="")
    doc_number = models.CharField("发文字号", max_length=60, blank=True)
    number_key = models.CharField("发文字号（比对用）", max_length=60, editable=False, default="")
    secrecy = models.CharField("密级", max_length=12, choices=Secrecy.choices, default=Secrecy.NONE)
    urgency = models.CharField("紧急程度", max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    written_on = models.DateField("成文日期", null=True, blank=True)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    received_on = models.DateField("收文日期")
    channel = models.CharField("来文方式", max_length=12, choices=Channel.choices, default=Channel.EXCHANGE)
    summary = models.TextField("内容摘要", blank=True)
    received_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="签收人")
    received_at = models.DateTimeField("签收时间")
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name="登记人")
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="初审人")
    reviewed_at = models.DateTimeField("初审时间", null=True, blank=True)
    return_reason = models.TextField("退文理由", blank=True)
    proposal = models.TextField("拟办意见", blank=True)
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="拟办人")
    proposed_at = models.DateTimeField("拟办时间", null=True, blank=True)
    proposed_leader = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name="呈批领导")
    proposed_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="拟承办单位")
    direction = models.TextField("批办意见", blank=True)
    directed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="批办领导")
    directed_at = models.DateTimeField("批办时间", null=True, blank=True)
    lead_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="incoming_led", verbose_name="主办单位")
    co_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="incoming_co", verbose_name="协办单位")
    deadline = models.DateField("办理时限", null=True, blank=True)
    clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name="办理时限")
    holder = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="当前持有人")
    holder_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="当前所在单位")
    result = models.TextField("办理结果", blank=True)
    completed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="办结人")
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    completed_late = models.BooleanField("逾期办结", default=False)
    remind_count = models.PositiveSmallIntegerField("催办次数", default=0)
    reminded_at = models.DateTimeField("最近催办", null=True, blank=True)
    retention = models.CharField("保管期限", max_length=10, choices=Retention.choices, blank=True)
    archive_note = models.CharField("归档说明", max_length=200, blank=True)
    archived_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="归档人")
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    scope_unit_fields = ("lead_unit", "co_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "收文"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["state", "received_at"], name="documents_incoming_state"),
            models.Index(fields=["lead_unit", "state"], name="documents_incoming_unit"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["issuer_key", "number_key"],
                                    condition=Q(number_key__gt="") & ~Q(state="returned"),
                                    name="documents_incoming_once"),
            models.UniqueConstraint(fields=["number"], condition=Q(number__gt=""), name="documents_incoming_number"),
            models.CheckConstraint(condition=Q(copies__gte=1), name="documents_incoming_copies"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '未登记'} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/documents/incoming/{self.pk}/"

    @property
    def holder_text(self) -> str:
        """Where the paper is now, in words: a person (with their unit), or a unit."""
        if self.state == IncomingState.ARCHIVED:
            return "已归档"
        if self.state == IncomingState.RETURNED:
            return f"已退回{self.issuer}"
        if self.holder_id:
            name = self.holder.full_name or self.holder.username
            unit = self.holder.unit.short_name if self.holder.unit_id else ""
            return f"{name}（{unit}）" if unit else name
        if self.holder_unit_id:
            return self.holder_unit.name
        return "—"


class Circulation(BaseModel):
    """One movement of the paper (签收, 呈批, 传阅, 交承办, 办结退回): from whom, to whom, when, and
    when the receiver read it (圈阅) with what remark. The last row's receiver holds it now."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="movements",
                                 verbose_name="收文")
    kind = models.CharField("环节", max_length=10, choices=Movement.choices)
    from_user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="送出人")
    from_label = models.CharField("送出", max_length=100, blank=True)
    to_user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="接收人")
    to_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="接收单位")
    to_label = models.CharField("接收", max_length=100)
    note = models.CharField("附言", max_length=300, blank=True)
    sent_at = models.DateTimeField("送出时间")
    read_at = models.DateTimeField("阅毕时间", null=True, blank=True)
    read_comment = models.CharField("阅示意见", max_length=300, blank=True)

    scope_unit_fields = ("document__lead_unit", "document__co_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "收文传阅"
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_label} → {self.to_label}"


class HandlingNote(BaseModel):
    """办理情况: what the 承办 unit reports while handling (before 办结)."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="notes",
                                 verbose_name="收文")
    text = models.TextField("办理情况")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="填报人")
    at = models.DateTimeField("填报时间")

    scope_unit_fields = ("document__lead_unit", "document__co_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "收文办理情况"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


# --- 发文 ----------------------------------------------------------------------------------------
class IncomingRequest(BaseModel):
    """A 承办单位's request about a 收文 it handles: 退回 (not its duty: back to the 文秘 for a new
    拟办) or 延期 (a later 办理时限, asked before the deadline). The 文秘 decides; one request is
    pending at a time."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="requests",
                                 verbose_name="收文")
    kind = models.CharField("申请事项", max_length=10, choices=RequestKind.choices)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="申请单位")
    reason = models.TextField("理由")
    old_deadline = models.DateField("原办理时限", null=True, blank=True)
    new_deadline = models.DateField("申请延至", null=True, blank=True)
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    asked_at = models.DateTimeField("申请时间")
    state = models.CharField("状态", max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    scope_unit_fields = ("unit", "document__lead_unit", "document__co_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "收文退回和延期申请"
        ordering = ["asked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["document"], condition=Q(state="pending"),
                                               name="documents_incoming_one_pending_request")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}申请：{self.document}（{self.get_state_display()}）"


class OutgoingDocument(BaseModel):
    """One outgoing document (发文), from 拟稿 to 归档 (documents/outgoing.py moves it).

    Who sees it (org.scope): the 文秘 (scope_office_roles), the 督查室 and the leaders (office-wide
    roles), the drafting unit and the units asked to countersign (and the units above them for
    联络员 and unit leaders). The text lives in `versions` (DraftVersion, never edited); the
    current text is the last version. `number` is the 文号 given at 编号 (documents.numbers)."""

    kind = models.CharField("文种", max_length=12, choices=KIND_CHOICES)
    title = models.CharField("标题", max_length=200)
    main_to = models.CharField("主送机关", max_length=200, blank=True)
    copy_to = models.CharField("抄送机关", max_length=300, blank=True)
    secrecy = models.CharField("密级", max_length=12, choices=Secrecy.choices, default=Secrecy.NONE)
    urgency = models.CharField("紧急程度", max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    drafting_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="outgoing_drafted",
                                      verbose_name="拟稿单位")
    series = models.ForeignKey(NumberSeries, on_delete=models.PROTECT, related_name="outgoing",
                               verbose_name="发文字号（机关代字）")
    state = models.CharField("状态", max_length=16, choices=OutgoingState.choices, default=OutgoingState.DRAFTING,
                             db_index=True)
    countersign_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="outgoing_countersigned",
                                               verbose_name="会签单位")
    countersign_round = models.PositiveSmallIntegerField("会签轮次", default=0)
    drafted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人")
    drafted_at = models.DateTimeField("拟稿时间")
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="核稿人")
    reviewed_at = models.DateTimeField("核稿时间", null=True, blank=True)
    signer = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="签发领导")
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    sign_opinion = models.CharField("签发意见", max_length=300, blank=True)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="复核人")
    checked_at = models.DateTimeField("复核时间", null=True, blank=True)
    issued_number = models.OneToOneField(IssuedNumber, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="outgoing", verbose_name="发文登记")
    number = models.CharField("文号", max_length=40, blank=True)
    numbered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="编号人")
    numbered_at = models.DateTimeField("编号时间", null=True, blank=True)
    printer = models.CharField("印发机关", max_length=60, blank=True)
    print_date = models.DateField("印发日期", null=True, blank=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="印发人")
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    retention = models.CharField("保管期限", max_length=10, choices=Retention.choices, blank=True)
    archive_note = models.CharField("归档说明", max_length=200, blank=True)
    archived_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="归档人")
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    scope_unit_fields = ("drafting_unit", "countersign_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "发文"
        ordering = ["-drafted_at", "-id"]
        indexes = [models.Index(fields=["state", "drafted_at"], name="documents_outgoing_state"),
                   models.Index(fields=["drafting_unit", "state"], name="documents_outgoing_unit")]

    def __str__(self) -> str:
        return f"{self.number or '未编号'} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/documents/outgoing/{self.pk}/"

    @property
    def kind_name(self) -> str:
        return KINDS.get(self.kind, ("", False))[0]

    @property
    def upward(self) -> bool:
        """请示 and 报告 go to a higher organ: their 版头 names the 签发人."""
        return self.kind in ("request", "report")

    def latest_version(self):
        return self.versions.order_by("-number").first()


class DraftVersion(BaseModel):
    """One saved text of a draft: numbered 1, 2, 3 … per document, never edited (a new save makes
    a new version)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="versions",
                                 verbose_name="发文")
    number = models.PositiveSmallIntegerField("稿次")
    text = models.TextField("文稿")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="修改人")
    at = models.DateTimeField("保存时间")
    note = models.CharField("修改说明", max_length=300, blank=True)
    file_name = models.CharField("上传文件", max_length=200, blank=True)

    scope_unit_fields = ("document__drafting_unit", "document__countersign_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "发文文稿版本"
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documents_version_once")]

    def __str__(self) -> str:
        return f"第{self.number}稿"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("文稿版本保存后不得修改，请保存为新的版本")
        super().save(*args, **kwargs)


class Countersign(BaseModel):
    """会签: one row per unit asked in a round, its opinion, 同意 / 不同意, by whom, when. A round
    ends with every unit agreed (→ 签发) or at the first 不同意 (→ back to the drafter); a new
    round asks again. Each row has its 会签时限 clock (documents.countersign)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="countersigns",
                                 verbose_name="发文")
    round = models.PositiveSmallIntegerField("轮次")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="会签单位")
    state = models.CharField("会签结果", max_length=10, choices=CountersignState.choices,
                             default=CountersignState.PENDING)
    opinion = models.CharField("会签意见", max_length=500, blank=True)
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="+", verbose_name="会签稿")
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                           verbose_name="会签人")
    at = models.DateTimeField("会签时间", null=True, blank=True)
    clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name="会签时限")

    scope_unit_fields = ("document__drafting_unit", "document__countersign_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "会签"
        ordering = ["document", "round", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "round", "unit"], name="documents_countersign_once")]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_state_display()}"


class OutgoingStep(BaseModel):
    """One step taken on a 发文 (拟稿, 核稿, 会签, 签发 …): who, when, the opinion."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="steps",
                                 verbose_name="发文")
    action = models.CharField("环节", max_length=16, choices=OutgoingAction.choices)
    label = models.CharField("办理", max_length=100)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="办理人")
    at = models.DateTimeField("办理时间")
    opinion = models.TextField("意见", blank=True)

    scope_unit_fields = ("document__drafting_unit", "document__countersign_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "发文办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.label
