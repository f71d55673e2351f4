"""Writes for the reports: loading a month of FTE returns (DESIGN.md section 8).

A month is always loaded whole, from an uploaded CSV file or from a snapshot of the staff
register, and loading it again replaces it in one transaction: the old batch is marked
replaced, its returns are deleted and the new ones written. A file with any bad row loads
nothing, and the error names every bad row and field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from jomcase.errors import ensure
from jomcase.models import AdviserType, Jobcentre, RoleAssignment, Staff
from jomcase.months import first_of_month, last_of_month, month_name
from reports.models import FTE_MAX, FteImport, FteMonthTotal, FteReturn, StaffFte
from reports.permissions import can_import_fte_returns

#: The columns of a returns file, and other headings accepted for them.
COLUMNS = ("staff_number", "adviser_type", "jobcentre", "fte")
COLUMN_ALIASES = {
    "staff_number": "staff_number",
    "staff_no": "staff_number",
    "staff_reference": "staff_number",
    "username": "staff_number",
    "adviser_type": "adviser_type",
    "jobcentre": "jobcentre",
    "fte": "fte",
}
MAX_ROWS = 250_000
#: Errors kept for the report; past this only the count goes on.
MAX_ERRORS = 1_000
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,39}$")
# Arbitrary first key of the advisory lock that serialises loads of one month.
_MONTH_LOCK = 7_301
_INSERT_BATCH = 5_000


@dataclass(frozen=True)
class RowError:
    """One problem in a returns file. ``row`` is the line in the file; the header is row 1."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


class FteReturnsInvalid(Exception):
    """The file cannot be loaded; nothing was written."""

    def __init__(self, errors: list[RowError], *, total: int | None = None):
        self.errors = errors
        self.total = total if total is not None else len(errors)
        rows = len({e.row for e in errors})
        super().__init__(f"{self.total} problem(s) in {rows} row(s); nothing was imported")


@dataclass(frozen=True)
class ReturnRow:
    staff_reference: str
    staff_id: int | None
    adviser_type_id: int
    jobcentre_id: int
    fte: Decimal


@transaction.atomic
def fte_returns_import(*, actor: Staff, month: dt.date, file, file_name: str = "") -> FteImport:
    """Load one month's returns from a CSV file, replacing any returns held for that month.

    Columns: ``staff_number`` (a register username or the source's staff number),
    ``adviser_type`` (the exact name), ``jobcentre`` (the exact name) and ``fte`` (more than
    0, at most 1, up to three decimal places). Any bad row means nothing is loaded
    (DESIGN.md section 8).
    """
    ensure(can_import_fte_returns(actor), "Only analysts and administrators load FTE returns.")
    month = _check_month(month)
    rows = parse_fte_returns(file)
    name = file_name or getattr(file, "name", "") or ""
    return _month_replace(
        month=month, source=FteImport.Source.UPLOAD, actor=actor, file_name=name[:200], rows=rows
    )


@transaction.atomic
def fte_snapshot_take(
    *, month: dt.date, actor: Staff | None = None, replace_upload: bool = False
) -> FteImport | None:
    """Build a month's returns from the staff register; returns the batch, or None if none.

    Everyone active with an adviser type, a jobcentre and a role current on the month's last
    day (or today, for this month) gets one return at their contracted FTE (``StaffFte``, else
    1.000). A month loaded from a file is left alone unless ``replace_upload``; a snapshot
    replaces an earlier snapshot, so taking it twice gives the same returns (DESIGN.md 9).
    """
    if actor is not None:
        ensure(can_import_fte_returns(actor), "Only analysts and administrators load FTE returns.")
    month = _check_month(month)
    current = FteImport.objects.filter(month=month, replaced_at__isnull=True).first()
    if current and current.source != FteImport.Source.SNAPSHOT and not replace_upload:
        return None
    day = min(last_of_month(month), timezone.localdate())
    contracted = StaffFte.objects.current_on(day).filter(staff=OuterRef("pk")).order_by("-start")
    people = (
        Staff.objects.filter(is_active=True, adviser_type__isnull=False, jobcentre__isnull=False)
        .filter(Exists(RoleAssignment.objects.current_on(day).filter(staff=OuterRef("pk"))))
        .annotate(snapshot_fte=Subquery(contracted.values("fte")[:1]))
        .values_list("pk", "username", "adviser_type_id", "jobcentre_id", "snapshot_fte")
        .order_by("pk")
    )
    rows = [
        ReturnRow(username, pk, type_id, jobcentre_id, fte or FTE_MAX)
        for pk, username, type_id, jobcentre_id, fte in people.iterator(chunk_size=5_000)
    ]
    if not rows:
        return None
    return _month_replace(
        month=month, source=FteImport.Source.SNAPSHOT, actor=actor, file_name="", rows=rows
    )


