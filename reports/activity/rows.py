"""Every activity as one CSV line, for analysts who build their own tables (DESIGN.md s8, s11).

A line is the month, the activity's kind, state and channel: nothing about the claimant, the
work coach or the DEA. The month is the one the activity was booked for, or the month it was
proposed while it has no booking.

Lines carry no place. The figures hide counts of 1 to 4 below national level, because a
small count in one district or jobcentre can tell someone who knows a claimant what
happened to them (that a three-way in Durham in August ended in refused consent, say).
A line for every activity with its district or jobcentre would give those counts back, so
the lines are national only and an area's figures come from the suppressed tables.

Nationally this is millions of lines, so nothing holds them all: the query runs on a
server-side cursor (``QuerySet.iterator``), the lines are written a batch at a time, and the
response streams each batch as it is ready. Memory stays flat whatever the size.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import islice

from django.conf import settings
from django.db.models import Q
from django.db.models.expressions import RawSQL

from conferences.models import Activity
from reports.activity.scope import Scope
from reports.exports import streamed_response

HEADING = ("month", "kind", "state", "channel")
#: Why a request for the lines of one area is refused (see the module's docstring).
NATIONAL_ONLY = (
    "Activity lines cover the whole country only. For a district, use the figures, "
    "which hide small numbers."
)
#: Lines fetched from the cursor and written per chunk of the response.
BATCH = 5000


def activity_rows(scope: Scope):
    """The lines for the scope's months, oldest activity first, as tuples."""
    table = Activity._meta.db_table
    month = RawSQL(
        f"to_char(date_trunc('month', COALESCE({table}.start, {table}.created_at) "
        "AT TIME ZONE %s), 'YYYY-MM')",
        (settings.TIME_ZONE,),
    )
    params = scope.params()
    first, after = params["first_ts"], params["after_ts"]
    rows = Activity.objects.filter(
        Q(start__gte=first, start__lt=after)
        | Q(start__isnull=True, created_at__gte=first, created_at__lt=after)
    )
    if scope.district is not None:
        raise ValueError(NATIONAL_ONLY)
    return (
        rows.annotate(month=month)
        .order_by("id")
        .values_list(
            "month",
            "kind",
            "state",
            "channel",
        )
    )


def activity_rows_csv(scope: Scope, *, batch: int = BATCH) -> Iterator[str]:
    """The CSV text, a batch of lines at a time, read through a server-side cursor."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADING)
    lines = activity_rows(scope).iterator(chunk_size=batch)
    while True:
        chunk = list(islice(lines, batch))
        if chunk:
            writer.writerows(chunk)
        text = buffer.getvalue()
        if text:
            yield text
            buffer.seek(0)
            buffer.truncate()
        if not chunk:
            return


def file_name(scope: Scope) -> str:
    span = f"{scope.first:%Y-%m}"
    if scope.last != scope.first:
        span += f"-to-{scope.last:%Y-%m}"
    return f"dea-activities-{span}.csv"


def activity_rows_response(scope: Scope):
    return streamed_response(activity_rows_csv(scope), "csv", file_name(scope))
