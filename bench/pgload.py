"""Bulk loads for the PostgreSQL benchmarks: a table's secondary indexes are dropped before the
load and rebuilt after it, one pass each, which is far faster than keeping them up to date row by
row.

    indexes = drop_secondary_indexes(cur, "hotline_ticket")   # [(name, CREATE INDEX …)]
    … load …
    for name, definition in indexes: cur.execute(definition)
"""

from __future__ import annotations


def drop_secondary_indexes(cur, table: str) -> list[tuple[str, str]]:
    """Drop every index of `table` that does not back a constraint (primary key, unique, …);
    returns (name, definition) of each, the definition being the CREATE INDEX that rebuilds it."""
    cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
    indexes = cur.fetchall()
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return indexes
