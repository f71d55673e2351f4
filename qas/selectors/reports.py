"""QAS done against due, month by month and team by team, for the reports app (DESIGN.md s8).

Aggregates only: counts per team, month and check type, never a person's name. A DEA counts
for the team led by the team leader who line-managed them during the month; a check counts
for the month its work was observed, in the team of the team leader who did it. The due rules
are the lists' (``qas.selectors.due``): QAS 2 once a month per DEA, the group checklist in the
first three months of the DEA's group conferences, QAS 1 never due (it is only counted as
done). Five queries whatever the number of teams and months.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from jomcase.models import LineManagement, Role, RoleAssignment, Team
from jomcase.months import first_of_month, last_of_month
from qas.models import QasCheck
from qas.selectors.due import first_group_months, first_published_months, monthly_checks_due


@dataclass(frozen=True)
class QasMonthFigures:
    month: dt.date
    team_id: int | None
    team: str
    check_type: str
    due: int  # checks the cadence asked for
    met: int  # of those, how many were done
    done: int  # every check done, whether due or extra (all QAS 1 checks are extra)


def _led_team(leader_field: str) -> Subquery:
    """The first team led by the row's ``leader_field``, as a subquery."""
    teams = Team.objects.filter(leader_id=OuterRef(leader_field)).order_by("pk").values("pk")
    return Subquery(teams[:1])


def qas_done_against_due(months: list[dt.date]) -> list[QasMonthFigures]:
    """For each month (first days) and team: checks due, due checks done, and all checks
    done, by check type. Rows with nothing due and nothing done are left out."""
    if not months:
        return []
    months = sorted({first_of_month(m) for m in months})
    first, last = months[0], last_of_month(months[-1])
    published = first_published_months()
    lines = list(
        LineManagement.objects.overlapping(first, last)
        .filter(
            staff__in=RoleAssignment.objects.overlapping(first, last)
            .filter(role=Role.DEA)
            .values("staff_id"),
            manager__in=RoleAssignment.objects.overlapping(first, last)
            .filter(role=Role.WCTL)
            .values("staff_id"),
        )
        .annotate(team_id=_led_team("manager_id"))
        .values("staff_id", "manager_id", "start", "end", "team_id")
    )
    checks = list(
        QasCheck.objects.filter(observed_on__gte=first, observed_on__lte=last)
        .annotate(team_id=_led_team("wctl_id"))
        .values("dea_id", "check_type", "observed_on", "team_id")
    )
    group_firsts = first_group_months({line["staff_id"] for line in lines})
    team_names = dict(Team.objects.values_list("pk", "name"))

    done = defaultdict(int)
    covered = set()
    for c in checks:
        month = first_of_month(c["observed_on"])
        done[(month, c["team_id"], c["check_type"])] += 1
        covered.add((c["dea_id"], c["check_type"], month))

    due, met = defaultdict(int), defaultdict(int)
    for month in months:
        end = last_of_month(month)
        counted = set()
        for line in lines:
            if line["start"] > end or (line["end"] is not None and line["end"] < month):
                continue
            dea = line["staff_id"]
            wanted = monthly_checks_due(
                month, published=published, first_group_month=group_firsts.get(dea)
            )
            for check_type in wanted:
                if (dea, check_type, month) in counted:
                    continue  # a DEA with two managers in a month is due one check
                counted.add((dea, check_type, month))
                key = (month, line["team_id"], check_type)
                due[key] += 1
                met[key] += (dea, check_type, month) in covered

    rows = []
    for key in sorted(set(due) | set(done), key=lambda k: (k[0], k[1] or 0, k[2])):
        month, team_id, check_type = key
        rows.append(
            QasMonthFigures(
                month=month,
                team_id=team_id,
                team=team_names.get(team_id, "No team"),
                check_type=check_type,
                due=due.get(key, 0),
                met=met.get(key, 0),
                done=done.get(key, 0),
            )
        )
    return rows
