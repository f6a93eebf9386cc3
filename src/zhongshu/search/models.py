"""One row per searchable record of the domain apps (收文, 发文, 批示, 纪要 …): what the search reads.

The owning app says what a record's entry holds (registry.register); the row is rebuilt when the
record is saved (after the transaction commits, so the units set in the same step are there) and
removed when it is deleted. `units` are the units that see the record by the one scoping rule —
the OrgUnits at the model's `scope_unit_fields` — so the search applies the same rule to the
entries as the record's own pages do (query.visible).

PostgreSQL: a column `search_vec` (not a model field) holds the distinct character bigrams of
title, number, units and body, kept by a trigger, under a GIN index (migration 0002).
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.models import BaseModel


class SearchEntry(BaseModel):
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+",
                                     verbose_name="记录类型")
    object_id = models.PositiveBigIntegerField("记录编号")
    kind = models.CharField("类别", max_length=20, db_index=True)
    title = models.CharField("标题", max_length=300)
    number = models.CharField("编号或文号", max_length=100, blank=True)
    unit_names = models.CharField("单位", max_length=500, blank=True)
    body = models.TextField("正文", blank=True)
    day = models.DateField("日期", db_index=True)
    url = models.CharField("链接", max_length=300)
    units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="+", verbose_name="可见单位")

    scope_unit_fields = ("units",)
    audit_enabled = False  # a copy of records that are audited themselves

    class Meta:
        verbose_name = verbose_name_plural = "检索条目"
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_object")]
        indexes = [models.Index(fields=["-day", "-id"], name="search_entry_recent")]

    def __str__(self):
        return f"{self.kind} {self.title}"
