"""Measures of the DEA's work (DESIGN.md section 5): activities held, claimant support
interventions against the cap of three, and group conferences held against required.

Work is placed by the jobcentre of the DEA who leads it.
"""

from __future__ import annotations

from django.conf import settings

from conferences.models import (
    CSI_CAP,
    CSI_COUNTED_STATES,
    Activity,
    ActivityKind,
    ActivityState,
    CsiApproval,
)
from dea_support.models import Cohort, CohortMembership
from reports.activity.definitions import (
    SHARE,
    Column,
    Inner,
    count_where,
    measure,
    parts,
    sql_in,
    sum_where,
)
from reports.activity.scope import Scope, month_of

_ACTIVITIES = Activity._meta.db_table
_HELD = (ActivityState.HELD, ActivityState.CONCLUDED)
_INFORMATION = ActivityKind.INFORMATIONAL_SUPPORT.value
_CSI = ActivityKind.CLAIMANT_SUPPORT_INTERVENTION.value
# Local midnight at the start of the month after ``m.month``.
_NEXT_MONTH = "((m.month + INTERVAL '1 month')::timestamp AT TIME ZONE %(tz)s)"


@measure(
    key="activities_held",
    position=60,
    title="Activities held by kind",
    sheet="Activities held",
    columns=[
        Column("held", "All activities held"),
        *parts("held", [(k.value, k.label) for k in ActivityKind]),
        Column("not_attended", "Not attended"),
    ],
    notes=[
        "Activities held in the month, by kind, counted in the month they were booked for. "
        "Informational support is never booked: it counts in the month the DEA sent the "
        "information.",
        "Not attended: booked for the month, and the claimant or colleague did not come.",
    ],
)
def activities_held(scope: Scope) -> Inner:
    when = f"CASE WHEN a.kind = '{_INFORMATION}' THEN a.closed_at ELSE a.start END"
    # Counted by DEA, month, kind and state first, so only those counts are added up by area.
    sql = f"""
SELECT a.dea_id AS place_id, a.dea_id AS dea_id, {month_of(when)} AS month, a.kind, a.state,
       count(*) AS n
FROM {_ACTIVITIES} a
WHERE (a.start >= %(first_ts)s AND a.start < %(after_ts)s)
   OR (a.kind = '{_INFORMATION}' AND a.closed_at >= %(first_ts)s AND a.closed_at < %(after_ts)s)
GROUP BY 1, 2, 3, 4, 5
"""
    held = sql_in("b.state", _HELD)
    return Inner(
        sql=sql,
        aggregates=(
            sum_where(held),
            *(sum_where(f"{held} AND {sql_in('b.kind', [k])}") for k in ActivityKind),
            sum_where(sql_in("b.state", [ActivityState.NOT_ATTENDED])),
        ),
    )


@measure(
    key="csis",
    position=70,
    title="Claimant support interventions per claimant",
    sheet="CSIs per claimant",
    columns=[
        Column("claimants", "Claimants with a CSI in the month"),
        Column("csis", "CSIs in the month"),
        *parts(
            "claimants",
            [
                ("to_date_1", "With 1 CSI to date"),
                ("to_date_2", "With 2 CSIs to date"),
                ("to_date_3", "With 3 CSIs to date"),
                ("to_date_more", f"With more than {CSI_CAP} CSIs to date"),
            ],
        ),
        Column("unapproved", f"Beyond {CSI_CAP} without an approval for each"),
        Column("approvals", "Approvals given in the month"),
    ],
    notes=[
        "A claimant support intervention (CSI) counts when it is booked, unless it is "
        "cancelled before it takes place, as the cap of three per claimant counts them. It "
        "is counted in the month it was booked for.",
        "Claimants with a CSI in the month are grouped by how many CSIs they have had in all, "
        "with any DEA, up to the end of that month. Each claimant is placed with the DEA of "
        "their last CSI that month.",
        f"Beyond {CSI_CAP} without an approval for each: claimants whose CSIs to date are "
        f"more than {CSI_CAP} plus the team leader approvals given for them by then; each "
        "approval allows one CSI beyond the cap.",
        "Approvals given in the month are placed with the DEA of the claimant's latest CSI "
        "booked for that month or before.",
    ],
)
def csis(scope: Scope) -> Inner:
    counted = sql_in("a.state", CSI_COUNTED_STATES)
    csi_rows = f"a.kind = '{_CSI}' AND {counted}"
    month_start = "(m.month::timestamp AT TIME ZONE %(tz)s)"
    sql = f"""
SELECT w.dea_id AS place_id, w.dea_id AS dea_id, w.month, 'claimant' AS row_type,
       (SELECT count(*) FROM {_ACTIVITIES} a
        WHERE a.claimant_id = w.claimant_id AND {csi_rows} AND a.start < {_NEXT_MONTH})
           AS to_date,
       (SELECT count(*) FROM {_ACTIVITIES} a
        WHERE a.claimant_id = w.claimant_id AND {csi_rows}
          AND a.start >= {month_start} AND a.start < {_NEXT_MONTH}) AS in_month,
       (SELECT count(*) FROM {CsiApproval._meta.db_table} ap
        WHERE ap.claimant_id = w.claimant_id AND ap.approved_at < {_NEXT_MONTH}) AS approvals
FROM (
    SELECT DISTINCT ON (a.claimant_id, 3) a.claimant_id, a.dea_id, {month_of("a.start")} AS month
    FROM {_ACTIVITIES} a
    WHERE {csi_rows} AND a.claimant_id IS NOT NULL
      AND a.start >= %(first_ts)s AND a.start < %(after_ts)s
    ORDER BY a.claimant_id, 3, a.start DESC, a.id DESC
) w
CROSS JOIN LATERAL (SELECT w.month) AS m(month)
UNION ALL
SELECT latest.dea_id, latest.dea_id, m.month, 'approval', 0, 0, 0
FROM {CsiApproval._meta.db_table} ap
CROSS JOIN LATERAL (SELECT {month_of("ap.approved_at")}) AS m(month)
LEFT JOIN LATERAL (
    SELECT a.dea_id FROM {_ACTIVITIES} a
    WHERE a.claimant_id = ap.claimant_id AND {csi_rows} AND a.start < {_NEXT_MONTH}
    ORDER BY a.start DESC, a.id DESC LIMIT 1
) latest ON TRUE
WHERE ap.approved_at >= %(first_ts)s AND ap.approved_at < %(after_ts)s
"""
    claimant = "b.row_type = 'claimant'"
    return Inner(
        sql=sql,
        aggregates=(
            count_where(claimant),
            f"COALESCE(SUM(b.in_month) FILTER (WHERE {claimant}), 0)",
            count_where(f"{claimant} AND b.to_date = 1"),
            count_where(f"{claimant} AND b.to_date = 2"),
            count_where(f"{claimant} AND b.to_date = 3"),
            count_where(f"{claimant} AND b.to_date > {CSI_CAP}"),
            count_where(f"{claimant} AND b.to_date > {CSI_CAP} + b.approvals"),
            count_where("b.row_type = 'approval'"),
        ),
    )


