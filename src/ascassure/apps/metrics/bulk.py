"""Inserting many rows with one prepared statement.

``bulk_create`` builds a model instance and prepares every field of every row in Python; for
the 49,000 values of an ASCOF year and the 12,000 benchmarks derived from them that costs more
than reading the file (docs/benchmarks.md). Rows here are plain tuples of database-ready values
(numbers, text, ``None``, primary keys) in the order of ``fields``. PostgreSQL gets them
through ``COPY``, SQLite through ``executemany``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 5000


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """Insert ``rows`` into ``model``'s table, ``BATCH`` at a time; returns how many."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    if connection.vendor == "postgresql":
        return _copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN", rows)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from the model)
    count = 0
    batch: list[Sequence[object]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _copy(statement: str, rows: Iterable[Sequence[object]]) -> int:
    """PostgreSQL's COPY: one statement streams every row (psycopg 3)."""
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
