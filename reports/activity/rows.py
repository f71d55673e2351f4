"""Every activity as one CSV line, for analysts who build their own tables (DESIGN.md s8, s11).

A line is the month, the district and jobcentre of the DEA who leads the activity, its kind,
state and channel: nothing about the claimant, the work coach or the DEA themselves. The
month is the one the activity was booked for, or the month it was proposed while it has no
booking.

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

HEADING = ("month", "district", "jobcentre", "kind", "state", "channel")
#: Lines fetched from the cursor and written per chunk of the response.
BATCH = 5000


def activity_rows(scope: Scope):
    """The lines for the scope's months (and district), oldest activity first, as tuples."""
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
        rows = rows.filter(dea__jobcentre__district=scope.district)
    return (
        rows.annotate(month=month)
        .order_by("id")
        .values_list(
            "month",
            "dea__jobcentre__district__name",
            "dea__jobcentre__name",
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
    where = f"-district-{scope.district.pk}" if scope.district else ""
    return f"dea-activities-{span}{where}.csv"


def activity_rows_response(scope: Scope):
    return streamed_response(activity_rows_csv(scope), "csv", file_name(scope))
