"""The menu entry of 全文检索 (web/nav.py): for everyone who sees any record it covers."""

from __future__ import annotations

from django.urls import reverse

from zhongshu.org.scope import sees_all_of, unit_range

from .registry import providers


def items(user) -> list[tuple[str, str]]:
    if unit_range(user).nothing and not any(sees_all_of(user, p.model) for p in providers()):
        return []
    return [("全文检索", reverse("search:page"))]
