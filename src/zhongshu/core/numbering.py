"""Numbering series (立项号, 文号): consecutive per key and year, never the same number twice.

    n = next_number("supervision.matter", 2026)      # 1, 2, 3 … in that series and year

Algorithm: make sure the (key, year) row exists (INSERT … ON CONFLICT DO NOTHING through
`get_or_create` inside a savepoint), then lock it (SELECT … FOR UPDATE on PostgreSQL; on
SQLite the write transaction is taken at BEGIN IMMEDIATE, so writers are serialised anyway),
add one and save. The lock is held until the caller's transaction ends, so a number taken by
a transaction that rolls back is given again to the next caller: no gaps from failed actions,
no duplicates from concurrent ones.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import Sequence


def next_number(key: str, year: int) -> int:
    with transaction.atomic():
        try:
            with transaction.atomic():
                Sequence.objects.get_or_create(key=key, year=year)
        except IntegrityError:  # created by a concurrent caller between our look and our insert
            pass
        row = Sequence.objects.select_for_update().get(key=key, year=year)
        row.last += 1
        row.save(update_fields=["last"])
        return row.last


def peek(key: str, year: int) -> int:
    """The last number given in the series (0 when none), without taking one."""
    return Sequence.objects.filter(key=key, year=year).values_list("last", flat=True).first() or 0
