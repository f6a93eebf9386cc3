"""The base every 中枢 record builds on (NetBox's pattern: small features composed into one base).

- timestamps;
- `objects.restrict(user, action)`: the one scoping rule of org.scope applied to this model;
- audited: every create, change and deletion lands in the hash-chained trail (audit.signals)
  unless the class sets `audit_enabled = False`.

A model says which of its fields name the units that may see it: `scope_unit_fields`.
"""

from __future__ import annotations

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        from zhongshu.org.scope import restrict

        return restrict(self, user, action)


class BaseModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    # Field paths (to an OrgUnit) that decide who sees the record; empty = office-wide data.
    scope_unit_fields: tuple[str, ...] = ()
    audit_enabled = True
    # Fields never written into the audit trail (secrets).
    audit_exclude_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True


class Sequence(models.Model):
    """A numbering series (立项号, 文号 …): one row per (key, year), `last` is the last number given.

    `core.numbering.next_number(key, year)` takes the next value under a row lock, so two people
    numbering at the same moment never get the same number. Not audited: the records that use
    the numbers are.
    """

    key = models.CharField("编号序列", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="core_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"


def attachment_path(instance, filename: str) -> str:
    from django.utils import timezone

    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(BaseModel):
    """A file attached to any record (材料, 佐证材料, 扫描件).

    Who may download it is decided by the record it belongs to: the download view looks the
    owner up with `restrict(user)` (org.scope), so an attachment is never more visible than its
    record. Files are stored under MEDIA_ROOT by their SHA-256, never served directly.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, verbose_name="对象类型")
    object_id = models.PositiveBigIntegerField("对象编号")
    purpose = models.CharField("用途", max_length=30, blank=True)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    mime = models.CharField("类型", max_length=100, blank=True)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    uploaded_by = models.ForeignKey("org.User", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="上传人")

    audit_exclude_fields = ("file",)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_attachment_owner_idx"),
                   models.Index(fields=["sha256"], name="core_attachment_sha_idx")]   # files.attach stores bytes once
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/files/{self.pk}/"

    @property
    def size_text(self) -> str:
        size = float(self.size)
        for unit in ("B", "KB", "MB"):
            if size < 1024 or unit == "MB":
                return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
            size /= 1024
        return ""
