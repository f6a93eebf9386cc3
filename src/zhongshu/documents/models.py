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
