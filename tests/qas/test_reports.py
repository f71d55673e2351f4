"""QAS done against due, per month and team, for the reports app: counts only, no names."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conferences.models import ActivityKind
from qas.selectors import qas_done_against_due
from tests.factories import StaffFactory, TeamFactory, managed_by
from tests.qas.builders import a_check, a_led_dea, local, work_at

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def test_done_against_due_by_month_team_and_check(checklists, django_assert_num_queries):
    first = a_led_dea()
    team_a = TeamFactory(leader=first.leader, name="Team A")
    second_dea = StaffFactory(dea=True)
    managed_by(second_dea, first.leader)
    other = a_led_dea()
    team_b = TeamFactory(leader=other.leader, name="Team B")

    a_check(first.leader, work_at(first.dea, local(2026, 1, 14, 10)))
    a_check(first.leader, work_at(first.dea, local(2026, 2, 3, 10)))
    a_check(first.leader, work_at(first.dea, local(2026, 2, 24, 10)))  # an extra one
    work_at(second_dea, local(2026, 2, 11, 14), kind=ActivityKind.GROUP_CONFERENCE)
    a_check(
        first.leader,
        work_at(second_dea, local(2026, 3, 11, 14), kind=ActivityKind.GROUP_CONFERENCE),
    )
    a_check(
        other.leader,
        work_at(other.dea, local(2026, 2, 5, 10), kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION),
    )
    work_at(other.dea, local(2026, 4, 2, 10))  # outside the months asked for

    # first publications, line management with teams, checks with teams, first group
    # conferences, team names
    with django_assert_num_queries(5):
        rows = qas_done_against_due([JAN, FEB, MAR])
    table = {(r.month, r.team, r.check_type): (r.due, r.met, r.done) for r in rows}
    assert table == {
        (JAN, "Team A", "qas2"): (2, 1, 1),
        (FEB, "Team A", "qas2"): (2, 1, 2),
        (FEB, "Team A", "group_checklist"): (1, 0, 0),
        (MAR, "Team A", "qas2"): (2, 0, 0),
        (MAR, "Team A", "group_checklist"): (1, 1, 1),
        (JAN, "Team B", "qas2"): (1, 0, 0),
        (FEB, "Team B", "qas2"): (1, 0, 0),
        (FEB, "Team B", "qas1"): (0, 0, 1),
        (MAR, "Team B", "qas2"): (1, 0, 0),
    }
    assert {r.team_id for r in rows} == {team_a.pk, team_b.pk}
    assert {f.name for f in dataclasses.fields(rows[0])} == {
        "month",
        "team_id",
        "team",
        "check_type",
        "due",
        "met",
        "done",
    }
    assert qas_done_against_due([]) == []
