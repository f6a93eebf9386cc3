"""The category tree and the 派单目录 (category → responsible unit, with its basis).

    entry_for(category)          the active entry of the category or of its nearest ancestor
    load_taxonomy(rows)          build the tree from (一级, 二级, 三级) rows, all or nothing
"""

from __future__ import annotations

from django.db import transaction

from zhongshu.core.errors import UserError

from .models import CatalogueEntry, Category


def entry_for(category):
    """The 派单目录 entry that applies to `category`: its own, else the nearest ancestor's."""
    seen = set()
    while category is not None and category.pk not in seen:
        seen.add(category.pk)
        entry = (CatalogueEntry.objects.filter(category=category, active=True).select_related("unit", "category")
                 .first())
        if entry is not None:
            return entry
        category = category.parent
    return None


def load_taxonomy(rows, *, source: str = "") -> dict:
    """Create the categories of `rows` (each a sequence of up to three names, 一级 → 三级) that are
    missing; existing ones are kept. All or nothing: a row with a gap (三级 without 二级) or an
    over-long name stops the load with its row number."""
    errors = []
    paths = []
    for n, row in enumerate(rows, start=2):
        names = [str(x or "").strip() for x in row][:3]
        while names and not names[-1]:
            names.pop()
        if not names:
            continue
        if any(not x for x in names):
            errors.append(f"第 {n} 行：分类层级不连续（{' / '.join(names)}）")
            continue
        if any(len(x) > 60 for x in names):
            errors.append(f"第 {n} 行：分类名称超过 60 字")
            continue
        paths.append(names)
    if errors:
        raise UserError("分类导入失败，未导入任何分类：" + "；".join(errors[:20]), code="invalid_taxonomy",
                        details=errors)
    created = 0
    with transaction.atomic():
        known = {(c.parent_id, c.name): c for c in Category.objects.all()}
        for names in paths:
            parent = None
            for level, name in enumerate(names, start=1):
                key = (parent.pk if parent else None, name)
                node = known.get(key)
                if node is None:
                    full = f"{parent.full_name} / {name}" if parent else name
                    node = Category.objects.create(parent=parent, name=name, level=level, full_name=full,
                                                   sort=len(known))
                    known[key] = node
                    created += 1
                parent = node
    return {"created": created, "total": len(known)}
