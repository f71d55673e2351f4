"""The CSI cap under a crowd of bookings (issue 4's acceptance; DESIGN.md section 5 [36]).

A claimant has had two CSIs. Fifty consented CSIs for them are booked at the same moment
through the API, each by a different DEA so that no diary lock queues them: exactly one fits
under the cap of three and the other 49 get 409 ``csi_cap_reached``. After the team leader's
approval, the 49 race again and exactly one more is booked. Real threads, real transactions,
PostgreSQL; the whole race is run 20 times.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from conferences.models import Activity, ActivityState, CsiApproval
from conferences.services import activity_book, csi_approval_create
from tests.conferences.page_helpers import consented, slot
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    an_activity,
    managed_by,
)
from tests.races import at_once

RACERS = 50
REPEATS = 20
#: Days between one repetition's bookings and the next, so no DEA's diary ever clashes.
DAYS_PER_REPEAT = RACERS + 5


def _race(activities: list[Activity], first_day: int) -> tuple[list, list, list]:
    """Book every activity at once, each in its own thread and transaction, through the API."""
    bookings = []
    for n, activity in enumerate(activities):
        start, end = slot(first_day + n, 10)
        body = {"start": start.isoformat(), "end": end.isoformat(), "channel": "face_to_face"}
        url = f"/api/activities/{activity.pk}/book/"
        bookings.append(partial(api_as(activity.dea).post, url, body, format="json"))
    responses = at_once(bookings, start_within=60, finish_within=120)

    booked, capped, other = [], [], []
    for activity, response in zip(activities, responses, strict=True):
        if response.status_code == 200:
            booked.append(activity.pk)
        elif response.status_code == 409 and response.json()["code"] == "csi_cap_reached":
            capped.append(activity.pk)
        else:
            other.append((response.status_code, response.content[:200]))
    return booked, capped, other


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_fifty_racing_bookings_let_one_csi_past_two_and_one_more_after_an_approval():
    assert connection.vendor == "postgresql"
    dea = StaffFactory(dea=True)
    leader = StaffFactory(wctl=True)
    managed_by(dea, leader)
    coach = StaffFactory(work_coach=True)
    add_member(CohortFactory(dea=dea), coach)
    racing_deas = [StaffFactory(dea=True) for _ in range(RACERS)]

    for repeat in range(REPEATS):
        first_day = 2 + repeat * DAYS_PER_REPEAT
        claimant = ClaimantFactory(work_coach=coach)
        for day in (first_day, first_day + 1):
            earlier = consented(
                an_activity(
                    "claimant_support_intervention", claimant=claimant, dea=dea, work_coach=coach
                )
            )
            start, end = slot(day, 14)
            activity_book(
                activity_id=earlier.pk, actor=dea, start=start, end=end, channel="face_to_face"
            )
        racers = [
            consented(
                an_activity(
                    "claimant_support_intervention",
                    claimant=claimant,
                    dea=racer,
                    work_coach=coach,
                )
            )
            for racer in racing_deas
        ]

        booked, capped, other = _race(racers, first_day)
        assert other == [], f"repetition {repeat + 1}"
        assert (len(booked), len(capped)) == (1, RACERS - 1), f"repetition {repeat + 1}"
        refused = Activity.objects.filter(pk__in=capped)
        assert set(refused.values_list("state", flat=True)) == {ActivityState.PROPOSED}
        assert not refused.exclude(start=None).exists()

        csi_approval_create(
            actor=leader, claimant_id=claimant.pk, reason="A bereavement; the support is working."
        )
        still_waiting = [a for a in racers if a.pk in capped]
        booked_again, capped_again, other = _race(still_waiting, first_day)
        assert other == [], f"repetition {repeat + 1}, after the approval"
        assert (len(booked_again), len(capped_again)) == (1, RACERS - 2)

        counted = claimant.activities.filter(
            kind="claimant_support_intervention", state=ActivityState.BOOKED
        )
        assert counted.count() == 4
        assert CsiApproval.objects.filter(claimant=claimant).count() == 1
