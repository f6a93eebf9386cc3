"""Showing `changes` to people: "字段：旧值 → 新值" in Chinese.

The JSON keeps raw field names and raw values (FK ids, choice codes, ISO timestamps). Here
they become the field's verbose name, the choice label, 是/否, local time, and for foreign
keys the related record's name — resolved for a whole page of records at once with one query
per related model (bounded, whatever the page size).
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

EMPTY = "（空）"
MAX_TEXT = 200


def _model(record):
    if not record.content_type_id:
        return None
    return ContentType.objects.get_for_id(record.content_type_id).model_class()


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_fk(field) -> bool:
    return field is not None and (field.many_to_one or field.one_to_one) and field.concrete


def _resolve_fks(records) -> dict:
    """{(related model, str(pk)): name} for every FK value that appears in the records."""
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        model = _model(record)
        for name, pair in (record.changes or {}).items():
            field = _field(model, name)
            if _is_fk(field) and isinstance(pair, list):
                wanted[field.related_model].update(v for v in pair if v not in (None, ""))
            elif field is not None and field.many_to_many and isinstance(pair, list):
                wanted[field.related_model].update(v for ids in pair if isinstance(ids, list) for v in ids)
    names = {}
    for related, ids in wanted.items():
        for obj in related._base_manager.filter(pk__in=list(ids)[:500]):
            names[(related, str(obj.pk))] = str(obj)
    return names


def _text(field, value, names) -> str:
    if value is None or value == "":
        return EMPTY
    if field is not None:
        if _is_fk(field):
            return names.get((field.related_model, str(value)), f"#{value}（已删除）")
        if field.many_to_many and isinstance(value, list):
            return "、".join(names.get((field.related_model, str(v)), f"#{v}") for v in value) or EMPTY
        if field.choices:
            label = dict(field.flatchoices).get(value)
            if label is not None:
                return str(label)
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                return timezone.localtime(parsed).strftime("%Y-%m-%d %H:%M")
        if isinstance(field, models.DateField) and isinstance(value, str):
            parsed = parse_date(value)
            if parsed is not None:
                return parsed.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def change_lines(record, names: dict | None = None) -> list[dict]:
    """[{"field", "label", "before", "after"}] for one record (names: from _resolve_fks)."""
    if names is None:
        names = _resolve_fks([record])
    model = _model(record)
    lines = []
    for name, pair in (record.changes or {}).items():
        field = _field(model, name)
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label = str(field.verbose_name) if field is not None else name
        lines.append({"field": name, "label": label, "before": _text(field, before, names),
                      "after": _text(field, after, names)})
    return lines


def with_change_lines(records) -> list:
    """Attach `.lines` to each record; one FK lookup per related model for the whole list."""
    records = list(records)
    names = _resolve_fks(records)
    for record in records:
        record.lines = change_lines(record, names)
    return records
