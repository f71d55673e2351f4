"""Cover takes the work with the requests (DESIGN.md s4, s5, s10).

A DEA going on leave hands their open requests to a colleague. The work those requests led
to that is in nobody's diary yet (proposed, waiting for consent, or informational support
after a holding response) goes to the covering DEA, who must now arrange it. Work already
booked stays in the absent DEA's diary; the covering DEA may open it through the request.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conferences.models import Activity, ActivityEvent, ActivityState, DiaryEntry, Participant
from conferences.services import (
    holding_response_send,
    support_request_accept,
    support_requests_cover,
)
from dea_support.models import SupportRequest, SupportRequestEvent
from jomcase.models import Notification
from tests.conferences.page_helpers import booked, date_post
from tests.dea_support.request_page_helpers import COVER, cover_dates, detail_url, html, text
from tests.factories import (
    CohortFactory,
    StaffFactory,
    a_request_in_cohort,
    add_member,
    managed_by,
)

pytestmark = pytest.mark.django_db

NOTE = "Annual leave to 20 November"
MOVED = f"Moved from Ava Away to Cy Cover for cover: {NOTE}"


@pytest.fixture
def scene():
    """A DEA going on leave, their team leader, a colleague to cover, and a coach in the
    absent DEA's cohort."""
    leader = StaffFactory(wctl=True, first_name="Lee", last_name="Leader")
    away = StaffFactory(dea=True, first_name="Ava", last_name="Away")
    managed_by(away, leader)
    covering = StaffFactory(dea=True, first_name="Cy", last_name="Cover")
    coach = StaffFactory(work_coach=True, first_name="Cara", last_name="Coach")
    add_member(CohortFactory(dea=away), coach)
    return SimpleNamespace(leader=leader, away=away, covering=covering, coach=coach)


def accepted(scene, channel: str = "case_conference") -> tuple[SupportRequest, Activity]:
    """A request to the absent DEA, accepted with a channel, and the work it proposed."""
    sr = a_request_in_cohort(dea=scene.away, requester=scene.coach)
    support_request_accept(request_id=sr.pk, actor=scene.away, channel=channel)
    return sr, Activity.objects.get(support_request=sr)


def cover_through_the_page(client, scene, requests) -> None:
    client.force_login(scene.leader)
    response = client.post(
        f"{COVER}?dea={scene.away.pk}",
        {
            "requests": [sr.pk for sr in requests],
            "to_dea": scene.covering.pk,
            "note": NOTE,
            "confirm": "yes",
            **cover_dates(timezone.localdate(), timezone.localdate() + dt.timedelta(days=13)),
        },
    )
    assert response.status_code == 302, html(response)


def next_step_of(response) -> tuple[str, list[str]]:
    """The words of the request page's "what happens next" inset and its links."""
    inset = html(response).split('id="next-step">', 1)[1].split("</div>")[0]
    return text(inset), re.findall(r'href="([^"]+)"', inset)


def activity_url(activity, name: str = "activity") -> str:
    return reverse(f"conferences:{name}", args=[activity.pk])


def book_data(days: int = 3) -> dict:
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        **date_post("date", day),
        "start_time": "10:00",
        "end_time": "11:00",
        "channel": "face_to_face",
        "place": "Room 4",
    }


def work_list(client, person) -> str:
    client.force_login(person)
    return html(client.get(reverse("conferences:work")))


def the_dea_of(activity) -> tuple[int, list[int]]:
    """The activity's DEA and the staff taking part as its DEA, as the database holds them."""
    activity.refresh_from_db()
    deas = Participant.objects.filter(activity=activity, role="dea").values_list("staff", flat=True)
    return activity.dea_id, list(deas)


# The work that is not booked goes with the request


