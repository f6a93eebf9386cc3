"""Which records are searchable, and how their entry is built.

    from zhongshu import search
    search.register(Instruction, kind="批示", build=lambda inst: search.Entry(title=…, number=…, body=…, day=…))

`build(obj)` returns an Entry (title, number, unit_names, body, day) or None (the record is not
searchable now, e.g. a 收文 not yet 登记). The url is obj.get_absolute_url(); the units come from the
model's scope_unit_fields. Saving a registered model (or one of its parts) re-indexes it once its
transaction commits, once however many times it was saved in it (see `_schedule`); deleting it
removes its entry. `reindex(model)` rebuilds every entry of a model (the
`search_reindex` command).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save


@dataclass
class Entry:
    title: str
    day: date
    number: str = ""
    unit_names: str = ""
    body: str = ""


@dataclass(frozen=True)
class Provider:
    model: type
    kind: str
    build: Callable


_providers: dict[type, Provider] = {}

BODY_LIMIT = 100_000  # characters of body text kept per entry


def register(model, *, kind: str, build: Callable, parts: dict | None = None) -> None:
    """`parts`: {PartModel: part → pk of the record} for records shown as part of one (a 批示's
    rounds and reports): saving or deleting a part re-indexes its record."""
    _providers[model] = Provider(model, kind, build)
    post_save.connect(_saved, sender=model, dispatch_uid=f"search-{model._meta.label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-{model._meta.label}-delete")
    for part, owner_pk in (parts or {}).items():
        def changed(sender, instance, _owner_pk=owner_pk, **kwargs):
            _schedule(model, _owner_pk(instance))

        post_save.connect(changed, sender=part, weak=False, dispatch_uid=f"search-{part._meta.label}")
        post_delete.connect(changed, sender=part, weak=False, dispatch_uid=f"search-{part._meta.label}-delete")


def providers() -> list[Provider]:
    return list(_providers.values())



def _saved(sender, instance, **kwargs):
    _schedule(sender, instance.pk)


def _schedule(model, pk) -> None:
    """Index record `pk` when the transaction commits — once: a step saves a record and its parts
    several times, and each save would rebuild the entry again.

    A re-index already queued is enough when it was queued at this savepoint or one around it:
    a rollback that drops it rolls this save back too. One queued in a savepoint since released
    or rolled back is not trusted (another is queued), and after a rolled-back transaction the
    queue is empty, so nothing is ever skipped that would not run. The queue is Django's own
    (connection.run_on_commit: (savepoint ids, callback, robust) per entry)."""
    key = (model, pk)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        current = set(connection.savepoint_ids)
        for sids, callback, *_ in connection.run_on_commit:
            if getattr(callback, "search_key", None) == key and sids <= current:
                return

    def run():
        index(model, pk)

    run.search_key = key
    transaction.on_commit(run)


def _deleted(sender, instance, **kwargs):
    from .models import SearchEntry

    SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk).delete()


def scope_units(model, pk) -> list[int]:
    """The OrgUnit ids at the model's scope_unit_fields for record `pk` (who sees it by org.scope)."""
    ids: set[int] = set()
    base = model._base_manager.filter(pk=pk)
    for path in getattr(model, "scope_unit_fields", ()):
        ids.update(v for v in base.values_list(path, flat=True) if v is not None)
    return sorted(ids)


def index(model, pk) -> None:
    """Build (or drop) the entry of one record."""
    from .models import SearchEntry

    provider = _providers[model]
    ct = ContentType.objects.get_for_model(model)
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None and not SearchEntry.objects.filter(content_type=ct, object_id=pk).exists():
        return
    entry = provider.build(obj) if obj is not None else None
    if entry is None:
        SearchEntry.objects.filter(content_type=ct, object_id=pk).delete()
        return
    with transaction.atomic():
        row, _ = SearchEntry.objects.update_or_create(
            content_type=ct, object_id=pk,
            defaults={"kind": provider.kind, "title": entry.title[:300], "number": (entry.number or "")[:100],
                      "unit_names": (entry.unit_names or "")[:500], "body": (entry.body or "")[:BODY_LIMIT],
                      "day": entry.day, "url": obj.get_absolute_url()})
        units = scope_units(model, pk)
        row.units.set(units)
        if connection.vendor == "postgresql":  # the same units as an indexed array (migration 0003)
            with connection.cursor() as cur:
                cur.execute("UPDATE search_searchentry SET unit_ids = %s WHERE id = %s", [units, row.pk])


def reindex(model) -> int:
    n = 0
    for pk in model._base_manager.values_list("pk", flat=True).iterator():
        index(model, pk)
        n += 1
    return n
