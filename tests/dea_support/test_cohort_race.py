"""Cohort rules hold when many additions arrive at the same moment (DESIGN.md section 2).

Two DEAs' browsers, or a browser and an API client, may add coaches at once. The service
locks the cohort row (so additions to one cohort queue and at most 30 get in) and the coach's
row (so one coach cannot land in two cohorts). These tests let the additions loose together
on PostgreSQL with real transactions and count what got in.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from dea_support.models import CohortMembership
from dea_support.services import cohort_member_add
from jomcase.errors import CohortFull
from tests.factories import StaffFactory, a_cohort_of, today
from tests.races import at_once

THREADS = 20


def _adding(coach, cohort, start):
    """The cohort's DEA adding the coach from ``start``, to run in a race."""
    return partial(
        cohort_member_add,
        actor=cohort.dea,
        cohort_id=cohort.pk,
        work_coach_id=coach.pk,
        start=start,
    )


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_additions_to_a_cohort_of_25_let_exactly_5_in():
    assert connection.vendor == "postgresql"
    cohort = a_cohort_of(25)
    coaches = [StaffFactory(work_coach=True) for _ in range(THREADS)]
    start = today()
    outcomes = at_once([_adding(coach, cohort, start) for coach in coaches], expected=(CohortFull,))

    added = [m.work_coach_id for m in outcomes if isinstance(m, CohortMembership)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, CohortFull)]
    assert len(added) == 5
    assert len(refused) == 15
    in_cohort = CohortMembership.objects.filter(cohort=cohort).current_on(start)
    assert in_cohort.count() == 30
    new_members = set(in_cohort.values_list("work_coach_id", flat=True)) & {c.pk for c in coaches}
    assert new_members == set(added)


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_one_coach_added_to_several_cohorts_at_once_joins_only_one():
    cohorts = [a_cohort_of(0) for _ in range(6)]
    coach = StaffFactory(work_coach=True)
    start = today()
    outcomes = at_once(
        [_adding(coach, cohort, start) for cohort in cohorts], expected=(ValidationError,)
    )

    joined = [m.cohort_id for m in outcomes if isinstance(m, CohortMembership)]
    refused = [
        message
        for outcome in outcomes
        if isinstance(outcome, ValidationError)
        for message in outcome.message_dict["work_coach"]
    ]
    assert len(joined) == 1
    assert len(refused) == len(cohorts) - 1
    assert all("already in" in message for message in refused)
    assert (
        list(CohortMembership.objects.filter(work_coach=coach).values_list("cohort_id", flat=True))
        == joined
    )
