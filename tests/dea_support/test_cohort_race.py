"""Cohort rules hold when many additions arrive at the same moment (DESIGN.md section 2).

Two DEAs' browsers, or a browser and an API client, may add coaches at once. The service
locks the cohort row (so additions to one cohort queue and at most 30 get in) and the coach's
row (so one coach cannot land in two cohorts). These tests let the additions loose together
on PostgreSQL with real transactions and count what got in.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from dea_support.models import CohortMembership
from dea_support.services import cohort_member_add
from jomcase.errors import CohortFull
from tests.factories import StaffFactory, a_cohort_of, today

THREADS = 20


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_additions_to_a_cohort_of_25_let_exactly_5_in():
    assert connection.vendor == "postgresql"
    cohort = a_cohort_of(25)
    coaches = [StaffFactory(work_coach=True) for _ in range(THREADS)]
    start = today()
    barrier = threading.Barrier(THREADS)
    added: list[int] = []
    refused: list[int] = []
    failures: list[BaseException] = []
    record = threading.Lock()

    def add(coach_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            cohort_member_add(
                actor=cohort.dea, cohort_id=cohort.pk, work_coach_id=coach_id, start=start
            )
            with record:
                added.append(coach_id)
        except CohortFull:
            with record:
                refused.append(coach_id)
        except BaseException as error:  # anything else fails the test below
            with record:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(coach.pk,)) for coach in coaches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
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
    barrier = threading.Barrier(len(cohorts))
    joined: list[int] = []
    refused: list[str] = []
    failures: list[BaseException] = []
    record = threading.Lock()

    def add(cohort) -> None:
        try:
            barrier.wait(timeout=30)
            cohort_member_add(
                actor=cohort.dea, cohort_id=cohort.pk, work_coach_id=coach.pk, start=start
            )
            with record:
                joined.append(cohort.pk)
        except ValidationError as invalid:
            with record:
                refused.extend(invalid.message_dict["work_coach"])
        except BaseException as error:
            with record:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(cohort,)) for cohort in cohorts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert len(joined) == 1
    assert len(refused) == len(cohorts) - 1
    assert all("already in" in message for message in refused)
    assert (
        list(CohortMembership.objects.filter(work_coach=coach).values_list("cohort_id", flat=True))
        == joined
    )
