"""The deadline clock, its events, the escalation ladders and the fired rungs.

Conventions (one place, the whole product):
- `Clock.due_at` is a stored moment. For day limits (working days, calendar days, a date) it is
  the END of the due day, 23:59:59 local time ("当日 24 时前办结"); for hour limits it is the
  exact moment. A clock is overdue when now > due_at.
- `Clock.next_fire_at` is the denormalised "next rung due" column (Healthchecks' `alert_after`):
  the sweeper only ever looks at rows with next_fire_at <= now. It is null whenever the clock is
  not running, so paused/done/stopped clocks cost nothing.
- `Clock.warn_at` is the moment the light turns yellow (warning window of the ladder, or
  falling behind schedule, whichever comes first — the latter only for clocks that track
  progress: an acceptance or a report has none); it is a pure function of stored fields and is
  recomputed on every save, so `lights.light_q` filters on it in SQL.
- The trail: every state change writes a `ClockEvent` row and an audit record (engine.py);
  every fired rung is one `RungFiring` row, UNIQUE per (clock, rung, period).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from zhongshu.core.models import BaseModel


class LimitKind(models.TextChoices):
    WORKDAYS = "workdays", "工作日"
    CALENDAR_DAYS = "calendar_days", "自然日"
    HOURS = "hours", "小时"
    WORK_HOURS = "work_hours", "工作小时"
    DATE = "date", "指定日期"


DAY_KINDS = frozenset({LimitKind.WORKDAYS, LimitKind.CALENDAR_DAYS, LimitKind.DATE})


class ClockState(models.TextChoices):
    RUNNING = "running", "计时中"
    PAUSED = "paused", "已挂起"
    DONE = "done", "已办结"
    STOPPED = "stopped", "已终止"


class Clock(BaseModel):
    """A deadline attached to any record (generic target).

    due_at convention: for day limits the end of the due day, 23:59:59 local time; for hour
    limits the exact moment. See the module docstring.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="对象类型")
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("时限类别", max_length=60, db_index=True)
    title = models.CharField("事项", max_length=300)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="clocks", verbose_name="责任单位")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="交办人")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="责任领导")
    started_at = models.DateTimeField("起算时间")
    start_reason = models.CharField("起算依据", max_length=20, default="交办")
    limit_kind = models.CharField("时限类型", max_length=20, choices=LimitKind.choices)
    limit_value = models.FloatField("时限数值", null=True, blank=True)
    limit_date = models.DateField("指定日期", null=True, blank=True)
    due_at = models.DateTimeField("截止时间", db_index=True)
    due_explanation = models.TextField("截止时间计算说明", blank=True)
    fallback_years = models.JSONField("按周一至周五推算的年份", default=list, blank=True)
    state = models.CharField("状态", max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    paused_at = models.DateTimeField("挂起时间", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    tracks_progress = models.BooleanField("进度滞后亮黄灯", default=True,
                                          help_text="否：该时限没有进度（如签收、填报），只按到期前预警亮黄灯")
    pause_reason = models.CharField("挂起原因", max_length=200, blank=True)
    escalated = models.BooleanField("已督办", default=False)
    flagged = models.BooleanField("挂牌督办", default=False)
    warn_at = models.DateTimeField("亮黄灯时间", null=True, blank=True)
    next_fire_at = models.DateTimeField("下次提醒时间", null=True, blank=True)

    scope_unit_fields = ("unit",)
    # The engine writes meaningful audit records itself (clock.start, clock.pause, rung fired…).
    audit_enabled = False

    class Meta:
        verbose_name = verbose_name_plural = "时限"
        indexes = [
            models.Index(fields=["next_fire_at"], name="clocks_next_fire_idx",
                         condition=Q(next_fire_at__isnull=False)),
            models.Index(fields=["content_type", "object_id"], name="clocks_target_idx"),
            models.Index(fields=["unit", "state"], name="clocks_unit_state_idx"),
            # "which clocks show this light now" (the ledger's and the overview's light and overdue
            # counts) as an index-only scan; INCLUDE is PostgreSQL's, elsewhere a plain index
            models.Index(fields=["state", "due_at"], include=["escalated", "warn_at"], name="clocks_light_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="clocks_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def day_based(self) -> bool:
        return self.limit_kind in DAY_KINDS

    @property
    def is_open(self) -> bool:
        return self.state in (ClockState.RUNNING, ClockState.PAUSED)

    def limit_text(self) -> str:
        from .limits import Limit

        return Limit.from_clock(self).text()

    def save(self, *args, **kwargs):
        from .schedule import compute_warn_at

        self.warn_at = compute_warn_at(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"warn_at", "updated_at"}
        super().save(*args, **kwargs)


class EventKind(models.TextChoices):
    START = "start", "起算"
    PAUSE = "pause", "挂起"
    RESUME = "resume", "恢复计时"
    EXTEND = "extend", "延期"
    REOPEN = "reopen", "重新办理"
    COMPLETE = "complete", "办结"
    STOP = "stop", "终止"
    ESCALATE = "escalate", "督办"
    FLAG = "flag", "挂牌督办"


class ClockEvent(models.Model):
    """One step in a clock's life; old/new due kept so the due-date history is never lost."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=10, choices=EventKind.choices)
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name="操作人")
    by_label = models.CharField("操作人", max_length=100, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="批准人")
    reason = models.TextField("原因", blank=True)
    old_due_at = models.DateTimeField("原截止时间", null=True, blank=True)
    new_due_at = models.DateTimeField("新截止时间", null=True, blank=True)
    explanation = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "时限事件"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.at:%Y-%m-%d %H:%M}"


class Anchor(models.TextChoices):
    BEFORE_DUE = "before_due", "到期前"
    AT_DUE = "at_due", "到期当日"
    AFTER_DUE = "after_due", "逾期后"


class OffsetUnit(models.TextChoices):
    WORKDAYS = "workdays", "工作日"
    HOURS = "hours", "小时"


class RungCode(models.TextChoices):
    WARNING = "warning", "预警"
    DUE = "due", "到期提醒"
    REMIND = "remind", "催办"
    ESCALATE = "escalate", "督办"
    CUSTOM = "custom", "其他"


RECIPIENT_LABELS = {
    "liaison": "单位联络员",
    "unit_leader": "单位领导",
    "assigner": "交办人",
    "leader": "责任领导",
    "office": "督查室",
    "handlers": "单位经办人",
}
ACTION_LABELS = {
    "notice": "发送提醒",
    "light_yellow": "亮黄灯",
    "light_red": "亮红灯",
    "escalate": "亮红灯并标记督办",
    "document": "生成文书",
}


class Ladder(BaseModel):
    """An escalation ladder for one kind of clock ("default" when a kind has none)."""

    kind = models.CharField("适用类别", max_length=60, unique=True,
                            help_text="时限类别，如 supervision.task；按前缀匹配，找不到时用 default")
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "催督办规则"
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.name}（{self.kind}）"


class Rung(BaseModel):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="rungs", verbose_name="规则")
    code = models.CharField("环节", max_length=10, choices=RungCode.choices)
    name = models.CharField("名称", max_length=50)
    anchor = models.CharField("基准", max_length=10, choices=Anchor.choices)
    offset = models.PositiveIntegerField("偏移量", default=0)
    offset_unit = models.CharField("偏移单位", max_length=10, choices=OffsetUnit.choices, default=OffsetUnit.WORKDAYS)
    repeat_every = models.PositiveIntegerField("重复间隔", default=0, help_text="0 表示只提醒一次；单位同偏移单位")
    recipients = models.JSONField("提醒对象", default=list, blank=True,
                                  help_text="liaison / unit_leader / assigner / leader / office / handlers")
    actions = models.JSONField("动作", default=list, blank=True,
                               help_text="notice / light_yellow / light_red / escalate / document")
    title_template = models.CharField("标题模板", max_length=200, blank=True)
    body_template = models.TextField("正文模板", blank=True,
                                     help_text="可用 {title} {due} {unit} {days_overdue} {days_left}")
    sort = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "催督办环节"
        ordering = ["ladder", "sort", "id"]

    def __str__(self) -> str:
        return f"{self.ladder.kind} · {self.name}"

    def describe(self) -> str:
        """When it fires, in Chinese: "到期前 2 个工作日" / "逾期后 1 个工作日起，每 2 个工作日重复"."""
        unit = "个工作日" if self.offset_unit == OffsetUnit.WORKDAYS else "小时"
        if self.anchor == Anchor.AT_DUE:
            text = "到期当日"
        elif self.anchor == Anchor.BEFORE_DUE:
            text = f"到期前 {self.offset} {unit}"
        else:
            text = f"逾期后 {self.offset} {unit}"
        if self.repeat_every:
            text += f"起，每 {self.repeat_every} {unit}重复，直至办结、挂起或延期"
        return text


class RungFiring(models.Model):
    """One rung fired for one clock in one period — exactly once, by the UNIQUE constraint.

    `period` names the deadline and the repetition: "<due_at as UTC epoch>/<occurrence>", so a
    new due date (extension, reopening) opens new periods while the same one never fires twice.
    """

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="firings")
    rung = models.ForeignKey(Rung, on_delete=models.CASCADE, related_name="firings")
    period = models.CharField("周期", max_length=40)
    occurrence = models.PositiveIntegerField("第几次", default=0)
    due_at = models.DateTimeField("针对的截止时间")
    scheduled_at = models.DateTimeField("应提醒时间")
    fired_at = models.DateTimeField("提醒时间")
    recipients_count = models.PositiveIntegerField("提醒人数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "提醒记录"
        constraints = [models.UniqueConstraint(fields=["clock", "rung", "period"], name="clocks_firing_once")]
        ordering = ["fired_at", "id"]

    def __str__(self) -> str:
        return f"{self.clock_id} · {self.rung_id} · {self.period}"
