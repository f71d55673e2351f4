"""Demonstration FTE returns whose headcount reproduces the FOI VTR 1150 table.

The published table (seed 000) gives FTE by adviser type for 2012.13, 2013.14 and 2014.15, the
last covering April 2014 to February 2015 only. For every month of those years each type gets
returns whose total is the published figure, plus one FTE in the first month of the year, minus
one in the second, and so on; over a year those steps add up to 0 or +1, so the mean is within
1/11 of the figure and rounds to it exactly. Each total is split across made-up people: most
full time, one in eleven or so part time in pairs (0.6 + 0.4, 0.8 + 0.2, 0.5 + 0.5) that make
whole FTE. A blank in the table gets no returns at all. March 2015 has no returns, as in the
FOI, which is why 2014.15 has 11 months.

From 2015.16 to the last full month the returns are for Disability Employment Advisers and
Work Coaches only, with made-up national figures of the size DESIGN.md section 11 gives.

People in the returns are known only by a made-up staff number (``S01000123``): none is on the
staff register, and no name is stored anywhere. The returns are written with one INSERT per
month that PostgreSQL expands itself, because there are about two million of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction

from jomcase.models import AdviserType, District, Jobcentre
from jomcase.months import months_between
from reports.models import FteImport, FteReturn
from reports.services import month_replace_finish, month_replace_start
from reports.years import FinancialYear, last_complete_month

#: The FOI VTR 1150 table: FTE for 2012.13, 2013.14 and 2014.15, None where it is blank.
FOI_YEARS = (FinancialYear(2012), FinancialYear(2013), FinancialYear(2014))
FOI_TABLE: tuple[tuple[str, tuple[int | None, int | None, int | None]], ...] = (
    ("Jobseekers Allowance (JSA) Adviser", (7793, 6626, 6822)),
    ("Jobseekers Allowance (JSA) New Jobseekers Interview (NJI) Adviser", (2463, 2044, 1753)),
    ("Post Work Programme Support (PWPS) Adviser", (None, 988, None)),
    ("Youth Contract Hot Spot Adviser", (None, 437, None)),
    ("Employment and Support Allowance (ESA) Adviser", (804, 890, 1136)),
    ("Income Support (IS) Adviser", (1088, 983, 1163)),
    ("16/17 Year Old Specialist Adviser", (176, 144, 115)),
    ("Pilot for 16/17 Year Olds Adviser", (None, None, 13)),
    ("18-19 Not In Employment Education or Training (NEET) Adviser", (None, None, 53)),
    ("Disability Employment Adviser", (520, 444, 368)),
    ("ESA 18-24 Pilot Adviser", (None, 13, 24)),
    ("Local Authorities Families Programme Adviser", (None, 99, 161)),
    ("Community Outreach Adviser", (91, None, None)),
    ("Outreach Adviser", (230, 222, None)),
    ("Remploy Personal Case Worker (PCW) Adviser", (None, 33, 14)),
    ("Discharged Prisoner Adviser", (None, None, 121)),
    ("Universal Credit (UC) Adviser / Coach", (None, 33, 195)),
    ("Employer Advisers", (1113, 1072, 1232)),
)
#: The FOI's returns stop after February 2015.
FOI_LAST_MONTH = dt.date(2015, 2, 1)

DEA = "Disability Employment Adviser"
WORK_COACH = "Work Coach"
#: Made-up figures for the years after the FOI: (DEA, Work Coach) FTE. A year past the end
#: of this table repeats its last line.
LATER_YEARS: dict[int, tuple[int, int]] = {
    2015: (352, 10212),
    2016: (389, 11034),
    2017: (421, 11287),
    2018: (447, 11452),
    2019: (463, 11610),
    2020: (478, 11905),
    2021: (492, 11873),
    2022: (486, 11748),
    2023: (471, 11562),
    2024: (458, 11489),
    2025: (465, 11530),
    2026: (470, 11544),
}
LATER_FIRST_MONTH = dt.date(2015, 4, 1)
#: Position in AdviserType for the types the FOI table does not have.
WORK_COACH_POSITION = 100

# One INSERT per month: for each type, people 1..n with a made-up staff number, spread over
# the jobcentres, full time first and then part-timers in pairs that make whole FTE.
_INSERT_MONTH = """
INSERT INTO {returns} (batch_id, month, staff_id, staff_reference, adviser_type_id,
                       jobcentre_id, fte)
SELECT %(batch)s, %(month)s, NULL,
       'S' || lpad(t.position::text, 3, '0') || lpad(g::text, 5, '0'),
       t.type_id,
       (%(jobcentres)s::bigint[])[1 + (g + t.position) %% %(jobcentre_count)s],
       CASE
           WHEN g <= t.full_time THEN 1.000
           WHEN (g - t.full_time) %% 2 = 1 THEN
               (ARRAY[0.600, 0.800, 0.500])[1 + ((g - t.full_time - 1) / 2) %% 3]
           ELSE (ARRAY[0.400, 0.200, 0.500])[1 + ((g - t.full_time - 1) / 2) %% 3]
       END
