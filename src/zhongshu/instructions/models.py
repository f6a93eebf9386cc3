"""领导批示: an `Instruction` (批示件: the leader, the day, the document or report it was written
on, a scan) and its `Round`s. Round 1 is the first 批示; the leader's next 批示 on the
办理情况报告 opens round 2, and so on, until the leader closes it (阅结).

A round is 转办 to a lead unit and co-units with the leader's deadline; 转办 registers and
assigns a 督办 matter through `zhongshu.supervision.register_from` (the matter links back to
the round). Each routed unit files one `Report` (办理情况报告: 落实过程, 基本情况, 意见建议,
attachments) per round — filing it again replaces nothing, the newest counts.

Scoping (org.scope): the units a round was routed to (and the units above them, for 联络员 and
unit leaders) see the instruction; 督查室, city leaders and the 文秘 (scope_office_roles: they
register 批示件 that come back on 收文) see every one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhongshu.core.models import BaseModel
from zhongshu.org.roles import Role

from .choices import InstructionState, RoundState

User = settings.AUTH_USER_MODEL


class Instruction(BaseModel):
    number = models.CharField("登记号", max_length=30, unique=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="instructions",
                               verbose_name="批示领导")
    written_on = models.DateField("批示日期", db_index=True)
    carrier_title = models.CharField("批示所在文件或报告", max_length=300)
    carrier_ref = models.CharField("文号或来源", max_length=100, blank=True)
    carrier_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="关联记录类型")
    carrier_id = models.PositiveBigIntegerField("关联记录编号", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=InstructionState.choices,
                             default=InstructionState.OPEN, db_index=True)
    registered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                      verbose_name="登记人")
    registered_at = models.DateTimeField("登记时间")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name="办结登记人")

    scope_unit_fields = ("rounds__lead_unit", "rounds__co_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "领导批示"
        ordering = ["-written_on", "-id"]

    def __str__(self):
        return f"{self.number} {self.leader.full_name if self.leader_id else ''}批示：{self.carrier_title}"

    def get_absolute_url(self):
        return reverse("instructions:detail", args=[self.pk])


class Round(BaseModel):
    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="rounds",
                                    verbose_name="批示件")
    seq = models.PositiveSmallIntegerField("轮次")
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="批示领导")
    written_on = models.DateField("批示日期")
    text = models.TextField("批示内容")
    state = models.CharField("状态", max_length=12, choices=RoundState.choices, default=RoundState.TO_ROUTE,
                             db_index=True)
    deadline = models.DateField("办理时限", null=True, blank=True)
    lead_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="牵头单位")
    co_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="+", verbose_name="配合单位")
    routed_at = models.DateTimeField("转办时间", null=True, blank=True)
    routed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name="转办人")
    route_note = models.TextField("转办意见", blank=True)
    submitted_at = models.DateTimeField("呈报时间", null=True, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name="呈报人")
    submit_note = models.TextField("呈报说明", blank=True)
    decided_at = models.DateTimeField("阅示时间", null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="阅示登记人")
    decision_note = models.TextField("阅示意见", blank=True)

    scope_unit_fields = ("lead_unit", "co_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "批示轮次"
        ordering = ["instruction", "seq"]
        constraints = [models.UniqueConstraint(fields=["instruction", "seq"], name="instruction_round_seq")]

    def __str__(self):
        head = f"{self.instruction.number} {self.leader.full_name}批示"
        return head if self.seq == 1 else f"{head}（第{self.seq}轮）"

    def get_absolute_url(self):
        return f"{self.instruction.get_absolute_url()}#round-{self.seq}"

    def is_overdue(self, today) -> bool:
        """逾期: its 办理时限 has passed and the units have not all reported (待转办 or 办理中)."""
        return (self.state in (RoundState.TO_ROUTE, RoundState.HANDLING) and self.deadline is not None
                and self.deadline < today)


class Report(BaseModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports", verbose_name="批示轮次")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="报告单位")
    process = models.TextField("落实过程")
    situation = models.TextField("基本情况")
    suggestions = models.TextField("意见建议", blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name="报告人")
    submitted_at = models.DateTimeField("报告时间")

    scope_unit_fields = ("round__lead_unit", "round__co_units")
    scope_office_roles = (Role.DOC_CLERK,)

    class Meta:
        verbose_name = verbose_name_plural = "办理情况报告"
        ordering = ["round", "submitted_at", "id"]

    def __str__(self):
        return f"{self.unit.short_name or self.unit.name}办理情况报告"
