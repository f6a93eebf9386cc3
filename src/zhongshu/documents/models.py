"""The editable list of 套话 (empty phrases) the draft checks count ("假、长、空")."""

from __future__ import annotations

from django.db import models

from zhongshu.core.models import BaseModel


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
