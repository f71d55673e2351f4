"""Every step of an activity tried from every state it can be in (DESIGN.md section 5).

Booked work goes ``proposed → booked → held → concluded``; a three-way or a CSI first waits
in ``awaiting_consent``; the exits are ``cancelled``, ``not_attended`` and
``consent_refused``. Informational support goes ``proposed → (holding_response) →
concluded`` and is never booked. Nothing is marked held (or not attended) before its start,
so ``booked`` is tried twice: with its start ahead, and with it passed (``booked_started``).

Each step goes through the service the pages and the API call, as the activity's DEA (a
staff participant of every kind), and again through ``/api/activities/{id}/<step>/`` where
there is one. An allowed step lands in the state the table says and records one event;
any other is refused with ``transition_not_allowed`` (or the code named in the table) and
leaves the row, its history, diary, consent, outcomes and follow-ons exactly as they were.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_fsm import TransitionNotAllowed

from conferences.models import (
    Action,
    Activity,
    ActivityEvent,
    ActivityState,
    AgendaCase,
    Consent,
    DiaryEntry,
    Outcome,
    Participant,
)
from conferences.services import (
    activity_book,
    activity_cancel,
    activity_hold,
    activity_not_attended,
    activity_record_consent,
    activity_record_outcome,
    activity_withdraw_consent,
    group_conference_record,
    holding_response_send,
    information_send,
)
from jomcase.errors import ConsentRequired
from jomcase.models import Notification
from tests.conferences.group_helpers import a_led_cohort_of, a_session, pending_cases
from tests.conferences.page_helpers import ALL_STATEMENTS, slot
from tests.conftest import api_as
from tests.factories import an_activity, today

pytestmark = pytest.mark.django_db

ANY = "*"  # any state of the kind

# --- the table ----------------------------------------------------------------------------

# (state, step) -> state it lands in, for a case or skill conference: DESIGN.md section 5's
# lifecycle of booked work. Booking a booked activity again moves it. Once its start has
# passed it is held or not attended, never cancelled (a CSI that was due still counts).
MEETING = {
    ("proposed", "book"): "booked",
    ("proposed", "cancel"): "cancelled",
    ("booked", "book"): "booked",
    ("booked", "cancel"): "cancelled",
    ("booked_started", "book"): "booked",
    ("booked_started", "hold"): "held",
    ("booked_started", "not_attended"): "not_attended",
    ("held", "conclude"): "concluded",
}
# A three-way or a CSI: the same, after the claimant's consent [22-24][38]. Withdrawing
# consent before the meeting cancels it.
CONSENTED = {
    **MEETING,
    ("awaiting_consent", "consent_given"): "proposed",
    ("awaiting_consent", "consent_refused"): "consent_refused",
    ("awaiting_consent", "cancel"): "cancelled",
    ("proposed", "withdraw_consent"): "cancelled",
    ("booked", "withdraw_consent"): "cancelled",
}
# Informational support [19-20]: answered, perhaps after a holding response; never booked.
INFORMATION = {
    ("proposed", "send_holding_response"): "holding_response",
    ("proposed", "send_information"): "concluded",
    ("holding_response", "send_information"): "concluded",
    ("proposed", "cancel"): "cancelled",
    ("holding_response", "cancel"): "cancelled",
}
# A group conference is booked as it is made [31] and moved only from its own page, which
# checks what a session needs; its outcomes are recorded per case [34].
GROUP = {
    ("booked", "cancel"): "cancelled",
    ("booked_started", "hold"): "held",
    ("booked_started", "not_attended"): "not_attended",
    ("held", "record_group_conference"): "concluded",
}

# (state, step) -> how a refusal is answered when it is not ``transition_not_allowed``:
# ``invalid`` (400, ValidationError) for a step the kind never takes or whose facts are
# missing, ``consent_required`` (409) for booking before consent.
NOT_FOR_MEETINGS = {
    ("booked_started", "cancel"): "started",
    (ANY, "consent_given"): "invalid",
    (ANY, "consent_refused"): "invalid",
    (ANY, "withdraw_consent"): "invalid",
    (ANY, "record_group_conference"): "invalid",
}
NOT_FOR_CONSENTED = {
    ("booked_started", "cancel"): "started",
    ("awaiting_consent", "book"): "consent_required",
    # No consent given to withdraw, or the meeting's start has passed.
    ("awaiting_consent", "withdraw_consent"): "invalid",
    ("consent_refused", "withdraw_consent"): "invalid",
    ("booked_started", "withdraw_consent"): "invalid",
    ("held", "withdraw_consent"): "invalid",
    ("concluded", "withdraw_consent"): "invalid",
    ("not_attended", "withdraw_consent"): "invalid",
    (ANY, "record_group_conference"): "invalid",
}
NOT_FOR_INFORMATION = {
    (ANY, "consent_given"): "invalid",
    (ANY, "consent_refused"): "invalid",
    (ANY, "withdraw_consent"): "invalid",
    (ANY, "record_group_conference"): "invalid",
    (ANY, "book"): "invalid",
    (ANY, "conclude"): "invalid",
}
NOT_FOR_GROUPS = {
    ("booked_started", "cancel"): "started",
    (ANY, "book"): "invalid",
    (ANY, "consent_given"): "invalid",
    (ANY, "consent_refused"): "invalid",
    (ANY, "withdraw_consent"): "invalid",
    (ANY, "conclude"): "invalid",
}

# kind -> (allowed steps, refusals other than transition_not_allowed).
TABLE = {
    "case_conference": (MEETING, NOT_FOR_MEETINGS),
    "skill_conference": (MEETING, NOT_FOR_MEETINGS),
    "three_way": (CONSENTED, NOT_FOR_CONSENTED),
    "claimant_support_intervention": (CONSENTED, NOT_FOR_CONSENTED),
    "informational_support": (INFORMATION, NOT_FOR_INFORMATION),
    "group_conference": (GROUP, NOT_FOR_GROUPS),
}

# How each state is reached, step by step through the services, from a new activity.
MEETING_ROUTES = {
    "proposed": [],
    "booked": ["book_ahead"],
    "booked_started": ["book_yesterday"],
    "held": ["book_yesterday", "hold"],
    "concluded": ["book_yesterday", "hold", "conclude"],
    "cancelled": ["cancel"],
    "not_attended": ["book_yesterday", "not_attended"],
}
CONSENTED_ROUTES = {
    "awaiting_consent": [],
    "consent_refused": ["consent_refused"],
    **{state: ["consent_given", *route] for state, route in MEETING_ROUTES.items()},
}
INFORMATION_ROUTES = {
    "proposed": [],
    "holding_response": ["send_holding_response"],
    "concluded": ["send_information"],
    "cancelled": ["cancel"],
}
# A group conference is made booked: for tomorrow-but-one, or for yesterday when the route
# needs its start passed.
GROUP_ROUTES = {
    "booked": [],
    "booked_started": [],
    "held": ["hold"],
    "concluded": ["hold", "record_group_conference"],
    "cancelled": ["cancel"],
    "not_attended": ["not_attended"],
}
ROUTES = {
    "case_conference": MEETING_ROUTES,
    "skill_conference": MEETING_ROUTES,
    "three_way": CONSENTED_ROUTES,
    "claimant_support_intervention": CONSENTED_ROUTES,
    "informational_support": INFORMATION_ROUTES,
    "group_conference": GROUP_ROUTES,
}
GROUP_STARTED = {"booked_started", "held", "concluded", "not_attended"}

# The model's transitions, as declared: (source, transition) -> target.
DECLARED = {
    ("awaiting_consent", "consent_given"): "proposed",
    ("awaiting_consent", "consent_refused"): "consent_refused",
    ("proposed", "book"): "booked",
    ("booked", "book"): "booked",
    ("booked", "hold"): "held",
    ("booked", "not_attended"): "not_attended",
    ("proposed", "cancel"): "cancelled",
    ("awaiting_consent", "cancel"): "cancelled",
    ("booked", "cancel"): "cancelled",
    ("holding_response", "cancel"): "cancelled",
    ("held", "conclude"): "concluded",
    ("proposed", "send_holding_response"): "holding_response",
    ("proposed", "send_information"): "concluded",
    ("holding_response", "send_information"): "concluded",
}
# Each step of the table, the model transition it takes, and the event it records.
STEPS = {
    "consent_given": ("consent_given", "consent"),
    "consent_refused": ("consent_refused", "consent"),
    "book": ("book", "book"),
    "hold": ("hold", "hold"),
    "not_attended": ("not_attended", "not_attended"),
    "cancel": ("cancel", "cancel"),
    "withdraw_consent": ("cancel", "consent_withdrawn"),
    "conclude": ("conclude", "conclude"),
    "record_group_conference": ("conclude", "conclude"),
    "send_holding_response": ("send_holding_response", "holding_response"),
    "send_information": ("send_information", "information"),
}
# The fields besides ``state`` each allowed step may write on the row.
WRITES = {
    "consent_given": set(),
    "consent_refused": {"closed_at"},
    "book": {"start", "end", "channel", "place", "booked_by_id", "booked_at"},
    "hold": {"held_at"},
    "not_attended": {"closed_at"},
    "cancel": {"cancel_reason", "closed_at"},
    "withdraw_consent": {"cancel_reason", "closed_at"},
    "conclude": {"summary", "record_on_development_plan", "closed_at"},
    "record_group_conference": {"summary", "record_on_development_plan", "closed_at"},
    "send_holding_response": {"holding_message", "expected_return"},
    "send_information": {"information", "links", "closed_at"},
}

# how a refusal is named in the table -> (HTTP status, API code, the service's exception)
REFUSED_AS = {
    "transition_not_allowed": (409, "transition_not_allowed", TransitionNotAllowed),
    # The model's guard refuses it; pages and the API say why (the start has passed).
    "started": (409, "transition_not_allowed", TransitionNotAllowed),
    "consent_required": (409, "consent_required", ConsentRequired),
    "invalid": (400, "invalid", ValidationError),
}

# --- taking a step ------------------------------------------------------------------------

SUMMARY = "Agreed adjustments for interviews; nothing further needed."


def booking(days: int, hour: int) -> dict:
    start, end = slot(days, hour)
    return {"start": start, "end": end, "channel": "face_to_face", "place": "Room 4"}


def by_service(activity: Activity, step: str) -> None:
    """Take one step through its service, as the activity's DEA."""
    who = {"activity_id": activity.pk, "actor": activity.dea}
    match step:
        case "consent_given" | "consent_refused":
            activity_record_consent(**who, given=step == "consent_given", **ALL_STATEMENTS)
        case "book":
            activity_book(**who, **booking(days=3, hour=14))
        case "book_ahead":
            activity_book(**who, **booking(days=2, hour=10))
        case "book_yesterday":
            activity_book(**who, **booking(days=-1, hour=10))
        case "hold":
            activity_hold(**who)
        case "not_attended":
            activity_not_attended(**who, message="Nobody came.")
        case "cancel":
            activity_cancel(**who, reason="The work coach is on leave.")
        case "withdraw_consent":
            activity_withdraw_consent(**who)
        case "conclude":
            activity_record_outcome(**who, outcomes=["no_further_support"], summary=SUMMARY)
        case "record_group_conference":
            group_conference_record(**who, attended_ids=[], summary=SUMMARY, case_outcomes={})
        case "send_holding_response":
            holding_response_send(**who, message="Checking with the hub.", expected_return=today())
        case "send_information":
            information_send(**who, information="See the hub's guide to adjustments.")
        case _:
            raise AssertionError(f"no such step: {step}")


