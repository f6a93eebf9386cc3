"""Checks on what a caller, an agent or another system sends in: clear Chinese reasons, nothing
stored until all of it is right."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from django.utils import timezone

from .choices import Channel, RequestType, Urgency
from .models import DESCRIPTION_MAX

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
SHORT = re.compile(r"^\d{5,6}$")  # 96xxx / 12xxx service numbers
TITLE_MAX = 200
CLOCK_SKEW = timedelta(minutes=5)


def clean_text(value) -> str:
    """Text as sent, stripped of control characters (HTML stays as typed: it is shown escaped)."""
    text = "" if value is None else str(value)
    if text.isprintable():  # no control (nor separator) character: nothing to take out
        return text.strip()
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return text.strip()


def clean_phone(value, errors: list[str]) -> str:
    raw = clean_text(value)
    if not raw:
        return ""
    phone = re.sub(r"[\s()（）]", "", raw).replace("+86", "", 1) if raw.startswith("+86") else re.sub(r"[\s]", "", raw)
    if MOBILE.match(phone) or LANDLINE.match(phone) or SHORT.match(phone):
        return phone
    errors.append(f"联系电话格式不正确：{raw[:30]}（手机号 11 位，如 13812345678；固定电话如 0731-12345678）")
    return ""


def clean_choice(value, choices, what: str, errors: list[str], default: str) -> str:
    if value in (None, ""):
        return default
    value = str(value).strip()
    if value in choices.values:
        return value
    by_label = {label: key for key, label in choices.choices}
    if value in by_label:
        return by_label[value]
    errors.append(f"{what}不正确：{value[:20]}（可选：{'、'.join(label for _, label in choices.choices)}）")
    return default


def clean_moment(value, errors: list[str], now: datetime) -> datetime:
    if value in (None, ""):
        return now
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            errors.append(f"时间格式不正确：{value[:30]}（如 2026-12-02T09:30:00+08:00）")
            return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        errors.append("受理时间不能晚于当前时间")
        return now
    return value


def clean_title_and_description(title, description, errors: list[str]) -> tuple[str, str]:
    description = clean_text(description)
    title = clean_text(title)
    if not description:
        errors.append("请填写诉求内容")
    elif len(description) > DESCRIPTION_MAX:
        errors.append(f"诉求内容过长：{len(description)} 字（不超过 {DESCRIPTION_MAX} 字，材料请作为附件上传）")
    if len(title) > TITLE_MAX:
        errors.append(f"标题过长：{len(title)} 字（不超过 {TITLE_MAX} 字）")
    if not title and description:
        first = re.split(r"[。！？!?\n]", description, maxsplit=1)[0]
        title = first[:40] or description[:40]
    return title, description


__all__ = ["Channel", "RequestType", "Urgency", "clean_text", "clean_phone", "clean_choice", "clean_moment",
           "clean_title_and_description"]
