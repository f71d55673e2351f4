"""Builders for FTE returns: a returns CSV, and a month loaded through the import service."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from jomcase.models import AdviserType, Jobcentre
from jomcase.months import month_starts
from reports.models import FteImport
from reports.services import fte_returns_import
from tests.factories import JobcentreFactory, StaffFactory

HEADER = ("staff_number", "adviser_type", "jobcentre", "fte")


def returns_csv(rows, header=HEADER) -> bytes:
    """CSV bytes of ``rows`` (tuples in the header's order) under ``header``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def adviser_type(name: str) -> AdviserType:
    """A type from the reference data (the migration adds the FOI's), or a new one."""
    return AdviserType.objects.get_or_create(name=name, defaults={"position": 50})[0]


def load_month(
    month: dt.date,
    ftes: dict[str, list[str | Decimal]],
    *,
    jobcentre: Jobcentre | None = None,
    actor=None,
    prefix: str = "P",
) -> FteImport:
    """Load ``month`` with one return per FTE value listed under each adviser type name."""
    jobcentre = jobcentre or JobcentreFactory()
    actor = actor or StaffFactory(analyst=True)
    rows = []
    for type_index, (name, values) in enumerate(ftes.items()):
        adviser_type(name)
        for n, fte in enumerate(values):
            rows.append((f"{prefix}{type_index:02d}{n:05d}", name, jobcentre.name, str(fte)))
    return fte_returns_import(
        actor=actor, month=month, file=io.BytesIO(returns_csv(rows)), file_name="returns.csv"
    )


def months_of(year: int, count: int = 12) -> list[dt.date]:
    """The first ``count`` months of the financial year starting in April ``year``."""
    return month_starts(dt.date(year, 4, 1), count)
