"""Reads for the reports: the FTE headcount table and what its pages and exports need.

The headcount (DESIGN.md section 8) is adviser type x financial year. A cell is the mean, over
the months of that year that have returns, of the month's total FTE for the type, rounded half
up to a whole number. A month "has returns" when a batch for it is loaded (any source), so a
type with no return in such a month counts 0 FTE that month: a pilot that ran for half a year
shows half its monthly strength. A type with no returns at all in a year is blank (None),
never 0. Notes about coverage come from the same data.

The figures come from one SQL statement: the month's totals per type and jobcentre (kept with
the returns, see ``FteMonthTotal``) are summed by type and month within the filters, then by
type and financial year, next to the months each year has returns for. Python only divides
each cell's total by its month count and rounds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Max, Min

from jomcase.models import AdviserType, District, Jobcentre
from jomcase.months import month_name, months_between
from reports.models import FteImport, FteMonthTotal
from reports.years import FinancialYear, years_between

ONE = Decimal(1)


def round_half_up(value: Decimal) -> int:
    """Halves go up (2.5 -> 3), unlike Python's round(), which sends them to the even number."""
    return int(value.quantize(ONE, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class HeadcountRow:
    adviser_type_id: int
    adviser_type: str
    values: dict[str, int | None]  # year label -> FTE, None when there were no returns


@dataclass(frozen=True)
class Headcount:
    years: list[FinancialYear]
    rows: list[HeadcountRow]
    notes: list[str]
    #: year label -> the months of that year that have returns, oldest first
    coverage: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    first_month: dt.date | None = None

    @property
    def year_labels(self) -> list[str]:
        return [year.label for year in self.years]


# {filters} is filled with fixed SQL fragments only; every value travels as a parameter.
_HEADCOUNT_SQL = """
WITH reported AS (
    SELECT month FROM {imports} WHERE replaced_at IS NULL
),
monthly AS (
    SELECT r.adviser_type_id, r.month, SUM(r.total_fte) AS total
    FROM {totals} r
    WHERE r.month BETWEEN %(first)s AND %(last)s{filters}
    GROUP BY r.adviser_type_id, r.month
)
SELECT 'cell', m.adviser_type_id, t.name, t.position,
       EXTRACT(YEAR FROM m.month - INTERVAL '3 months')::int AS fy,
       SUM(m.total), COUNT(*), NULL::date[]
FROM monthly m JOIN {types} t ON t.id = m.adviser_type_id
GROUP BY m.adviser_type_id, t.name, t.position, fy
UNION ALL
SELECT 'coverage', NULL, NULL, NULL,
       EXTRACT(YEAR FROM month - INTERVAL '3 months')::int AS fy,
       NULL, COUNT(*), ARRAY_AGG(month ORDER BY month)
FROM reported WHERE month BETWEEN %(first)s AND %(last)s
GROUP BY fy
UNION ALL
SELECT 'first', NULL, NULL, NULL, NULL, NULL, NULL, ARRAY[MIN(month)] FROM reported
"""

_FILTERS = {
    "adviser_types": " AND r.adviser_type_id = ANY(%(adviser_types)s)",
    "jobcentre": " AND r.jobcentre_id = %(jobcentre)s",
    "district": (
        " AND r.jobcentre_id IN (SELECT id FROM {jobcentres} WHERE district_id = %(district)s)"
    ),
}


def headcount(
    *,
    first_year: FinancialYear | int,
    last_year: FinancialYear | int,
    adviser_types: Sequence[AdviserType] | None = None,
    district: District | None = None,
    jobcentre: Jobcentre | None = None,
) -> Headcount:
    """FTE by adviser type and financial year from ``first_year`` to ``last_year``.

    With ``adviser_types`` the rows are those types (blank rows included), in report order;
    without, every type that has returns in the years asked for.
    """
    first = first_year if isinstance(first_year, FinancialYear) else FinancialYear(first_year)
    last = last_year if isinstance(last_year, FinancialYear) else FinancialYear(last_year)
    if last < first:
        raise ValueError("The last year comes before the first")
    years = years_between(first, last)

    params: dict[str, object] = {"first": first.first_month, "last": last.last_month}
    filters = ""
    if adviser_types is not None:
        params["adviser_types"] = [t.pk for t in adviser_types]
        filters += _FILTERS["adviser_types"]
    if jobcentre is not None:
        params["jobcentre"] = jobcentre.pk
        filters += _FILTERS["jobcentre"]
    if district is not None:
        params["district"] = district.pk
        filters += _FILTERS["district"].format(jobcentres=Jobcentre._meta.db_table)
    sql = _HEADCOUNT_SQL.format(
        imports=FteImport._meta.db_table,
        totals=FteMonthTotal._meta.db_table,
        types=AdviserType._meta.db_table,
        filters=filters,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()

    coverage: dict[str, tuple[dt.date, ...]] = {}
    first_month = None
    totals: dict[int, dict[str, tuple[Decimal, int]]] = {}
    names: dict[int, tuple[int, str]] = {}
    for kind, type_id, name, position, fy, total, months, month_list in result:
        if kind == "cell":
            names[type_id] = (position, name)
            totals.setdefault(type_id, {})[FinancialYear(fy).label] = (total, months)
        elif kind == "coverage":
            coverage[FinancialYear(fy).label] = tuple(month_list)
        else:
            first_month = month_list[0] if month_list else None

    if adviser_types is not None:
        chosen = sorted(adviser_types, key=lambda t: (t.position, t.name))
        shown = [(t.pk, t.name) for t in chosen]
    else:
        shown = [(pk, name) for pk, (_, name) in sorted(names.items(), key=lambda i: i[1])]

    rows = []
    for type_id, name in shown:
        values: dict[str, int | None] = {}
        for year in years:
            cell = totals.get(type_id, {}).get(year.label)
            if cell is None:
                values[year.label] = None
                continue
            total, months_with_returns = cell
            # Months "with returns" are those with a loaded batch; the type's own months can
            # only be fewer, and are used only if batches and returns ever disagree.
            months = len(coverage.get(year.label, ())) or months_with_returns
            values[year.label] = round_half_up(Decimal(total) / months)
        rows.append(HeadcountRow(adviser_type_id=type_id, adviser_type=name, values=values))

    notes = headcount_notes(
        years=years,
        coverage=coverage,
        first_month=first_month,
        district=district,
        jobcentre=jobcentre,
    )
    return Headcount(
        years=years, rows=rows, notes=notes, coverage=coverage, first_month=first_month
    )


def _month_list(months: Sequence[dt.date]) -> str:
    names = [month_name(m) for m in months]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _coverage_note(year: FinancialYear, months: tuple[dt.date, ...]) -> str:
    count = len(months)
    first, last = months[0], months[-1]
    plural = "month" if count == 1 else "months"
    if count == 1:
        return f"{year.label} covers {month_name(first)} only (1 month)."
    span = months_between(first, last)
    if len(span) == count:
        return f"{year.label} covers {month_name(first)} to {month_name(last)} ({count} {plural})."
    missing = [m for m in span if m not in months]
    return (
        f"{year.label} covers {count} {plural} from {month_name(first)} to {month_name(last)}; "
        f"there are no returns for {_month_list(missing)}."
    )


def headcount_notes(
    *,
    years: Sequence[FinancialYear],
    coverage: dict[str, tuple[dt.date, ...]],
    first_month: dt.date | None,
    district: District | None = None,
    jobcentre: Jobcentre | None = None,
) -> list[str]:
    """What a reader needs to know to read the table, worked out from the returns held."""
    notes = []
    if first_month is None:
        notes.append("No FTE returns have been loaded yet, so there are no figures.")
    else:
        notes.append(
            f"Figures are not available before {month_name(first_month)}, the first month "
            "with returns."
        )
    before = [y.label for y in years if first_month is None or y.last_month < first_month]
    if first_month is not None and before:
        notes.append(f"{_labels(before)} {_is_are(before)} before the first returns.")
    empty = []
    for year in years:
        months = coverage.get(year.label, ())
        if months and len(months) < 12:
            notes.append(_coverage_note(year, months))
        elif not months and first_month is not None and year.last_month >= first_month:
            empty.append(year.label)
    if empty:
        notes.append(f"There are no returns for {_labels(empty)}.")
    notes.append(
        "Figures are full-time equivalents (FTE): for each year, the average of the total FTE "
        "of the months with returns, rounded to a whole number (a half rounds up)."
    )
    notes.append("A blank cell means there were no returns for that adviser type that year.")
    if jobcentre is not None:
        notes.append(f"Only returns from {jobcentre.name} jobcentre are counted.")
    elif district is not None:
        notes.append(f"Only returns from jobcentres in the {district.name} district are counted.")
    return notes


def _labels(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _is_are(labels: list[str]) -> str:
    return "is" if len(labels) == 1 else "are"


def reported_years() -> tuple[FinancialYear, FinancialYear] | None:
    """The first and last financial years with returns, or None when there are none."""
    span = FteImport.objects.filter(replaced_at__isnull=True).aggregate(
        first=Min("month"), last=Max("month")
    )
    if span["first"] is None:
        return None
    return FinancialYear.of(span["first"]), FinancialYear.of(span["last"])


def default_years() -> tuple[FinancialYear, FinancialYear]:
    """From the first year with returns (or this year) to the current financial year."""
    current = FinancialYear.current()
    span = reported_years()
    if span is None:
        return current, current
    return span[0], max(span[1], current)


def filter_options() -> dict[str, list]:
    """What the headcount's filters offer: adviser types, districts and jobcentres, read once
    each so that the filter form can check a choice without asking again."""
    return {
        "adviser_types": list(AdviserType.objects.only("name", "position")),
        "district": list(District.objects.only("name")),
        "jobcentre": list(Jobcentre.objects.only("name", "district_id")),
    }


def districts() -> list[District]:
    """The districts a report can be narrowed to, for its filter form."""
    return list(District.objects.only("name"))


def fte_imports(*, limit: int = 24):
    """The latest loads, current or replaced, newest first, for the returns page.

    Who imported a batch is left out on purpose: the page is for analysts, who see no names.
    """
    return FteImport.objects.only(
        "month",
        "source",
        "file_name",
        "imported_at",
        "row_count",
        "total_fte",
        "replaced_row_count",
        "replaced_at",
    ).order_by("-imported_at", "-id")[:limit]
