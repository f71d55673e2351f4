"""Every transition of a support request tried from every state (DESIGN.md section 4).

The API takes each step as the person who may take it: the DEA asks for information,
accepts and declines; the requester answers and withdraws; resolving is the system's, so
it goes through its service. An allowed step moves the request and records who, when,
from, to and why, shown in ``history``. Any other step is 409 ``transition_not_allowed``
and leaves the row, its timeline and its work exactly as they were.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from rest_framework import serializers

from conferences.models import Activity, AgendaCase
from dea_support.models import RequestState, SupportRequest, SupportRequestEvent
from dea_support.services import support_request_resolve
from jomcase.models import Notification
from tests.conftest import api_as
from tests.factories import a_request_in_cohort

pytestmark = pytest.mark.django_db

STATES = list(RequestState.values)

# transition -> (who takes it, the URL's last part, the body). ``resolve`` has no URL.
TRANSITIONS = {
    "request_info": ("dea", "request-info", {"message": "Which office does the claimant use?"}),
    "provide_info": ("requester", "provide-info", {"message": "Leeds, on the ground floor."}),
    "accept": ("dea", "accept", {"channel": "case_conference", "note": "Tuesday suits me."}),
    "decline": ("dea", "decline", {"reason": "outside_remit", "note": "Ask the psychologist."}),
    "withdraw": ("requester", "withdraw", {"message": "Sorted it with my team leader."}),
    "resolve": ("dea", None, {}),
    "close_unanswered": (
        "dea",
        "decline",
        {"reason": "no_response", "note": "Reminded twice, no reply."},
    ),
}

# (from, transition) -> to: DESIGN.md section 4's diagram, and nothing else.
ALLOWED = {
    ("submitted", "request_info"): "info_requested",
    ("info_requested", "provide_info"): "submitted",
    ("submitted", "accept"): "accepted",
    ("submitted", "decline"): "declined",
    ("submitted", "withdraw"): "withdrawn",
    ("info_requested", "withdraw"): "withdrawn",
    ("accepted", "resolve"): "resolved",
    ("info_requested", "close_unanswered"): "declined",
}

# What each recorded step says.
MESSAGES = {
    "request_info": "Which office does the claimant use?",
    "provide_info": "Leeds, on the ground floor.",
    "accept": "Case conference. Tuesday suits me.",
    "decline": "Outside the DEA's remit. Ask the psychologist.",
    "withdraw": "Sorted it with my team leader.",
    "resolve": "",
    "close_unanswered": "No answer from the requester. Reminded twice, no reply.",
}


def in_state(state: str) -> SupportRequest:
    traits = {} if state == RequestState.SUBMITTED else {state: True}
    return a_request_in_cohort(**traits)


def snapshot(sr: SupportRequest) -> dict:
    """Every stored value of the request and a count of everything hanging off it."""
    fresh = SupportRequest.objects.get(pk=sr.pk)
    return {
        "row": {f.attname: getattr(fresh, f.attname) for f in SupportRequest._meta.concrete_fields},
        "events": list(SupportRequestEvent.objects.filter(support_request=sr).values()),
        "activities": Activity.objects.filter(support_request=sr).count(),
        "agenda_cases": AgendaCase.objects.filter(support_request=sr).count(),
        "notifications": Notification.objects.count(),
    }


def take(sr: SupportRequest, transition: str):
    """Take the step as its proper actor; the API's response, or the service's result."""
    who, url, body = TRANSITIONS[transition]
    actor = getattr(sr, who)
    if url is None:
        try:
            support_request_resolve(request_id=sr.pk, actor=actor)
        except TransitionNotAllowed:
            return 409
        return 200
    response = api_as(actor).post(f"/api/support-requests/{sr.pk}/{url}/", body, format="json")
    if response.status_code != 200:
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "transition_not_allowed", response.content
    return response


def test_the_table_is_the_models_own_state_machine():
    declared = {
        (source, t.name): t.target
        for t in SupportRequest._meta.get_field("state").get_all_transitions(SupportRequest)
        for source in [t.source]
    }
    assert declared == ALLOWED
    assert set(TRANSITIONS) == {name for _, name in declared}


@pytest.mark.parametrize("transition", list(TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_each_transition_from_each_state(state, transition):
    sr = in_state(state)
    before = snapshot(sr)
    started = timezone.now()

    response = take(sr, transition)
    status = response if isinstance(response, int) else response.status_code

    target = ALLOWED.get((state, transition))
    if target is None:
        assert status == 409
        assert snapshot(sr) == before, "a refused step changed something"
        return

    assert status == 200, getattr(response, "content", response)
    after = SupportRequest.objects.get(pk=sr.pk)
    assert after.state == target
    event = SupportRequestEvent.objects.filter(support_request=sr).latest("at", "id")
    who = TRANSITIONS[transition][0]
    assert (event.action, event.from_state, event.to_state) == (transition, state, target)
    assert event.by_id == getattr(sr, f"{who}_id")
    assert started <= event.at <= timezone.now()
    assert event.message == MESSAGES[transition]
    assert SupportRequestEvent.objects.filter(support_request=sr).count() == (
        len(before["events"]) + 1
    )
    if not isinstance(response, int):
        body = response.json()
        assert body["state"] == target
        assert body["history"][-1] == {
            "action": transition,
            "from": state,
            "to": target,
            "by": event.by_id,
            "at": serializers.DateTimeField().to_representation(event.at),
            "message": MESSAGES[transition],
        }


def test_the_whole_history_reads_in_order_with_who_and_when(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))
    sr = in_state("submitted")
    steps = ["request_info", "provide_info", "accept"]
    for hour, step in enumerate(steps, start=1):
        time_machine.move_to(dt.datetime(2026, 11, 2, 9 + hour, 0, tzinfo=dt.UTC), tick=False)
        assert take(sr, step).status_code == 200

    history = api_as(sr.requester).get(f"/api/support-requests/{sr.pk}/").json()["history"]
    assert [(h["action"], h["from"], h["to"], h["by"], h["at"]) for h in history[-3:]] == [
        ("request_info", "submitted", "info_requested", sr.dea_id, "2026-11-02T10:00:00Z"),
        ("provide_info", "info_requested", "submitted", sr.requester_id, "2026-11-02T11:00:00Z"),
        ("accept", "submitted", "accepted", sr.dea_id, "2026-11-02T12:00:00Z"),
    ]
    assert [h["message"] for h in history[-3:]] == [MESSAGES[s] for s in steps]