@measure(
    key="group_conferences",
    position=80,
    title="Group conferences held against required",
    sheet="Group conferences",
    columns=[
        Column("cohorts", "Cohorts with work coaches"),
        Column("required", "Sessions required"),
        Column("held", "Sessions held"),
        Column("cohorts_met", "Cohorts that held enough sessions"),
        Column(
            "cohorts_met_share",
            "Cohorts that held enough sessions (%)",
            kind=SHARE,
            base="cohorts",
            numerator="cohorts_met",
        ),
    ],
    notes=[
        "Each DEA's cohort must hold at least one group work coach conference a month for "
        f"every {settings.GROUP_CONFERENCE_MAX_COACHES} work coaches in it (a cohort of n "
        f"coaches needs n / {settings.GROUP_CONFERENCE_MAX_COACHES} sessions, rounded up). "
        "A coach counts in the months their membership of the cohort overlaps.",
        "Sessions held: group conferences the cohort's DEA held in the month. A cohort held "
        "enough when it held at least the sessions required; whether every coach was invited "
        "to one is not part of this figure.",
    ],
)
def group_conferences(scope: Scope) -> Inner:
    held = sql_in("a.state", _HELD)
    sql = f"""
WITH m AS (
    SELECT month, (month + INTERVAL '1 month' - INTERVAL '1 day')::date AS last_day
    FROM unnest(%(months)s::date[]) AS m(month)
),
members AS (
    SELECT cm.cohort_id, m.month, count(DISTINCT cm.work_coach_id) AS coaches
    FROM {CohortMembership._meta.db_table} cm
    JOIN m ON cm.start <= m.last_day AND (cm."end" IS NULL OR cm."end" >= m.month)
    GROUP BY cm.cohort_id, m.month
),
sessions AS (
    SELECT a.dea_id, {month_of("a.start")} AS month, count(*) AS held
    FROM {_ACTIVITIES} a
    WHERE a.kind = '{ActivityKind.GROUP_CONFERENCE.value}' AND {held}
      AND a.start >= %(first_ts)s AND a.start < %(after_ts)s
    GROUP BY 1, 2
)
SELECT co.dea_id AS place_id, co.dea_id AS dea_id, m.month,
       COALESCE(mb.coaches, 0) AS coaches, COALESCE(s.held, 0) AS held,
       CEIL(COALESCE(mb.coaches, 0)::numeric / %(per_session)s)::int AS required
FROM {Cohort._meta.db_table} co
CROSS JOIN m
LEFT JOIN members mb ON mb.cohort_id = co.id AND mb.month = m.month
LEFT JOIN sessions s ON s.dea_id = co.dea_id AND s.month = m.month
"""
    return Inner(
        sql=sql,
        aggregates=(
            count_where("b.coaches > 0"),
            "COALESCE(SUM(b.required), 0)",
            "COALESCE(SUM(b.held), 0)",
            count_where("b.coaches > 0 AND b.held >= b.required"),
            f"100.0 * {count_where('b.coaches > 0 AND b.held >= b.required')}"
            f" / NULLIF({count_where('b.coaches > 0')}, 0)",
        ),
        params={"per_session": settings.GROUP_CONFERENCE_MAX_COACHES},
    )
