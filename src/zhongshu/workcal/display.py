"""Due dates as people read them, for pages, notices and documents alike.

due_text(value)  → "2026年10月9日 17:30", or "2027年1月6日（2027 年尚无法定节假日安排，按周一至周五计算）"
due_parts(value) → (the date text, the fallback note or "") for callers that style the note.
A datetime is shown in local time (settings.TIME_ZONE); the note appears when the date's year
has no statutory arrangement.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from .calc import fallback_note, get_calendar


def local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def zh_date_text(value, style: str = "") -> str:
    value = local(value)
    if not isinstance(value, date):
        return "" if value in (None, "") else str(value)
    if style == "short":
        return f"{value.month}月{value.day}日"
    return f"{value.year}年{value.month}月{value.day}日"


def due_parts(value, time: bool = True) -> tuple[str, str]:
    value = local(value)
    if not isinstance(value, date):
        return "", ""
    text = zh_date_text(value)
    if time and isinstance(value, datetime):
        text += f" {value:%H:%M}"
    day = value.date() if isinstance(value, datetime) else value
    return text, "" if get_calendar().has_arrangement(day.year) else fallback_note([day.year])


def due_text(value, time: bool = True, empty: str = "—") -> str:
    text, note = due_parts(value, time)
    if not text:
        return empty
    return f"{text}（{note}）" if note else text
