"""Caseload size per work coach (DESIGN.md sections 3 and 8), month by month.

A caseload has no cap (seed 000, answer 3), so the report shows its spread: the mean, the
median and how many coaches hold caseloads of each size band. A month's caseloads are those
at its end (or now, for this month), rebuilt from the caseload transfers: each transfer
starts a holding that lasts until the claimant's next transfer. A claimant with no transfer
on record counts with their current work coach from the day they were added.

Work coaches are the people who hold the work coach role on that day, whether or not they
hold any claimants; each is placed by their own jobcentre, and at DEA level with the DEA
whose cohort they were in that day.
"""

from __future__ import annotations

from claimants.models import CaseloadTransfer, Claimant
from dea_support.models import Cohort, CohortMembership
from jomcase.models import Role, RoleAssignment
from reports.activity.definitions import AVERAGE, Column, Inner, count_where, measure, parts
from reports.activity.scope import Scope

#: (key, label, lowest, highest or None) of each band of caseload size.
BANDS = (
    ("size_0", "No claimants", 0, 0),
    ("size_1_49", "1 to 49", 1, 49),
    ("size_50_99", "50 to 99", 50, 99),
    ("size_100_149", "100 to 149", 100, 149),
    ("size_150", "150 or more", 150, None),
)


@measure(
    key="caseloads",
    position=90,
    title="Caseload size per work coach",
    sheet="Caseloads",
    columns=[
        Column("coaches", "Work coaches"),
        Column("claimants", "Claimants on their caseloads"),
        Column("mean", "Mean caseload", kind=AVERAGE, base="coaches"),
        Column("median", "Median caseload", kind=AVERAGE, base="coaches"),
        *parts("coaches", [(key, f"Coaches with {label.lower()}") for key, label, *_ in BANDS]),
    ],
    notes=[
        "Caseloads at the end of each month (for this month, today), rebuilt from the "
        "transfers that move claimants between work coaches. Work coaches are those holding "
        "the role that day, including any with no claimants; each is counted in their own "
        "jobcentre, and at DEA level with the DEA whose cohort they were in.",
    ],
)
def caseloads(scope: Scope) -> Inner:
    if scope.level == "dea":
        dea = f"""(SELECT co.dea_id FROM {CohortMembership._meta.db_table} cm
            JOIN {Cohort._meta.db_table} co ON co.id = cm.cohort_id
            WHERE cm.work_coach_id = z.staff_id AND cm.start <= z.as_of_day
              AND (cm."end" IS NULL OR cm."end" >= z.as_of_day)
            ORDER BY cm.start DESC, cm.id DESC LIMIT 1)"""
    else:
        dea = "NULL::bigint"
    transfers = CaseloadTransfer._meta.db_table
    sql = f"""
WITH m AS (
    SELECT * FROM unnest(%(months)s::date[], %(as_of_days)s::date[],
                         %(as_of_ts)s::timestamptz[]) AS m(month, as_of_day, as_of_ts)
),
holdings AS (
    SELECT t.claimant_id, t.to_work_coach_id AS coach_id, t.at AS from_at,
           LEAD(t.at) OVER (PARTITION BY t.claimant_id ORDER BY t.at, t.id) AS until_at
    FROM {transfers} t
    UNION ALL
    SELECT c.id, c.work_coach_id, c.created_at, NULL
    FROM {Claimant._meta.db_table} c
    WHERE c.work_coach_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM {transfers} t WHERE t.claimant_id = c.id)
),
coaches AS (
    SELECT DISTINCT ra.staff_id, m.month, m.as_of_day, m.as_of_ts
    FROM {RoleAssignment._meta.db_table} ra
    JOIN m ON ra.start <= m.as_of_day AND (ra."end" IS NULL OR ra."end" >= m.as_of_day)
    WHERE ra.role = '{Role.WORK_COACH.value}'
),
sizes AS (
    SELECT k.staff_id, k.month, k.as_of_day, COUNT(h.claimant_id) AS size
    FROM coaches k
    LEFT JOIN holdings h ON h.coach_id = k.staff_id AND h.from_at < k.as_of_ts
         AND (h.until_at IS NULL OR h.until_at >= k.as_of_ts)
    GROUP BY k.staff_id, k.month, k.as_of_day
)
SELECT z.staff_id AS place_id, {dea} AS dea_id, z.month, z.size
FROM sizes z
"""
    bands = []
    for _, _, low, high in BANDS:
        condition = f"b.size >= {low}" + (f" AND b.size <= {high}" if high is not None else "")
        bands.append(count_where(condition))
    return Inner(
        sql=sql,
        aggregates=(
            "COUNT(*)",
            "COALESCE(SUM(b.size), 0)",
            "AVG(b.size)",
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY b.size)",
            *bands,
        ),
    )