def _check_month(month: dt.date) -> dt.date:
    if month != first_of_month(month):
        raise ValueError("A month of returns is given by its first day")
    if month > first_of_month(timezone.localdate()):
        raise ValueError(f"Returns for {month_name(month)} cannot be loaded before it starts")
    return month


def month_lock(month: dt.date) -> None:
    """Hold, until the transaction ends, the lock that lets one load of ``month`` run at once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [_MONTH_LOCK, month.year * 12 + month.month]
        )


def month_replace_start(
    *, month: dt.date, source: str, actor: Staff | None, file_name: str = ""
) -> FteImport:
    """Lock the month, retire its current batch and its returns, and open a new batch.

    The returns are written by the caller (the ORM for a file, SQL for the demo), and then
    :func:`month_replace_finish` sums them into the month's totals.

    Must run inside a transaction.
    """
    month_lock(month)
    previous = (
        FteImport.objects.select_for_update().filter(month=month, replaced_at__isnull=True).first()
    )
    replaced = 0
    if previous is not None:
        replaced, _ = FteReturn.objects.filter(month=month).delete()
        previous.replaced_at = timezone.now()
        previous.save(update_fields=["replaced_at"])
    return FteImport.objects.create(
        month=month,
        source=source,
        file_name=file_name,
        imported_by=actor,
        replaced_row_count=replaced,
    )


def month_replace_finish(batch: FteImport) -> FteImport:
    """Sum the month's new returns into its totals and record the batch's count and FTE."""
    totals, returns = FteMonthTotal._meta.db_table, FteReturn._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {totals} WHERE month = %s", [batch.month])
        cursor.execute(
            f"INSERT INTO {totals} (month, adviser_type_id, jobcentre_id, total_fte, returns) "
            f"SELECT month, adviser_type_id, jobcentre_id, SUM(fte), COUNT(*) FROM {returns} "
            "WHERE month = %s GROUP BY month, adviser_type_id, jobcentre_id",
            [batch.month],
        )
        cursor.execute(
            f"SELECT COALESCE(SUM(returns), 0), COALESCE(SUM(total_fte), 0) FROM {totals} "
            "WHERE month = %s",
            [batch.month],
        )
        batch.row_count, batch.total_fte = cursor.fetchone()
    batch.save(update_fields=["row_count", "total_fte"])
    return batch


def _month_replace(
    *, month: dt.date, source: str, actor: Staff | None, file_name: str, rows: list[ReturnRow]
) -> FteImport:
    batch = month_replace_start(month=month, source=source, actor=actor, file_name=file_name)
    returns = (
        FteReturn(
            batch=batch,
            month=month,
            staff_id=row.staff_id,
            staff_reference=row.staff_reference,
            adviser_type_id=row.adviser_type_id,
            jobcentre_id=row.jobcentre_id,
            fte=row.fte,
        )
        for row in rows
    )
    _bulk_insert(returns)
    return month_replace_finish(batch)


def _bulk_insert(returns: Iterable[FteReturn]) -> None:
    chunk: list[FteReturn] = []
    for item in returns:
        chunk.append(item)
        if len(chunk) == _INSERT_BATCH:
            FteReturn.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        FteReturn.objects.bulk_create(chunk)


# Reading a returns file ----------------------------------------------------------------


@contextmanager
def _text(file) -> Iterator[io.TextIOBase]:
    """The file as text: bytes are read as UTF-8 (with or without Excel's BOM)."""
    raw = getattr(file, "file", file)  # an uploaded file wraps the real one
    if hasattr(raw, "seek"):
        raw.seek(0)
    if isinstance(raw, io.TextIOBase):
        yield raw
        return
    wrapper = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        yield wrapper
    finally:
        wrapper.detach()  # leave the caller's file open


def parse_fte_returns(file) -> list[ReturnRow]:
    """Check every row of a returns file; the rows when all are good, else FteReturnsInvalid.

    Rows are counted as a spreadsheet shows them: the header is row 1, blank rows count.
    """
    with _text(file) as text:
        return _parse(csv.reader(text))


def _parse(reader) -> list[ReturnRow]:
    errors: list[RowError] = []
    total_errors = 0

    def bad(row: int, field: str, message: str) -> None:
        nonlocal total_errors
        total_errors += 1
        if len(errors) < MAX_ERRORS:
            errors.append(RowError(row, field, message))

    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FteReturnsInvalid([RowError(1, "file", _unreadable(exc))]) from None
    if header is None:
        raise FteReturnsInvalid([RowError(1, "file", "The file is empty.")])
    positions = {}
    for index, heading in enumerate(header):
        column = COLUMN_ALIASES.get(heading.strip().lower().replace(" ", "_"))
        if column and column not in positions:
            positions[column] = index
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        raise FteReturnsInvalid(
            [
                RowError(1, column, "This column is missing from the header row.")
                for column in missing
            ]
        )

    types = dict(AdviserType.objects.values_list("name", "pk"))
    jobcentres = dict(Jobcentre.objects.values_list("name", "pk"))
    parsed: list[tuple[str, int | None, int | None, Decimal | None]] = []
    first_row_of: dict[tuple[str, int], int] = {}
    line = 1
    try:
        for line, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(parsed) >= MAX_ROWS:
                bad(line, "file", f"A file may hold at most {MAX_ROWS:,} returns.")
                break
            cell = {c: (values[i].strip() if i < len(values) else "") for c, i in positions.items()}
            reference = cell["staff_number"]
            if not reference:
                bad(line, "staff_number", "Enter the staff number.")
            elif not _REFERENCE.match(reference):
                bad(
                    line,
                    "staff_number",
                    "Use at most 40 letters, digits and . _ @ + - (no spaces or names).",
                )
            type_id = types.get(cell["adviser_type"])
            if not cell["adviser_type"]:
                bad(line, "adviser_type", "Enter the adviser type.")
            elif type_id is None:
                bad(
                    line,
                    "adviser_type",
                    f"No adviser type is named {cell['adviser_type']!r}; use the name exactly "
                    "as the reference data spells it.",
                )
            jobcentre_id = jobcentres.get(cell["jobcentre"])
            if not cell["jobcentre"]:
                bad(line, "jobcentre", "Enter the jobcentre.")
            elif jobcentre_id is None:
                bad(line, "jobcentre", f"No jobcentre is named {cell['jobcentre']!r}.")
            fte = _fte(cell["fte"], lambda message, line=line: bad(line, "fte", message))
            if reference and type_id is not None:
                key = (reference, type_id)
                if key in first_row_of:
                    bad(
                        line,
                        "staff_number",
                        f"Row {first_row_of[key]} already gives this person's FTE as this "
                        "adviser type.",
                    )
                else:
                    first_row_of[key] = line
            parsed.append((reference, type_id, jobcentre_id, fte))
    except (UnicodeDecodeError, csv.Error) as exc:
        bad(line + 1, "file", _unreadable(exc))
    if not parsed and not total_errors:
        bad(2, "file", "The file has a header row but no returns.")
    if total_errors:
        raise FteReturnsInvalid(errors, total=total_errors)

    staff_ids = _register_ids({reference for reference, *_ in parsed})
    return [
        ReturnRow(reference, staff_ids.get(reference), type_id, jobcentre_id, fte)
        for reference, type_id, jobcentre_id, fte in parsed
    ]


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "The file is not UTF-8 text. Save it as CSV UTF-8 and try again."
    return f"The file is not a readable CSV file ({exc})."


def _fte(text: str, bad) -> Decimal | None:
    if not text:
        bad("Enter the FTE, for example 1 or 0.6.")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        bad(f"{text!r} is not a number; enter the FTE, for example 1 or 0.6.")
        return None
    if not value.is_finite() or value <= 0 or value > FTE_MAX:
        bad("The FTE must be more than 0 and at most 1.")
        return None
    if value.as_tuple().exponent < -3:
        bad("Give the FTE to at most three decimal places.")
        return None
    return value


def _register_ids(references: set[str]) -> dict[str, int]:
    """Staff ids of the references that are register usernames."""
    found: dict[str, int] = {}
    ordered = sorted(references)
    for start in range(0, len(ordered), 10_000):
        chunk = ordered[start : start + 10_000]
        found.update(Staff.objects.filter(username__in=chunk).values_list("username", "pk"))
    return found