def test_the_covering_dea_opens_and_books_the_proposed_work_they_took_over(client, scene):
    sr, conference = accepted(scene)
    cover_through_the_page(client, scene, [sr])

    assert the_dea_of(conference) == (scene.covering.pk, [scene.covering.pk])
    assert set(conference.participants.values_list("staff", flat=True)) == {
        scene.covering.pk,
        scene.coach.pk,
    }

    # The request page tells the covering DEA to book it, and links to it.
    client.force_login(scene.covering)
    words, links = next_step_of(client.get(detail_url(sr)))
    assert "Book it from the activity's page" in words
    assert "Go to the case conference" in words and links == [activity_url(conference)]

    page = client.get(activity_url(conference))
    assert page.status_code == 200
    assert "Moved to a covering DEA" in text(html(page))
    assert MOVED in text(html(page))
    assert activity_url(conference, "book") in html(page)

    response = client.post(activity_url(conference, "book"), book_data())
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.state == ActivityState.BOOKED
    assert set(DiaryEntry.objects.filter(activity=conference).values_list("staff", flat=True)) == {
        scene.covering.pk,
        scene.coach.pk,
    }


def test_the_absent_dea_no_longer_has_the_work_that_moved(client, scene):
    _, conference = accepted(scene)
    assert activity_url(conference) in work_list(client, scene.away)

    support_requests_cover(
        actor=scene.leader, from_dea_id=scene.away.pk, to_dea_id=scene.covering.pk, note=NOTE
    )

    assert activity_url(conference) not in work_list(client, scene.away)
    assert client.get(activity_url(conference)).status_code == 404
    assert activity_url(conference) in work_list(client, scene.covering)


def test_the_move_is_in_the_activitys_history_and_the_coach_is_told(scene):
    sr, conference = accepted(scene)
    before = timezone.now()
    support_requests_cover(
        actor=scene.leader, from_dea_id=scene.away.pk, to_dea_id=scene.covering.pk, note=NOTE
    )

    event = ActivityEvent.objects.get(activity=conference, action="cover")
    assert (event.by, event.message) == (scene.leader, MOVED)
    assert event.at >= before
    assert event.from_state == event.to_state == ActivityState.PROPOSED
    # The coach is told once about the move, with the work that went with their request.
    told = Notification.objects.get(recipient=scene.coach, kind="support_request_cover_start")
    assert told.title == "1 request of yours moved to Cy Cover"
    assert f"{sr.reference} (needed by" in told.body
    assert "with its case conference (not booked yet)" in told.body
    assert told.link == detail_url(sr)
    # The request's own timeline records it too, and the covering DEA is told of it.
    assert SupportRequestEvent.objects.get(support_request=sr, action="cover").message == MOVED
    assert Notification.objects.filter(recipient=scene.covering).count() == 1


@pytest.mark.parametrize(
    ("channel", "state"),
    [
        ("three_way", ActivityState.AWAITING_CONSENT),
        ("claimant_support_intervention", ActivityState.AWAITING_CONSENT),
        ("skill_conference", ActivityState.PROPOSED),
        ("informational_support", ActivityState.HOLDING_RESPONSE),
    ],
)
def test_work_waiting_for_consent_or_information_moves_too(scene, channel, state):
    _, activity = accepted(scene, channel)
    if state == ActivityState.HOLDING_RESPONSE:
        holding_response_send(
            activity_id=activity.pk,
            actor=scene.away,
            message="Checking with the local hub.",
            expected_return=timezone.localdate() + dt.timedelta(days=5),
        )
    activity.refresh_from_db()
    assert activity.state == state

    support_requests_cover(
        actor=scene.leader, from_dea_id=scene.away.pk, to_dea_id=scene.covering.pk
    )

    assert the_dea_of(activity) == (scene.covering.pk, [scene.covering.pk])
    assert activity.state == state


def test_only_the_work_of_the_requests_that_move_goes(scene):
    moving, moving_work = accepted(scene)
    _, staying_work = accepted(scene)
    support_requests_cover(
        actor=scene.leader,
        from_dea_id=scene.away.pk,
        to_dea_id=scene.covering.pk,
        request_ids=[moving.pk],
    )
    assert the_dea_of(moving_work)[0] == scene.covering.pk
    assert the_dea_of(staying_work) == (scene.away.pk, [scene.away.pk])
    assert not staying_work.events.filter(action="cover").exists()


