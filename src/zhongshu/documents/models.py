"""公文 records: the editable list of 套话 (empty phrases) the draft checks count ("假、长、空"), the
发文字号 series and the 发文登记簿, and 收文 (IncomingDocument with its 传阅 history and 办理情况)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhongshu.core.models import BaseModel
from zhongshu.org.roles import Role

from .choices import Channel, IncomingState, Movement, Retention, Secrecy, Urgency

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
