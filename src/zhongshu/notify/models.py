"""Notices (the in-app inbox), queued deliveries to other channels, and units' robot channels.

- `Notice`: one per recipient and send; unread while `read_at` is empty. Partial index on
  unread notices so the header's count is one cheap index lookup.
- `Delivery`: one message to send through a channel (email to one person, or one group-robot
  message to one unit's robot). Queued by `service.send`, worked off by `delivery.deliver_pending`.
  States: pending → sending (claimed by one worker, with a lease) → sent | pending (retry) | failed.
- `UnitChannel`: a unit's group robot (钉钉 / 企业微信) with its webhook URL and optional secret.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from zhongshu.core.models import BaseModel


class ChannelKind(models.TextChoices):
    EMAIL = "email", "电子邮件"
    DINGTALK = "dingtalk", "钉钉机器人"
    WECOM = "wecom", "企业微信机器人"


ROBOT_KINDS = (ChannelKind.DINGTALK, ChannelKind.WECOM)


class Notice(BaseModel):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE,
                                  related_name="notices")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    kind = models.CharField("类型", max_length=50, blank=True)
    source_type = models.ForeignKey(ContentType, verbose_name="来源类型", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    source_id = models.CharField("来源编号", max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True)

    audit_enabled = False  # high volume, and itself a record

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notify_notice_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notify_notice_unread"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], condition=Q(dedupe_key__isnull=False),
                                    name="notify_notice_dedupe"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class UnitChannel(BaseModel):
    unit = models.ForeignKey("org.OrgUnit", verbose_name="单位", on_delete=models.CASCADE,
                             related_name="notify_channels")
    kind = models.CharField("类型", max_length=20, choices=[(k.value, k.label) for k in ROBOT_KINDS])
    name = models.CharField("名称", max_length=100)
    webhook_url = models.CharField("Webhook 地址", max_length=500)
    secret = models.CharField("加签密钥", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)

    scope_unit_fields = ("unit",)
    audit_exclude_fields = ("secret",)

    class Meta:
        verbose_name = verbose_name_plural = "单位通知渠道"
        ordering = ["unit__path", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.unit.short_name} · {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from .validators import validate_secret, validate_webhook_url

        errors = {}
        try:
            self.webhook_url = validate_webhook_url(self.webhook_url, self.kind)
        except ValidationError as exc:
            errors["webhook_url"] = exc.messages
        try:
            self.secret = validate_secret(self.secret, self.kind)
        except ValidationError as exc:
            errors["secret"] = exc.messages
        if errors:
            raise ValidationError(errors)

    @property
    def masked_url(self) -> str:
        """The webhook URL with its token cut short (the token is as good as a password)."""
        from urllib.parse import parse_qsl, urlsplit

        parts = urlsplit(self.webhook_url)
        query = "&".join(f"{k}={v[:4]}…" if len(v) > 4 else f"{k}={v}" for k, v in parse_qsl(parts.query))
        return f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{query}" if query else "")

    @property
    def secret_hint(self) -> str:
        """The secret as shown after saving: never in full."""
        if not self.secret:
            return ""
        return f"{self.secret[:3]}…（已隐藏，共 {len(self.secret)} 位）"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "待投递"
    SENDING = "sending", "投递中"
    SENT = "sent", "已投递"
    FAILED = "failed", "失败"


class Delivery(BaseModel):
    channel = models.CharField("渠道", max_length=20, choices=ChannelKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="收件人", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notify_deliveries")
    unit_channel = models.ForeignKey(UnitChannel, verbose_name="单位渠道", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="deliveries")
    target = models.CharField("投递目标", max_length=300)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    kind = models.CharField("类型", max_length=50, blank=True)
    mentions = models.CharField("涉及人员", max_length=500, blank=True)
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间")
    lease_until = models.DateTimeField("占用截止", null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField("最近尝试时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    sent_at = models.DateTimeField("投递时间", null=True, blank=True)

    audit_enabled = False  # itself a record of what was sent

    class Meta:
        verbose_name = verbose_name_plural = "投递记录"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(state="pending"), name="notify_delivery_due"),
            models.Index(fields=["lease_until"], condition=Q(state="sending"), name="notify_delivery_lease"),
            models.Index(fields=["state", "-created_at"], name="notify_delivery_state"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "channel", "dedupe_key"],
                                    condition=Q(dedupe_key__isnull=False, recipient__isnull=False),
                                    name="notify_delivery_dedupe_person"),
            models.UniqueConstraint(fields=["unit_channel", "dedupe_key"],
                                    condition=Q(dedupe_key__isnull=False, unit_channel__isnull=False),
                                    name="notify_delivery_dedupe_robot"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.target}"