#: Steps with an endpoint under /api/activities/{id}/, and its last part.
API_STEPS = {
    "consent_given": "record-consent",
    "consent_refused": "record-consent",
    "book": "book",
    "hold": "hold",
    "not_attended": "not-attended",
    "cancel": "cancel",
    "conclude": "record-outcome",
}


def by_api(activity: Activity, step: str):
    """Take one step through the API, as the activity's DEA, with the service's arguments."""
    match step:
        case "consent_given" | "consent_refused":
            body = {"given": step == "consent_given", **ALL_STATEMENTS}
        case "book":
            body = booking(days=3, hour=14)  # the JSON renderer writes ISO 8601 times
        case "not_attended":
            body = {"message": "Nobody came."}
        case "cancel":
            body = {"reason": "The work coach is on leave."}
        case "conclude":
            body = {"outcomes": ["no_further_support"], "summary": SUMMARY}
        case _:
            body = {}
    url = f"/api/activities/{activity.pk}/{API_STEPS[step]}/"
    return api_as(activity.dea).post(url, body, format="json")


def in_state(kind: str, state: str) -> Activity:
    """An activity of ``kind`` in ``state`` (a row of the table), brought there by services."""
    if kind == "group_conference":
        scene = a_led_cohort_of(2)
        days = -1 if state in GROUP_STARTED else 2
        activity = a_session(scene, days=days, cases=pending_cases(scene, 1))
    else:
        activity = an_activity(kind)
    for step in ROUTES[kind][state]:
        by_service(activity, step)
    return Activity.objects.get(pk=activity.pk)


