"""Parse --now for the clock commands: an ISO moment, local time when no offset is given."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def parse_now(value: str | None):
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"无法识别的时间：{value}（示例：2026-12-01T09:00+08:00）")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
