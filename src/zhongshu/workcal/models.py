"""China's statutory working-day calendar, stored in the database and editable.

A year is "arranged" when a CalendarYear row exists: then its exceptions (CalendarDay rows)
are the truth — weekdays that are off (法定节假日) and weekend days that are working days (调休).
A year without a row falls back to Monday–Friday, and every result that touches it says so.
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.models import BaseModel


class CalendarYear(BaseModel):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=100, default="chinese-calendar")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"


class DayKind(models.TextChoices):
    OFF = "off", "放假"
    WORK = "work", "上班"


class CalendarDay(BaseModel):
    """A day of a statutory holiday (off; weekend days inside it too, so it can be named)
    or a weekend working day (调休, work)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=4, choices=DayKind.choices)
    name = models.CharField("节日", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()
