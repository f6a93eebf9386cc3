"""Numbering series (立项号, 文号): consecutive per key and year, never the same number twice.

    n = next_number("supervision.matter", 2026)            # 1, 2, 3 … in that series and year
    block = next_numbers("supervision.matter", 2026, 500)  # range(4, 504): 500 at once

Algorithm: one `UPDATE core_sequence SET last = last + n … RETURNING last` takes the row lock
and the numbers in one round trip (PostgreSQL; SQLite ≥ 3.35, whose write transaction is taken
at BEGIN IMMEDIATE, so writers are serialised anyway). When the (key, year) row does not exist
yet it is created (INSERT in a savepoint; a concurrent creator's IntegrityError is harmless)
and the UPDATE runs again. The lock is held until the caller's transaction ends, so numbers
taken by a transaction that rolls back are given again to the next caller: no gaps from failed
actions, no duplicates from concurrent ones.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from .models import Sequence


def _take(key: str, year: int, n: int) -> int | None:
    table = connection.ops.quote_name(Sequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last = last + %s WHERE key = %s AND year = %s RETURNING last",
                       [n, key, year])
        row = cursor.fetchone()
    return row[0] if row else None


def next_numbers(key: str, year: int, n: int) -> range:
    """`n` consecutive numbers of the series (n ≥ 1), under the series' row lock."""
    if n < 1:
        raise ValueError("n must be at least 1")
    with transaction.atomic():
        last = _take(key, year, n)
        if last is None:
            try:
                with transaction.atomic():
                    Sequence.objects.create(key=key, year=year, last=0)
            except IntegrityError:  # created by a concurrent caller between our UPDATE and our INSERT
                pass
            last = _take(key, year, n)
        return range(last - n + 1, last + 1)


def next_number(key: str, year: int) -> int:
    return next_numbers(key, year, 1)[0]


def peek(key: str, year: int) -> int:
    """The last number given in the series (0 when none), without taking one."""
    return Sequence.objects.filter(key=key, year=year).values_list("last", flat=True).first() or 0
