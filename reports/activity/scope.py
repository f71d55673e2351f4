"""The months, level and area a report covers, and the SQL every measure shares.

A report runs over whole months (``first`` to ``last``, at most ``MAX_MONTHS``) at one level:
national, district, jobcentre or DEA. Work is placed by the jobcentre of the staff member it
belongs to (the DEA for requests and activities, the work coach for caseloads) as the staff
register holds it today.

Who may see DEA-level figures: DESIGN.md section 10 gives analysts "aggregates only" and
section 8 "never a name", and nothing there lets an analyst know which DEA did what. So a DEA
appears only as an anonymous code (``DEA-3F9A0C1B``): a keyed hash of the record's id that
nobody can turn back into the person without the service's secret key, stable from one
report to the next so that months can be compared. DEA rows name no jobcentre or district,
because a jobcentre with one DEA would give the person away.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone

from jomcase.models import District, Jobcentre, Staff
from jomcase.months import add_months, first_of_month, last_of_month, month_name, months_between
from qas.selectors.months import local_midnight
from reports.activity.definitions import Inner

LEVELS = {
    "national": "National",
    "district": "District",
    "jobcentre": "Jobcentre",
    "dea": "DEA",
}
#: How a report's heading says the level it is broken down by.
_BROKEN_DOWN = {
    "national": "nationally",
    "district": "by district",
    "jobcentre": "by jobcentre",
    "dea": "by DEA",
}
MAX_MONTHS = 24
#: How many months a report covers when it is not told.
DEFAULT_MONTHS = 6
NATIONAL_LABEL = "All areas"
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Scope:
    first: dt.date
    last: dt.date
    level: str = "national"
    district: District | None = None
    today: dt.date = field(default_factory=timezone.localdate)

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"Unknown level {self.level!r}")
        if self.first.day != 1 or self.last.day != 1:
            raise ValueError("Months are given by their first day")
        if self.last < self.first:
            raise ValueError("The last month comes before the first")
        if len(self.months) > MAX_MONTHS:
            raise ValueError(f"A report covers at most {MAX_MONTHS} months")

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.first, self.last)

    @property
    def national_total(self) -> bool:
        """The total row covers the whole country (and is never suppressed)."""
        return self.district is None

    @property
    def total_label(self) -> str:
        return NATIONAL_LABEL if self.district is None else f"All in {self.district.name}"

    def describe(self) -> str:
        span = month_name(self.first)
        if self.last != self.first:
            span += f" to {month_name(self.last)}"
        where = f" in {self.district.name}" if self.district else ""
        return f"{span}, {_BROKEN_DOWN[self.level]}{where}"

    def params(self) -> dict:
        """Values every inner statement may use: the window as local midnights, months."""
        after = add_months(self.last, 1)
        months = self.months
        month_ends = [last_of_month(m) for m in months]
        # "As of" a month: its last day, or today for a month not over yet.
        as_of_days = [min(end, self.today) for end in month_ends]
        now = timezone.now()
        as_of = [min(local_midnight(day + dt.timedelta(days=1)), now) for day in as_of_days]
        return {
            "tz": settings.TIME_ZONE,
            "months": months,
            "first_ts": local_midnight(self.first),
            "after_ts": local_midnight(after),
            "as_of_days": as_of_days,
            "as_of_ts": as_of,
            "today": self.today,
            "district": self.district.pk if self.district else None,
        }

    @property
    def unit_sql(self) -> str | None:
        return {
            "national": None,
            "district": "jc.district_id",
            "jobcentre": "jc.id",
            "dea": "b.dea_id",
        }[self.level]


def month_of(column: str) -> str:
    """SQL for the first day of the local month a timestamp falls in."""
    return f"date_trunc('month', {column} AT TIME ZONE %(tz)s)::date"


def grouped_sql(scope: Scope, inner: Inner) -> str:
    """The inner rows added up by area and month, with a total row for each month.

    Each result row is ``(unit id, month, is_total, *aggregates)``; one GROUPING SETS pass
    gives the areas and their totals together.
    """
    unit = scope.unit_sql
    where = "b.month = ANY(%(months)s::date[])"
    if scope.district is not None:
        where += " AND jc.district_id = %(district)s"
    aggregates = ",\n       ".join(inner.aggregates)
    if inner.placed_by_jobcentre:
        joins = f"LEFT JOIN {Jobcentre._meta.db_table} jc ON jc.id = b.place_id"
    else:
        joins = (
            f"LEFT JOIN {Staff._meta.db_table} s ON s.id = b.place_id\n"
            f"LEFT JOIN {Jobcentre._meta.db_table} jc ON jc.id = s.jobcentre_id"
        )
    if unit is None:
        select = "NULL::bigint, b.month, TRUE"
        group = "GROUP BY b.month"
    else:
        select = f"{unit}, b.month, GROUPING({unit}) = 1"
        group = f"GROUP BY GROUPING SETS (({unit}, b.month), (b.month))"
    return f"""
WITH b AS MATERIALIZED ({inner.sql})
SELECT {select},
       {aggregates}
FROM b
{joins}
WHERE {where}
{group}
"""


def run(scope: Scope, inner: Inner) -> list[tuple]:
    params = scope.params() | inner.params
    with connection.cursor() as cursor:
        cursor.execute(grouped_sql(scope, inner), params)
        return cursor.fetchall()


def dea_code(staff_id: int) -> str:
    """A DEA's anonymous code: the same for the same DEA, meaningless without the secret key."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"reports.dea:{staff_id}".encode(), hashlib.sha256).hexdigest()
    return f"DEA-{digest[:8].upper()}"


def unit_labels(scope: Scope, ids: set[int]) -> dict[int | None, str]:
    """Names for the areas in a report: one query for districts or jobcentres, none for DEAs."""
    labels: dict[int | None, str] = {None: NOT_RECORDED}
    known = {i for i in ids if i is not None}
    if scope.level == "dea":
        labels.update({i: dea_code(i) for i in known})
    elif scope.level in ("district", "jobcentre") and known:
        model = District if scope.level == "district" else Jobcentre
        labels.update(model.objects.filter(pk__in=known).values_list("pk", "name"))
    return labels


def default_months(
    first: dt.date | None = None, last: dt.date | None = None, *, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The months a report covers when one end or both are not given: ``DEFAULT_MONTHS``
    months up to and including this one, or up to the last month given, or from the first
    month given (but not past this month)."""
    this_month = first_of_month(today or timezone.localdate())
    if first is None and last is None:
        last = this_month
    if first is None:
        return add_months(last, 1 - DEFAULT_MONTHS), last
    if last is None:
        last = max(first, min(add_months(first, DEFAULT_MONTHS - 1), this_month))
    return first, last
