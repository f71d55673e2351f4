"""Loading many rows fast with PostgreSQL's COPY, for the national dataset.

Rows get their ids here rather than from the database, so that the rows that point at them
(a claimant's work coach, a transfer's claimant) can be written in the same pass without
reading anything back. ``reserve_ids`` locks the table against other writers while the ids
are in use and ``release_ids`` moves the table's id sequence past them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.db import connection, models

#: Rows per COPY statement: big enough that the round trips do not matter, small enough that
#: a chunk of text stays a few megabytes.
CHUNK_ROWS = 50_000

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text_value(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime | dt.date | int):
        return str(value)
    if isinstance(value, list | tuple):
        return "{" + ",".join(value) + "}"
    return str(value).translate(_ESCAPES)


def text_line(values: Sequence) -> str:
    return "\t".join(map(text_value, values)) + "\n"


def columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    """The database columns behind ``names`` (field names, e.g. ``work_coach``)."""
    return [model._meta.get_field(name).column for name in names]


def reserve_ids(model: type[models.Model]) -> int:
    """The first free id of ``model``'s table; every id above it is free too.

    Call it inside the loading transaction: the EXCLUSIVE lock lets others read the table
    but not write to it until the transaction ends, so nobody takes one of those ids.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(
            f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}),"
            " nextval(pg_get_serial_sequence(%s, 'id')))",
            [model._meta.db_table],
        )
        return cursor.fetchone()[0] + 1


def release_ids(model: type[models.Model]) -> None:
    """Move the id sequence past every id now in the table, so later inserts do not clash."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))",
            [model._meta.db_table],
        )


def copy_lines(
    model: type[models.Model],
    field_names: Sequence[str],
    lines: Iterable[str],
    *,
    progress=None,
) -> int:
    """COPY ``lines`` (already in text format, one row each) into ``model``'s table.

    ``progress`` is a tqdm bar (or anything with ``update(n)``), moved once per chunk.
    Returns the number of rows written.
    """
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns(model, field_names))
    )
    written = 0
    chunk: list[str] = []
    with connection.cursor() as cursor:

        def flush() -> None:
            nonlocal written
            if not chunk:
                return
            cursor.copy_expert(sql, io.StringIO("".join(chunk)), 1 << 20)
            written += len(chunk)
            if progress is not None:
                progress.update(len(chunk))
            chunk.clear()

        for line in lines:
            chunk.append(line)
            if len(chunk) >= CHUNK_ROWS:
                flush()
        flush()
    return written


def copy_rows(model, field_names: Sequence[str], rows: Iterable[Sequence], *, progress=None):
    """COPY plain value tuples into ``model``'s table."""
    return copy_lines(model, field_names, map(text_line, rows), progress=progress)