# Booked work stays in the absent DEA's diary


def test_booked_work_stays_with_the_absent_dea_and_the_covering_dea_can_open_it(client, scene):
    sr, conference = accepted(scene)
    booked(conference)
    diary = set(DiaryEntry.objects.filter(activity=conference).values_list("staff", "start"))

    support_requests_cover(
        actor=scene.leader, from_dea_id=scene.away.pk, to_dea_id=scene.covering.pk
    )

    assert the_dea_of(conference) == (scene.away.pk, [scene.away.pk])
    assert (
        set(DiaryEntry.objects.filter(activity=conference).values_list("staff", "start")) == diary
    )
    assert not conference.events.filter(action="cover").exists()
    assert activity_url(conference) in work_list(client, scene.away)
    assert activity_url(conference) not in work_list(client, scene.covering)

    # The covering DEA may open it from the request, but its steps are not theirs.
    words, links = next_step_of(client.get(detail_url(sr)))
    assert "The case conference stays with Ava Away: booked for" in words
    assert "Ava Away and the work coach take its steps" in words
    assert "Book it" not in words
    assert links == [activity_url(conference)]
    page = client.get(activity_url(conference))
    assert page.status_code == 200
    assert "What you can do" not in html(page)
    assert client.get(activity_url(conference, "book")).status_code == 403


def test_a_case_for_a_group_conference_stays_on_the_absent_deas_list(client, scene):
    sr = a_request_in_cohort(dea=scene.away, requester=scene.coach)
    support_request_accept(request_id=sr.pk, actor=scene.away, channel="group_conference_case")
    support_requests_cover(
        actor=scene.leader, from_dea_id=scene.away.pk, to_dea_id=scene.covering.pk
    )

    client.force_login(scene.covering)
    words, links = next_step_of(client.get(detail_url(sr)))
    assert "The case is on the list for the next group conference of Ava Away's cohort." in words
    assert "your cohort" not in words and links == []


# A cover that is refused moves nothing


def snapshot() -> dict:
    return {
        "requests": list(SupportRequest.objects.values("pk", "dea").order_by("pk")),
        "activities": list(Activity.objects.values("pk", "dea", "state").order_by("pk")),
        "participants": list(Participant.objects.values().order_by("pk")),
        "activity_events": ActivityEvent.objects.count(),
        "request_events": SupportRequestEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.mark.parametrize(
    ("who", "to", "error"),
    [
        ("leader", "away", ValidationError),  # to the same DEA
        ("leader", "coach", ValidationError),  # to someone who is no DEA
        ("other_leader", "covering", PermissionDenied),  # not the absent DEA's manager
        ("covering", "covering", PermissionDenied),  # a DEA cannot arrange their own cover
    ],
)
def test_a_refused_cover_changes_neither_the_requests_nor_their_work(scene, who, to, error):
    accepted(scene)
    booked(accepted(scene)[1])
    people = vars(scene) | {"other_leader": StaffFactory(wctl=True)}
    before = snapshot()
    with pytest.raises(error):
        support_requests_cover(
            actor=people[who], from_dea_id=scene.away.pk, to_dea_id=people[to].pk
        )
    assert snapshot() == before


def test_a_dea_cannot_cover_a_request_they_made_and_nothing_moves(scene):
    accepted(scene)
    asked_by_the_colleague = a_request_in_cohort(
        dea=scene.away, requester=scene.covering, colleague=True
    )
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        support_requests_cover(
            actor=scene.leader, from_dea_id=scene.away.pk, to_dea_id=scene.covering.pk
        )
    assert refused.value.message_dict["to_dea"] == [
        f"Cy Cover made {asked_by_the_colleague.reference}, so cannot cover it"
    ]
    assert snapshot() == before