def snapshot(activity: Activity) -> dict:
    """Every stored value of the activity and everything a step could write beside it."""
    row = Activity.objects.get(pk=activity.pk)
    mine = {"activity": row}
    return {
        "row": {f.attname: getattr(row, f.attname) for f in Activity._meta.concrete_fields},
        "events": list(ActivityEvent.objects.filter(**mine).order_by("pk").values()),
        "participants": list(Participant.objects.filter(**mine).order_by("pk").values()),
        "diary": list(DiaryEntry.objects.filter(**mine).order_by("pk").values()),
        "consent": list(Consent.objects.filter(**mine).values()),
        "outcomes": list(Outcome.objects.filter(**mine).order_by("pk").values()),
        "agenda": list(AgendaCase.objects.order_by("pk").values()),
        "activities": Activity.objects.count(),
        "actions": Action.objects.count(),
        "notifications": Notification.objects.count(),
    }


def expected(kind: str, state: str, step: str) -> tuple[str | None, str]:
    """The state the step lands in (None when refused), and how a refusal is answered."""
    allowed, refusals = TABLE[kind]
    refused = refusals.get((state, step)) or refusals.get((ANY, step), "transition_not_allowed")
    return allowed.get((state, step)), refused


CASES = [
    pytest.param(kind, state, step, via, id=f"{kind}-{state}-{step}-{via}")
    for kind, routes in ROUTES.items()
    for state in routes
    for step in STEPS
    for via in ("service", "api")
    if via == "service" or step in API_STEPS
]

