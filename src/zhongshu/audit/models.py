"""The audit trail (全程留痕): one append-only, hash-chained table and its chain head.

Each `AuditRecord` carries `hash = SM3(prev_hash || canonical JSON of its fields)` (see
audit.chain), so altering, inserting or deleting a record breaks the chain and
`zhongshu audit verify` names the first broken one. `ChainHead` (one row) holds the last
sequence number and hash, which also reveals deleted *last* records, and the anchor (first
retained seq and its prev hash) that retention pruning moves forward.

Records are written only through audit.trail (`record`, `record_many`); Django-level
`save()` of an existing record and `delete()` are refused.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "状态变更"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    VIEW = "view", "查阅"
    GRANT = "grant", "授权"
    REVOKE = "revoke", "撤销授权"
    NOTIFY = "notify", "发送通知"
    WARN = "warn", "预警"
    REMIND = "remind", "催办"
    ESCALATE = "escalate", "督办"
    VERIFY = "verify", "校验审计链"
    PRUNE = "prune", "清理过期审计记录"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    WEB = "web", "网页"
    API = "api", "接口"
    CLI = "cli", "命令行"
    WORKER = "worker", "后台任务"
    SYSTEM = "system", "系统"


class AuditRecord(models.Model):
    # `seq` is the primary key: gap-free and strictly increasing, assigned under the chain-head lock.
    seq = models.BigIntegerField("序号", primary_key=True)
    at = models.DateTimeField("时间", db_index=True)
    # Not part of the hash (SET_NULL rewrites it when a user is deleted); actor_label is.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True, db_index=True)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.SYSTEM)
    action = models.CharField("操作", max_length=30, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", null=True, blank=True,
                                     on_delete=models.PROTECT, db_index=False, related_name="+")
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    prev_hash = models.CharField("前序哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["content_type", "object_id", "seq"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"第 {self.seq} 条 · {self.get_action_display()} · {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("审计记录不可删除（过期记录由 zhongshu audit prune 清理）")


class ChainHead(models.Model):
    """The singleton (pk=1) that appends lock; it names the last record and the retained start."""

    last_seq = models.BigIntegerField("最后序号", default=0)
    last_hash = models.CharField("最后哈希", max_length=64, default=GENESIS_HASH)
    anchor_seq = models.BigIntegerField("保留起点序号", default=1)
    anchor_prev_hash = models.CharField("保留起点前序哈希", max_length=64, default=GENESIS_HASH)
    pruned_at = models.DateTimeField("最近清理时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"审计链头：第 {self.anchor_seq}–{self.last_seq} 条"
