"""The CSI cap holds when bookings for one claimant race (DESIGN.md section 5).

Two DEAs' tabs book the third and fourth interventions for one claimant at the same
moment; the service locks the claimant's row, so the bookings queue and only one of them
fits under the cap. Real threads and transactions on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from conferences.models import ActivityState
from conferences.services import activity_book, activity_record_consent
from jomcase.errors import CsiCapReached
from tests.factories import ClaimantFactory, StaffFactory, an_activity

RACERS = 4


def _consented_csi(claimant, dea):
    csi = an_activity("claimant_support_intervention", claimant=claimant, dea=dea)
    activity_record_consent(
        activity_id=csi.pk,
        actor=dea,
        given=True,
        informed_voluntary=True,
        informed_conditionality=True,
        discussed_with_team_leader=True,
    )
    return csi


def _slot(day: int):
    start = (timezone.now() + dt.timedelta(days=day)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return start, start + dt.timedelta(hours=1)


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_racing_bookings_never_take_a_claimant_past_three_csis():
    assert connection.vendor == "postgresql"
    claimant = ClaimantFactory()
    dea = StaffFactory(dea=True)
    first = _consented_csi(claimant, dea)
    start, end = _slot(2)
    activity_book(activity_id=first.pk, actor=dea, start=start, end=end, channel="face_to_face")
    # Different DEAs, so the diary locks do not serialise the bookings: only the cap can.
    racers = [_consented_csi(claimant, StaffFactory(dea=True)) for _ in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    booked, capped, failures = [], [], []
    record = threading.Lock()

    def book(activity, day):
        try:
            barrier.wait(timeout=30)
            start, end = _slot(day)
            activity_book(
                activity_id=activity.pk,
                actor=activity.dea,
                start=start,
                end=end,
                channel="face_to_face",
            )
            with record:
                booked.append(activity.pk)
        except CsiCapReached:
            with record:
                capped.append(activity.pk)
        except BaseException as error:
            with record:
                failures.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(activity, 3 + n)) for n, activity in enumerate(racers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert len(booked) == 2
    assert len(capped) == RACERS - 2
    counted = claimant.activities.filter(
        kind="claimant_support_intervention", state=ActivityState.BOOKED
    )
    assert counted.count() == 3