# --- the tests ----------------------------------------------------------------------------


def test_the_models_transitions_are_the_declared_table():
    field = Activity._meta.get_field("state")
    declared = {(t.source, t.name): t.target for t in field.get_all_transitions(Activity)}
    assert declared == DECLARED
    assert set(ActivityState.values) == {s for s, _ in DECLARED} | set(DECLARED.values())


def test_the_table_covers_every_state_and_transition_and_only_declared_ones():
    states = {s for routes in ROUTES.values() for s in routes} - {"booked_started"}
    assert states == set(ActivityState.values)
    assert {transition for transition, _ in STEPS.values()} == {t for _, t in DECLARED}
    for kind, (allowed, refusals) in TABLE.items():
        used = {s for s, _ in allowed} | ({s for s, _ in refusals} - {ANY})
        assert used <= set(ROUTES[kind]), kind
        for (state, step), target in allowed.items():
            source = "booked" if state == "booked_started" else state
            assert DECLARED.get((source, STEPS[step][0])) == target, (kind, state, step)
            assert (state, step) not in refusals, (kind, state, step)


@pytest.mark.parametrize(("kind", "state", "step", "via"), CASES)
def test_each_step_from_each_state(kind, state, step, via):
    activity = in_state(kind, state)
    before = snapshot(activity)
    target, refused = expected(kind, state, step)

    if target is None:
        status, code, error = REFUSED_AS[refused]
        if via == "service":
            with pytest.raises(error):
                by_service(activity, step)
        else:
            response = by_api(activity, step)
            assert (response.status_code, response.json()["code"]) == (status, code)
        assert snapshot(activity) == before, "a refused step changed something"
        return

    if via == "service":
        by_service(activity, step)
    else:
        response = by_api(activity, step)
        assert response.status_code == 200, response.content
        assert response.json()["state"] == target
    after = snapshot(activity)
    assert after["row"]["state"] == target
    changed = {f for f, value in after["row"].items() if value != before["row"][f]}
    assert changed - {"state"} <= WRITES[step], f"{step} wrote {changed}"
    source = before["row"]["state"]
    action = "rebook" if (step, source) == ("book", "booked") else STEPS[step][1]
    assert len(after["events"]) == len(before["events"]) + 1
    event = after["events"][-1]
    assert (event["action"], event["from_state"], event["to_state"], event["by_id"]) == (
        action,
        source,
        target,
        activity.dea_id,
    )
