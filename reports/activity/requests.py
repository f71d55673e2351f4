"""Measures of support requests (DESIGN.md section 4): kinds, outcomes, response times.

A request is counted in the month it was filed and placed by its DEA's jobcentre. Its
outcome is its state today, so the figures for recent months change as requests are decided.
"""

from __future__ import annotations

from dea_support import timeliness as due_rules
from dea_support.models import (
    Channel,
    DeclineReason,
    RequestKind,
    RequestState,
    SupportRequest,
)
from jomcase.models import Jobcentre, Staff
from reports.activity.definitions import (
    AVERAGE,
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
from reports.activity.workdays import holiday_params, working_days_sql

_REQUESTS = SupportRequest._meta.db_table
_ACCEPTED = (RequestState.ACCEPTED, RequestState.RESOLVED)
ALL = "COALESCE(SUM(b.n), 0)"


def _filed(scope: Scope) -> str:
    # Counted by DEA, month, kind and outcome first: a few thousand rows to add up by area
    # instead of every request.
    return f"""
SELECT sr.dea_id AS place_id, sr.dea_id AS dea_id, {month_of("sr.created_at")} AS month,
       sr.kind, sr.state, sr.decline_reason, sr.channel, count(*) AS n
FROM {_REQUESTS} sr
WHERE sr.created_at >= %(first_ts)s AND sr.created_at < %(after_ts)s
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""


@measure(
    key="requests_by_kind",
    position=10,
    title="Support requests by kind",
    sheet="Requests by kind",
    columns=[
        Column("total", "All requests"),
        *parts("total", [(k.value, k.label) for k in RequestKind]),
    ],
    notes=[
        "Support requests filed in the month, by kind: claimant support, skill support and "
        "support for a jobcentre colleague.",
    ],
)
def requests_by_kind(scope: Scope) -> Inner:
    kinds = [sum_where(sql_in("b.kind", [k])) for k in RequestKind]
    return Inner(sql=_filed(scope), aggregates=(ALL, *kinds))


_STATES = (
    RequestState.ACCEPTED,
    RequestState.RESOLVED,
    RequestState.DECLINED,
    RequestState.WITHDRAWN,
    RequestState.SUBMITTED,
    RequestState.INFO_REQUESTED,
)
_STATE_LABELS = {
    RequestState.ACCEPTED: "Accepted, work under way",
    RequestState.RESOLVED: "Resolved",
    RequestState.DECLINED: "Declined",
    RequestState.WITHDRAWN: "Withdrawn",
    RequestState.SUBMITTED: "Waiting for the DEA",
    RequestState.INFO_REQUESTED: "Waiting for information",
}


@measure(
    key="requests_by_outcome",
    position=20,
    title="Support requests by outcome",
    sheet="Requests by outcome",
    columns=[
        Column("total", "All requests"),
        *parts("total", [(s.value, _STATE_LABELS[s]) for s in _STATES]),
    ],
    notes=[
        "Requests filed in the month by where they stand today: accepted (the DEA chose how "
        "to help and the work is under way), resolved (all the work it led to has ended), "
        "declined, withdrawn by the requester, or still waiting for the DEA or for "
        "information the DEA asked for.",
    ],
)
def requests_by_outcome(scope: Scope) -> Inner:
    states = [sum_where(sql_in("b.state", [s])) for s in _STATES]
    return Inner(sql=_filed(scope), aggregates=(ALL, *states))


@measure(
    key="declined_by_reason",
    position=30,
    title="Declined requests by reason",
    sheet="Declined by reason",
    columns=[
        Column("declined", "Declined"),
        *parts("declined", [(r.value, r.label) for r in DeclineReason]),
    ],
    notes=["Requests filed in the month and declined since, by the reason the DEA gave."],
)
def declined_by_reason(scope: Scope) -> Inner:
    declined = sql_in("b.state", [RequestState.DECLINED])
    reasons = [
        sum_where(f"{declined} AND {sql_in('b.decline_reason', [r])}") for r in DeclineReason
    ]
    return Inner(sql=_filed(scope), aggregates=(sum_where(declined), *reasons))


@measure(
    key="accepted_by_channel",
    position=40,
    title="Accepted requests by channel",
    sheet="Accepted by channel",
    columns=[
        Column("accepted", "Accepted"),
        *parts("accepted", [(c.value, c.label) for c in Channel]),
    ],
    notes=[
        "Requests filed in the month and accepted since (including those now resolved), by "
        "the channel the DEA chose to help through.",
    ],
)
def accepted_by_channel(scope: Scope) -> Inner:
    accepted = sql_in("b.state", _ACCEPTED)
    channels = [sum_where(f"{accepted} AND {sql_in('b.channel', [c])}") for c in Channel]
    return Inner(sql=_filed(scope), aggregates=(sum_where(accepted), *channels))


def _responses(scope: Scope) -> str:
    decided_at = (
        "CASE WHEN sr.accepted_at IS NOT NULL THEN sr.accepted_at "
        f"WHEN {sql_in('sr.state', [RequestState.DECLINED])} THEN sr.closed_at END"
    )
    day = "(({}) AT TIME ZONE %(tz)s)::date"
    clock_start = "sr.created_at + sr.waiting_for_info"
    waited = working_days_sql(day.format(clock_start), day.format("r.decided_at"), "jc.nation")
    allowed = working_days_sql(day.format("sr.created_at"), "sr.required_by", "jc.nation")
    return f"""
SELECT sr.dea_id AS place_id, sr.dea_id AS dea_id, {month_of("sr.created_at")} AS month,
       sr.state, sr.required_by, sr.due_on,
       ({day.format("r.decided_at")}) AS decided_on,
       CASE WHEN r.decided_at IS NULL THEN NULL
            WHEN r.decided_at <= {clock_start} THEN 0
            ELSE {waited} END AS working_days,
       CASE WHEN r.decided_at IS NULL THEN NULL ELSE {allowed} END AS allowed_days
FROM {_REQUESTS} sr
CROSS JOIN LATERAL (SELECT {decided_at} AS decided_at) r
LEFT JOIN {Staff._meta.db_table} ds ON ds.id = sr.dea_id
LEFT JOIN {Jobcentre._meta.db_table} jc ON jc.id = ds.jobcentre_id
WHERE sr.created_at >= %(first_ts)s AND sr.created_at < %(after_ts)s
"""


@measure(
    key="responses",
    position=50,
    title="Responses to requests",
    sheet="Responses",
    columns=[
        Column("decided", "Answered (accepted or declined)"),
        Column("on_time", "Answered by the due date", part_of="decided"),
        Column("late", "Answered after the due date (late)", part_of="decided"),
        Column(
            "on_time_share",
            "Answered by the due date (%)",
            kind=SHARE,
            base="decided",
            numerator="on_time",
        ),
        Column("mean_days", "Mean working days to answer", kind=AVERAGE, base="decided"),
        Column("median_days", "Median working days to answer", kind=AVERAGE, base="decided"),
        Column(
            "median_allowed",
            "Median working days allowed to the required date",
            kind=AVERAGE,
            base="decided",
        ),
        Column("overdue", "Overdue: still waiting for the DEA, past the due date"),
    ],
    notes=[
        "A request is answered when the DEA accepts or declines it. Asking the requester for "
        "more information is not an answer: the clock stops while the DEA waits for it and "
        "starts again when it comes, so that time is left out of the working days to answer.",
        "Working days are Monday to Friday less the bank holidays of the DEA's nation "
        "(England and Wales, or Scotland), counted from the day after the request was filed "
        "(moved on by any time waiting for information) up to the day it was answered.",
        "The due date is the date the requester needed a response by, moved to the next "
        "working day of the DEA's nation when it falls on a weekend or a bank holiday, and on "
        "by the working days spent waiting for the requester. Answered by the due date: on or "
        "before it; late: after it. Working days allowed: from the day the request was filed "
        "to the date the requester needed a response by.",
        "Overdue: requests filed in the month that are waiting for the DEA's answer today "
        "although their due date has passed. A request waiting for the requester is never "
        "overdue.",
    ],
)
def responses(scope: Scope) -> Inner:
    answered = "b.working_days IS NOT NULL"
    late = f"{answered} AND {due_rules.answered_late_sql('b', 'b.decided_on')}"
    on_time = f"{answered} AND NOT {due_rules.answered_late_sql('b', 'b.decided_on')}"
    first_year = scope.first.year - 1
    last_year = max(scope.today.year, scope.last.year) + 1
    return Inner(
        sql=_responses(scope),
        aggregates=(
            "COUNT(b.working_days)",
            count_where(on_time),
            count_where(late),
            f"100.0 * {count_where(on_time)} / NULLIF(COUNT(b.working_days), 0)",
            "AVG(b.working_days)",
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY b.working_days)",
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY b.allowed_days)",
            count_where(due_rules.overdue_sql("b")),
        ),
        params=holiday_params(first_year, last_year),
    )