FROM unnest(%(type_ids)s::bigint[], %(positions)s::int[], %(full_time)s::int[],
            %(pairs)s::int[]) AS t(type_id, position, full_time, pairs)
CROSS JOIN LATERAL generate_series(1, t.full_time + 2 * t.pairs) AS g
"""


@dataclass
class SeedSummary:
    months_created: int = 0
    months_kept: int = 0
    returns_created: int = 0
    first_month: dt.date | None = None
    last_month: dt.date | None = None

    @property
    def changed(self) -> bool:
        return bool(self.months_created)


def monthly_total(figure: int, month_index: int) -> int:
    """The month's total FTE for a yearly figure: +1 in April, -1 in May, +1 in June, ..."""
    return figure + (1 if month_index % 2 == 0 else -1)


def split(total: int) -> tuple[int, int]:
    """(full-time people, part-time pairs) whose FTE adds up to ``total``."""
    pairs = total // 10
    return total - pairs, pairs


def plan(until: dt.date | None = None) -> dict[dt.date, dict[str, int]]:
    """Each month's total FTE by adviser type name, from April 2012 to ``until``."""
    until = until or last_complete_month()
    months: dict[dt.date, dict[str, int]] = {}
    for index, year in enumerate(FOI_YEARS):
        for n, month in enumerate(year.months()):
            if month > FOI_LAST_MONTH or month > until:
                break
            months[month] = {
                name: monthly_total(figures[index], n)
                for name, figures in FOI_TABLE
                if figures[index] is not None
            }
    last_known = max(LATER_YEARS)
    for month in months_between(LATER_FIRST_MONTH, until):
        year = FinancialYear.of(month)
        dea, work_coach = LATER_YEARS.get(year.start_year, LATER_YEARS[last_known])
        n = (month.month - 4) % 12
        months[month] = {DEA: monthly_total(dea, n), WORK_COACH: monthly_total(work_coach, n)}
    return months


def _adviser_types() -> dict[str, AdviserType]:
    wanted = [(name, position) for position, (name, _) in enumerate(FOI_TABLE, start=1)]
    wanted.append((WORK_COACH, WORK_COACH_POSITION))
    return {
        name: AdviserType.objects.get_or_create(name=name, defaults={"position": position})[0]
        for name, position in wanted
    }


def _jobcentre_ids() -> list[int]:
    """The demo organisation's jobcentres (as seed_demo makes them), created when missing."""
    from dea_support.demo.people import DISTRICTS

    ids = []
    for district_name, nation, names in DISTRICTS:
        district, _ = District.objects.get_or_create(name=district_name)
        for name in names:
            jobcentre, _ = Jobcentre.objects.get_or_create(
                name=name, defaults={"district": district, "nation": nation}
            )
            ids.append(jobcentre.pk)
    return ids


def seed_fte_returns(*, until: dt.date | None = None, progress=None) -> SeedSummary:
    """Write the demo returns for every month up to ``until`` that has none yet.

    A month already loaded (by an earlier run, an upload or a snapshot) is left as it is, so
    running this again changes nothing. ``progress(month)`` is called after each new month.
    """
    summary = SeedSummary()
    months = plan(until)
    if not months:
        return summary
    with transaction.atomic():
        types = _adviser_types()
        jobcentres = _jobcentre_ids()
    loaded = set(
        FteImport.objects.filter(replaced_at__isnull=True, month__in=list(months)).values_list(
            "month", flat=True
        )
    )
    summary.first_month, summary.last_month = min(months), max(months)
    sql = _INSERT_MONTH.format(returns=FteReturn._meta.db_table)
    for month, totals in months.items():
        if month in loaded:
            summary.months_kept += 1
            continue
        with transaction.atomic():
            batch = month_replace_start(month=month, source=FteImport.Source.DEMO, actor=None)
            names = list(totals)
            split_totals = [split(totals[name]) for name in names]
            with connection.cursor() as cursor:
                cursor.execute(
                    sql,
                    {
                        "batch": batch.pk,
                        "month": month,
                        "jobcentres": jobcentres,
                        "jobcentre_count": len(jobcentres),
                        "type_ids": [types[name].pk for name in names],
                        "positions": [types[name].position for name in names],
                        "full_time": [full for full, _ in split_totals],
                        "pairs": [pairs for _, pairs in split_totals],
                    },
                )
            batch = month_replace_finish(batch)
        summary.months_created += 1
        summary.returns_created += batch.row_count
        if progress:
            progress(month)
    if summary.months_created:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {FteReturn._meta.db_table}")
    return summary
