"""The name of the office that runs 中枢, as its papers are signed: ZHONGSHU_OFFICE_NAME, or
"<the root unit>办公室" (示例市人民政府 → 示例市人民政府办公室)."""

from __future__ import annotations

from django.conf import settings


def office_name() -> str:
    configured = getattr(settings, "ZHONGSHU_OFFICE_NAME", "")
    if configured:
        return configured
    from .models import OrgUnit

    root = OrgUnit.objects.filter(parent=None, is_active=True).order_by("sort", "id").first()
    return f"{root.name}办公室" if root else "人民政府办公室"
