"""会议 records: Meeting (常务会议, 专题会议, 办公会议), its 议题 (Topic) with the materials and the three
gate answers, Attendance (回执, leave, substitute, sign-in), Minutes (纪要), Decision (议定事项, each
becomes a 督办 matter through zhongshu.supervision) and Relay (传达, per unit named in the minutes,
with its two clocks).

Who sees what (org.scope): the 会务人员 (scope_office_roles), the 督查室 and the leaders see
everything; a unit sees the meetings it is involved in (a 议题 it submitted, an invitation, a
议定事项 it leads, a 传达 it owes), its own 议题 and its own 传达.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhongshu.core.models import BaseModel
from zhongshu.org.roles import Role

from .choices import MeetingKind, MeetingState, RelayMethod, RelayState, Reply, TopicState

User = settings.AUTH_USER_MODEL
CLERKS = (Role.MEETING_CLERK,)


class Meeting(BaseModel):
    kind = models.CharField("会议类型", max_length=12, choices=MeetingKind.choices, default=MeetingKind.EXECUTIVE)
    year = models.PositiveSmallIntegerField("年度")
    session = models.PositiveIntegerField("届次", help_text="当年第几次")
    subject = models.CharField("会议名称", max_length=200, blank=True, help_text="专题会议的主题，如：研究人民路拓宽改造")
    starts_at = models.DateTimeField("会议时间")
    place = models.CharField("会议地点", max_length=100)
    chair = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="主持人")
    state = models.CharField("状态", max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED,
                             db_index=True)
    notice_text = models.TextField("会议通知", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="筹备人")
    noticed_at = models.DateTimeField("通知时间", null=True, blank=True)
    noticed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="通知人")
    held_at = models.DateTimeField("召开登记时间", null=True, blank=True)

    scope_unit_fields = ("topics__unit", "attendances__unit", "decisions__lead_unit", "relays__unit")
    scope_office_roles = CLERKS

    class Meta:
        verbose_name = verbose_name_plural = "会议"
        ordering = ["-starts_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "session"], name="meetings_session_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def number(self) -> str:
        """第12次常务会议."""
        return f"第{self.session}次{self.get_kind_display()}"

    @property
    def name(self) -> str:
        base = f"{self.year}年{self.number}"
        return f"{base}（{self.subject}）" if self.subject else base

    def get_absolute_url(self) -> str:
        return f"/meetings/{self.pk}/"


class Topic(BaseModel):
    """议题: submitted by a unit with its materials and the three gate answers (征求意见, 合法性审查,
    分管领导同意); the 会务人员 accept or return it and schedule it into a meeting."""

    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="meeting_topics",
                             verbose_name="提交单位")
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="提交人")
    submitted_at = models.DateTimeField("提交时间")
    kind = models.CharField("拟提请会议", max_length=12, choices=MeetingKind.choices, default=MeetingKind.EXECUTIVE)
    title = models.CharField("议题名称", max_length=200)
    summary = models.TextField("议题说明", help_text="需会议研究的事项和建议意见")
    reporter = models.CharField("汇报人", max_length=50)
    # the three gate answers
    consulted_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="+", verbose_name="征求意见单位")
    consultation = models.TextField("征求意见情况", blank=True, help_text="各单位意见及采纳情况；不涉及其他单位的写明")
    legal_review_needed = models.BooleanField("需合法性审查", default=False,
                                              help_text="涉及规范性文件、重大行政决策的须经合法性审查")
    legal_opinion = models.TextField("合法性审查意见", blank=True)
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="分管市领导")
    leader_agreed = models.BooleanField("分管市领导已同意上会", default=False)
    state = models.CharField("状态", max_length=12, choices=TopicState.choices, default=TopicState.SUBMITTED,
                             db_index=True)
    return_reason = models.TextField("退回理由", blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="审核人")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="topics",
                                verbose_name="列入会议")
    sort = models.PositiveSmallIntegerField("议程顺序", default=0)

    scope_unit_fields = ("unit",)
    scope_office_roles = CLERKS

    class Meta:
        verbose_name = verbose_name_plural = "议题"
        ordering = ["sort", "submitted_at", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/meetings/topics/{self.pk}/"


class Attendance(BaseModel):
    """One invitee of a meeting (a unit's head, or a named person) with the 回执 and the sign-in."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name="会议")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="参会单位")
    person = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="参会人")
    name = models.CharField("参会人员", max_length=100, help_text="如：市交通运输局主要负责同志")
    observer = models.BooleanField("列席", default=False)
    reply = models.CharField("回执", max_length=12, choices=Reply.choices, default=Reply.PENDING)
    leave_reason = models.CharField("请假事由", max_length=200, blank=True)
    substitute = models.CharField("代会人", max_length=50, blank=True)
    replied_at = models.DateTimeField("回执时间", null=True, blank=True)
    replied_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="回执人")
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    signed_in_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="签到登记人")

    scope_unit_fields = ("unit",)
    scope_office_roles = CLERKS

    class Meta:
        verbose_name = verbose_name_plural = "参会人员"
        ordering = ["observer", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def attendee_text(self) -> str:
        """The name as the 纪要 lists it: the substitute stands in (代)."""
        if self.reply == Reply.SUBSTITUTE and self.substitute:
            return f"{self.substitute}（代{self.name}）"
        return self.name


class Minutes(BaseModel):
    """纪要: drafted in the system, issued with its 期数 (第N期, per kind of meeting and year)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name="会议")
    title = models.CharField("标题", max_length=200)
    text = models.TextField("纪要正文", help_text="一段一行；“一、”“（一）”开头的行作为层次标题")
    relay_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="+", verbose_name="传达单位")
    drafted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="起草人")
    drafted_at = models.DateTimeField("起草时间")
    issue_year = models.PositiveSmallIntegerField("期数年度", null=True, blank=True)
    issue_no = models.PositiveIntegerField("期数", null=True, blank=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="印发人")

    scope_unit_fields = ("meeting__topics__unit", "meeting__attendances__unit", "meeting__decisions__lead_unit",
                         "meeting__relays__unit")
    scope_office_roles = CLERKS

    class Meta:
        verbose_name = verbose_name_plural = "会议纪要"

    def __str__(self) -> str:
        return self.title

    @property
    def issue_text(self) -> str:
        return f"第{self.issue_no}期" if self.issue_no else ""

    def get_absolute_url(self) -> str:
        return f"/meetings/{self.meeting_id}/#zs-minutes"


class Decision(BaseModel):
    """议定事项: what the meeting decided, who leads it and by when; 立项 makes it a 督办 matter
    (zhongshu.supervision.register_from), whose page links back here."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name="会议")
    seq = models.PositiveSmallIntegerField("序号")
    text = models.TextField("议定事项")
    lead_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="meeting_decisions",
                                  verbose_name="牵头单位")
    co_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="+", verbose_name="配合单位")
    deadline = models.DateField("完成时限", null=True, blank=True)
    leader = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="牵头市领导")
    registered_at = models.DateTimeField("立项时间", null=True, blank=True)
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name="立项人")

    scope_unit_fields = ("lead_unit", "co_units")
    scope_office_roles = CLERKS

    class Meta:
        verbose_name = verbose_name_plural = "议定事项"
        ordering = ["meeting", "seq", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seq"], name="meetings_decision_seq")]

    def __str__(self) -> str:
        return f"{self.meeting.name}议定事项{self.seq}：{self.text[:40]}"

    def get_absolute_url(self) -> str:
        return f"/meetings/{self.meeting_id}/#decision-{self.pk}"


class Relay(BaseModel):
    """传达: one unit named in the 纪要 relays the meeting spirit (within ZHONGSHU_MEETINGS_RELAY_HOURS
    of the issue, clock kind meetings.relay) and reports how (within
    ZHONGSHU_MEETINGS_RELAY_REPORT_WORKDAYS working days, clock kind meetings.relay_report)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="relays", verbose_name="会议")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="meeting_relays",
                             verbose_name="传达单位")
    state = models.CharField("状态", max_length=10, choices=RelayState.choices, default=RelayState.PENDING,
                             db_index=True)
    relay_clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="传达时限")
    report_clock = models.ForeignKey("clocks.Clock", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="报告时限")
    relayed_on = models.DateTimeField("传达时间", null=True, blank=True, help_text="单位召开传达会议的时间")
    method = models.CharField("传达方式", max_length=16, choices=RelayMethod.choices, blank=True)
    audience = models.CharField("传达范围", max_length=200, blank=True, help_text="如：局党组成员、各科室负责人")
    relayed_at = models.DateTimeField("传达登记时间", null=True, blank=True)
    relayed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="传达登记人")
    relayed_late = models.BooleanField("逾时传达", default=False)
    report = models.TextField("学习传达情况报告", blank=True)
    reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    reported_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="报告人")
    reported_late = models.BooleanField("逾期报告", default=False)

    scope_unit_fields = ("unit",)
    scope_office_roles = CLERKS

    class Meta:
        verbose_name = verbose_name_plural = "会议精神传达"
        ordering = ["meeting", "unit__code", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="meetings_relay_once")]

    def __str__(self) -> str:
        return f"{self.unit} 传达 {self.meeting}"

    def get_absolute_url(self) -> str:
        return f"/meetings/relays/{self.pk}/"
