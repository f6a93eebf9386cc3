"""Drop the calculator's per-process cache when the stored calendar changes.

The drop happens when the transaction commits (a rolled-back edit never becomes visible);
other processes reload within calc's TTL (30 s).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import calc


def _on_change(sender, using=None, **kwargs) -> None:
    transaction.on_commit(calc.invalidate, using=using)


def connect() -> None:
    from .models import CalendarDay, CalendarYear

    for model in (CalendarYear, CalendarDay):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"workcal-invalidate-save-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"workcal-invalidate-delete-{model.__name__}")
