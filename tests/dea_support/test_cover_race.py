"""Cover racing the work it moves (DESIGN.md s4, s5; STYLE.md, races tested for real).

While a team leader moves a DEA's requests to a colleague, the work coach may be booking one
of their case conferences and cancelling another. Whichever commits first, each activity
ends up whole: its DEA is the DEA taking part and in the diaries, and a cancellation that
ends a request's last work resolves it. None of the three waits on another in a deadlock,
because cover locks the work before the requests, as the activity services do. Real threads
and transactions on PostgreSQL, repeated so the order varies.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from conferences.models import Activity, ActivityState, DiaryEntry, Participant
from conferences.services import (
    activity_book,
    activity_cancel,
    support_request_accept,
    support_requests_cover,
)
from dea_support.models import RequestState, SupportRequest
from tests.conferences.page_helpers import slot
from tests.factories import StaffFactory, a_request_in_cohort, managed_by
from tests.races import at_once

REPEATS = 10


def _whole(activity: Activity) -> None:
    """The activity's DEA is the one taking part as DEA, and the diaries hold its people."""
    activity.refresh_from_db()
    deas = list(Participant.objects.filter(activity=activity, role="dea").values_list("staff"))
    assert deas == [(activity.dea_id,)]
    people = set(Participant.objects.filter(activity=activity).values_list("staff", flat=True))
    diaries = set(DiaryEntry.objects.filter(activity=activity).values_list("staff", flat=True))
    assert diaries == (people if activity.state == ActivityState.BOOKED else set())


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_cover_racing_a_booking_and_a_cancellation_leaves_every_activity_whole():
    assert connection.vendor == "postgresql"
    for _ in range(REPEATS):
        leader, away, covering = (
            StaffFactory(wctl=True),
            StaffFactory(dea=True),
            StaffFactory(dea=True),
        )
        managed_by(away, leader)
        coach = StaffFactory(work_coach=True)
        work = []
        for _ in range(2):
            sr = a_request_in_cohort(dea=away, requester=coach)
            support_request_accept(request_id=sr.pk, actor=away, channel="case_conference")
            work.append(Activity.objects.get(support_request=sr))
        to_book, to_cancel = work
        start, end = slot(3, 10)

        at_once(
            [
                partial(
                    support_requests_cover,
                    actor=leader,
                    from_dea_id=away.pk,
                    to_dea_id=covering.pk,
                ),
                partial(
                    activity_book,
                    activity_id=to_book.pk,
                    actor=coach,
                    start=start,
                    end=end,
                    channel="face_to_face",
                ),
                partial(
                    activity_cancel, activity_id=to_cancel.pk, actor=coach, reason="Not needed"
                ),
            ]
        )

        for activity in work:
            _whole(activity)
            moved = activity.events.filter(action="cover").exists()
            assert activity.dea_id == (covering.pk if moved else away.pk)
        assert (to_book.state, to_cancel.state) == (ActivityState.BOOKED, ActivityState.CANCELLED)
        # Booked first, it stayed with the absent DEA; moved first, it was booked afterwards,
        # with the covering DEA in the diary.
        if to_book.dea_id == covering.pk:
            assert to_book.events.get(action="cover").pk < to_book.events.get(action="book").pk
        assert SupportRequest.objects.get(pk=to_book.support_request_id).dea_id == covering.pk
        # Its only work cancelled, the other request resolved, and moved only with its work.
        ended = SupportRequest.objects.get(pk=to_cancel.support_request_id)
        assert (ended.state, ended.dea_id) == (RequestState.RESOLVED, to_cancel.dea_id)
