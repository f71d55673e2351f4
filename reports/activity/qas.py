"""QAS checks done against due (DESIGN.md section 6), from the ``qas`` app's own figures.

``qas.selectors.qas_done_against_due`` counts, per team, month and check type, the checks the
cadence asked for, how many of those were done and every check done. This measure adds them
up by area like the rest: a team is placed by its jobcentre. QAS figures belong to teams, not
to DEAs, so at DEA level they all fall under "Not recorded".
"""

from __future__ import annotations

from jomcase.models import Team
from qas.models import CheckType
from qas.selectors import qas_done_against_due
from reports.activity.definitions import SHARE, Column, Inner, measure
from reports.activity.scope import Scope


def _sum(condition: str, figure: str) -> str:
    return f"COALESCE(SUM(b.{figure}) FILTER (WHERE {condition}), 0)"


def _of_type(check_type: str) -> str:
    return f"b.check_type = '{CheckType(check_type).value}'"


@measure(
    key="qas",
    position=85,
    title="QAS checks done against due",
    sheet="QAS checks",
    columns=[
        Column("due", "Checks due"),
        Column("met", "Due checks done"),
        Column("met_share", "Due checks done (%)", kind=SHARE, base="due", numerator="met"),
        Column("qas2_due", "QAS 2 due", part_of="due"),
        Column("qas2_met", "QAS 2 done when due", part_of="met"),
        Column("group_due", "Group checklists due", part_of="due"),
        Column("group_met", "Group checklists done when due", part_of="met"),
        Column("qas1_done", "QAS 1 done"),
        Column("done", "All checks done"),
    ],
    notes=[
        "Quality Assurance Standards checks by the DEAs' team leaders. QAS 2 is due once a "
        "month for each DEA, and the group case conference checklist in each of the first "
        "three months of a DEA's group conferences; QAS 1 has no set frequency, so it is "
        "counted as done but never as due.",
        "A DEA's due checks count for the team led by the team leader who line-managed them "
        "that month, a check done for the team of the team leader who did it, in the month "
        "the work was observed. Teams are placed by their jobcentre; at DEA level these "
        "figures are all under Not recorded, because they belong to teams.",
    ],
)
def qas_checks(scope: Scope) -> Inner:
    figures = qas_done_against_due(scope.months)
    sql = f"""
SELECT t.jobcentre_id AS place_id, NULL::bigint AS dea_id, q.month, q.check_type,
       q.due, q.met, q.done
FROM unnest(%(qas_team)s::bigint[], %(qas_month)s::date[], %(qas_type)s::text[],
            %(qas_due)s::int[], %(qas_met)s::int[], %(qas_done)s::int[])
     AS q(team_id, month, check_type, due, met, done)
LEFT JOIN {Team._meta.db_table} t ON t.id = q.team_id
"""
    qas2, group, qas1 = (
        _of_type(CheckType.QAS2),
        _of_type(CheckType.GROUP_CHECKLIST),
        _of_type(CheckType.QAS1),
    )
    return Inner(
        sql=sql,
        aggregates=(
            "COALESCE(SUM(b.due), 0)",
            "COALESCE(SUM(b.met), 0)",
            "100.0 * SUM(b.met) / NULLIF(SUM(b.due), 0)",
            _sum(qas2, "due"),
            _sum(qas2, "met"),
            _sum(group, "due"),
            _sum(group, "met"),
            _sum(qas1, "done"),
            "COALESCE(SUM(b.done), 0)",
        ),
        params={
            "qas_team": [f.team_id for f in figures],
            "qas_month": [f.month for f in figures],
            "qas_type": [str(f.check_type) for f in figures],
            "qas_due": [f.due for f in figures],
            "qas_met": [f.met for f in figures],
            "qas_done": [f.done for f in figures],
        },
        placed_by_jobcentre=True,
    )
