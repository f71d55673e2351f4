"""``/api/activities/`` as a client sees it (API.md): the scoped, filtered, paginated list, one
activity with its history, consent and outcomes, and each step with the answers API.md fixes.

Every refusal is checked to change nothing: the activity's row, its history, its diary
entries, its consent and its outcomes are as they were before the request.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conferences.models import (
    Action,
    Activity,
    ActivityEvent,
    Consent,
    DiaryEntry,
    Outcome,
    PartnerCoverage,
)
from conferences.services import activity_cancel, support_request_accept, unavailability_add
from jomcase.models import AccessLog, Role
from tests.conferences.page_helpers import ALL_STATEMENTS, booked, consented, held, slot
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    StaffFactory,
    TeamFactory,
    a_request_in_cohort,
    an_activity,
    join_team,
    managed_by,
)

pytestmark = pytest.mark.django_db

LIST = "/api/activities/"
LIST_FIELDS = {
    "id",
    "kind",
    "state",
    "claimant",
    "support_request",
    "start",
    "end",
    "channel",
    "participants",
}


def detail(activity) -> str:
    return f"{LIST}{activity.pk}/"


def step(activity, name: str) -> str:
    return f"{detail(activity)}{name}/"


def client_for(user) -> APIClient:
    """A client that signs in with a token, as an API client would."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    assert body["code"] == code
    return body


def snapshot(activity) -> dict:
    """Everything a step could write about the activity."""
    row = Activity.objects.get(pk=activity.pk)
    return {
        "row": model_to_dict(row),
        "events": list(ActivityEvent.objects.filter(activity=row).values_list("pk", flat=True)),
        "diary": list(DiaryEntry.objects.filter(activity=row).values("staff_id", "start", "end")),
        "consent": list(Consent.objects.filter(activity=row).values()),
        "outcomes": list(Outcome.objects.filter(activity=row).values_list("pk", flat=True)),
        "activities": Activity.objects.count(),
        "actions": Action.objects.count(),
    }


def iso(value: dt.datetime) -> str:
    return value.isoformat()


@pytest.fixture
def dea():
    return StaffFactory(dea=True)


@pytest.fixture
def coach():
    return StaffFactory(work_coach=True)


# --- the list -----------------------------------------------------------------------------


def test_the_list_has_the_documented_fields_newest_first(dea, coach):
    first = an_activity("case_conference", dea=dea, work_coach=coach)
    second = booked(an_activity("three_way", dea=dea, work_coach=coach), days=3)
    response = api_as(dea).get(LIST)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]
    assert all(set(row) == LIST_FIELDS for row in rows)
    newest, oldest = rows
    assert newest["kind"] == "three_way" and newest["state"] == "booked"
    assert newest["channel"] == "face_to_face"
    assert dt.datetime.fromisoformat(newest["start"]) == second.start
    assert dt.datetime.fromisoformat(newest["end"]) == second.end
    assert sorted(newest["participants"]) == sorted([dea.pk, coach.pk])
    assert newest["claimant"] == second.claimant_id and newest["support_request"] is None
    assert (oldest["state"], oldest["start"], oldest["end"], oldest["channel"]) == (
        "proposed",
        None,
        None,
        None,
    )


def test_the_list_filters_by_kind_state_claimant_and_request(dea, coach):
    sr = a_request_in_cohort(dea=dea, requester=coach)
    support_request_accept(request_id=sr.pk, actor=dea, channel="case_conference")
    from_request = sr.activities.get()
    skill = an_activity("skill_conference", dea=dea, work_coach=coach)
    three_way = an_activity("three_way", dea=dea, work_coach=coach)
    client = api_as(dea)

    def ids(**query) -> list[int]:
        response = client.get(LIST, query)
        assert response.status_code == 200, response.content
        return sorted(row["id"] for row in response.json()["results"])

    assert ids(kind="skill_conference") == [skill.pk]
    assert ids(state="awaiting_consent") == [three_way.pk]
    assert ids(claimant=sr.claimant_id) == [from_request.pk]
    assert ids(support_request=sr.pk) == [from_request.pk]
    assert ids(kind="case_conference", state="proposed") == [from_request.pk]
    assert_error(client.get(LIST, {"kind": "coffee"}), 400, "invalid")


def test_the_list_shows_only_what_the_caller_may_see(dea, coach):
    mine = an_activity("case_conference", dea=dea, work_coach=coach)
    theirs = an_activity("case_conference")
    team = TeamFactory()
    join_team(coach, team)

    def ids(user) -> list[int]:
        return sorted(row["id"] for row in api_as(user).get(LIST).json()["results"])

    assert ids(dea) == [mine.pk]
    assert ids(coach) == [mine.pk]
    assert ids(team.leader) == [mine.pk]  # their team's coach takes part
    assert ids(theirs.dea) == [theirs.pk]
    assert ids(StaffFactory(analyst=True)) == []
    assert ids(StaffFactory(administrator=True)) == sorted([mine.pk, theirs.pk])


def test_the_list_is_paginated(dea, coach):
    claimant = ClaimantFactory(work_coach=coach)
    for _ in range(3):
        an_activity("case_conference", dea=dea, work_coach=coach, claimant=claimant)
    body = api_as(dea).get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["next"] and body["previous"] is None


@pytest.mark.parametrize(("rows", "query"), [(25, {}), (200, {"page_size": 200})])
def test_the_list_runs_the_same_queries_whatever_its_length(
    dea, coach, django_assert_num_queries, rows, query
):
    claimant = ClaimantFactory(work_coach=coach)
    for _ in range(rows - 1):
        an_activity("case_conference", dea=dea, work_coach=coach, claimant=claimant)
    booked(an_activity("three_way", dea=dea, work_coach=coach, claimant=claimant))
    client = client_for(dea)
    with django_assert_num_queries(5):  # token and user, roles, count, page, participants
        response = client.get(LIST, query)
    results = response.json()["results"]
    assert len(results) == rows
    assert all(sorted(row["participants"]) == sorted([dea.pk, coach.pk]) for row in results)


def test_a_team_leaders_filtered_list_runs_the_same_queries(django_assert_num_queries):
    team = TeamFactory()
    dea = StaffFactory(dea=True)
    managed_by(dea, team.leader)
    coach = StaffFactory(work_coach=True)
    join_team(coach, team)
    claimant = ClaimantFactory(work_coach=coach)
    for _ in range(30):
        an_activity("case_conference", dea=dea, work_coach=coach, claimant=claimant)
    client = client_for(team.leader)
    with django_assert_num_queries(5):  # token and user, roles, count, page, participants
        response = client.get(LIST, {"state": "proposed", "page_size": 200})
    assert response.json()["count"] == 30


def test_without_signing_in_every_endpoint_is_401(api):
    activity = an_activity("case_conference")
    before = snapshot(activity)
    for url in (LIST, detail(activity)):
        assert_error(api.get(url), 401, "not_authenticated")
    for name in ("record-consent", "book", "hold", "not-attended", "cancel", "record-outcome"):
        assert_error(api.post(step(activity, name), {}, format="json"), 401, "not_authenticated")
    assert snapshot(activity) == before


# --- one activity -------------------------------------------------------------------------


@pytest.fixture
def partner_cover(coach):
    psychologist = StaffFactory(roles=[Role.WORK_PSYCHOLOGIST])
    PartnerCoverage.objects.create(
        staff=psychologist,
        jobcentre=coach.jobcentre,
        role=Role.WORK_PSYCHOLOGIST,
        start=dt.date(2020, 1, 1),
    )
    return psychologist


def test_an_activity_reads_with_its_history_consent_and_outcomes(dea, coach, partner_cover):
    activity = held(consented(an_activity("three_way", dea=dea, work_coach=coach)))
    api_as(coach).post(
        step(activity, "record-outcome"),
        {"outcomes": ["work_psychologist_action"], "summary": "Agreed a referral."},
        format="json",
    )
    body = api_as(dea).get(detail(activity)).json()
    assert set(body) >= LIST_FIELDS
    assert {"history", "consent", "outcomes"} <= set(body)
    assert (body["state"], body["dea"], body["work_coach"]) == ("concluded", dea.pk, coach.pk)
    assert body["summary"] == "Agreed a referral."
    assert [(h["action"], h["from"], h["to"], h["by"]) for h in body["history"]] == [
        ("propose", "", "awaiting_consent", dea.pk),
        ("consent", "awaiting_consent", "proposed", dea.pk),
        ("book", "proposed", "booked", dea.pk),
        ("hold", "booked", "held", dea.pk),
        ("conclude", "held", "concluded", coach.pk),
    ]
    assert all({"action", "from", "to", "by", "at", "message"} == set(h) for h in body["history"])
    assert body["consent"]["given"] is True
    assert body["consent"]["informed_role"] is True
    assert body["consent"]["recorded_by"] == dea.pk
    action = Action.objects.get()
    (outcome,) = body["outcomes"]
    assert outcome["kind"] == "work_psychologist_action"
    assert outcome["follow_on"] == {"type": "action", "id": action.pk}
    assert outcome["recorded_by"] == coach.pk and outcome["agenda_case"] is None


def test_an_activity_with_no_consent_yet_says_null(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    body = api_as(coach).get(detail(activity)).json()
    assert body["consent"] is None and body["outcomes"] == []
    assert body["channel"] is None


def test_reading_an_activity_about_a_claimant_is_access_logged(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    skill = an_activity("skill_conference", dea=dea, work_coach=coach)
    for reader in (dea, coach):
        assert api_as(reader).get(detail(activity)).status_code == 200
    assert api_as(dea).get(detail(skill)).status_code == 200  # no claimant, nothing to log
    api_as(dea).get(LIST)  # a list of ids reads no record
    logged = AccessLog.objects.order_by("at", "id")
    assert [(e.staff_id, e.record_type, e.record_id, e.via) for e in logged] == [
        (reader.pk, "claimants.claimant", activity.claimant_id, detail(activity))
        for reader in (dea, coach)
    ]


def test_an_activity_the_caller_may_not_see_is_404_and_not_logged(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    for outsider in (
        StaffFactory(dea=True),
        StaffFactory(work_coach=True),
        StaffFactory(sdtl=True),
    ):
        assert_error(api_as(outsider).get(detail(activity)), 404, "not_found")
    assert_error(api_as(dea).get(f"{LIST}999999/"), 404, "not_found")
    assert not AccessLog.objects.exists()


# --- recording consent --------------------------------------------------------------------


def test_consent_given_moves_a_three_way_to_proposed(dea, coach):
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    response = api_as(coach).post(
        step(activity, "record-consent"),
        {"given": True, "informed_role": True, "informed_consequences": True},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"]) == (activity.pk, "proposed")
    assert body["consent"]["given"] is True and body["consent"]["informed_consequences"] is True
    assert body["history"][-1]["action"] == "consent"


def test_a_three_way_without_the_dea_role_explained_is_400_and_unchanged(dea, coach):
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    before = snapshot(activity)
    for answer in (True, False):
        response = api_as(coach).post(
            step(activity, "record-consent"),
            {"given": answer, "informed_consequences": True},
            format="json",
        )
        body = assert_error(response, 400, "invalid")
        assert list(body["errors"]) == ["informed_role"]
    assert snapshot(activity) == before


def test_a_mandatory_claimant_agreeing_must_be_told_the_consequences(dea, coach):
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    assert activity.claimant.conditionality == "mandatory"
    before = snapshot(activity)
    response = api_as(coach).post(
        step(activity, "record-consent"), {"given": True, "informed_role": True}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["informed_consequences"]
    assert snapshot(activity) == before


def test_a_voluntary_claimant_agrees_without_being_told_the_consequences(dea, coach):
    claimant = ClaimantFactory(work_coach=coach, conditionality="voluntary")
    activity = an_activity("three_way", dea=dea, work_coach=coach, claimant=claimant)
    response = api_as(coach).post(
        step(activity, "record-consent"), {"given": True, "informed_role": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "proposed"


def test_a_csi_needs_its_three_statements(dea, coach):
    activity = an_activity("claimant_support_intervention", dea=dea, work_coach=coach)
    before = snapshot(activity)
    response = api_as(dea).post(step(activity, "record-consent"), {"given": True}, format="json")
    body = assert_error(response, 400, "invalid")
    assert set(body["errors"]) == {
        "informed_voluntary",
        "informed_conditionality",
        "discussed_with_team_leader",
    }
    assert snapshot(activity) == before
    response = api_as(dea).post(
        step(activity, "record-consent"),
        {
            "given": True,
            "informed_voluntary": True,
            "informed_conditionality": True,
            "discussed_with_team_leader": True,
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "proposed"


def test_given_is_required(dea, coach):
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    before = snapshot(activity)
    body = assert_error(
        api_as(coach).post(step(activity, "record-consent"), ALL_STATEMENTS, format="json"),
        400,
        "invalid",
    )
    assert "given" in body["errors"]
    assert snapshot(activity) == before


def test_a_refused_three_way_is_consent_refused_and_proposes_a_case_conference(dea, coach):
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    response = api_as(coach).post(
        step(activity, "record-consent"), {"given": False, "informed_role": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "consent_refused"
    assert response.json()["consent"]["given"] is False
    instead = Activity.objects.get(origin=activity)
    assert (instead.kind, instead.state, instead.claimant_id) == (
        "case_conference",
        "proposed",
        activity.claimant_id,
    )


def test_consent_recorded_twice_is_409_and_unchanged(dea, coach):
    activity = consented(an_activity("three_way", dea=dea, work_coach=coach))
    before = snapshot(activity)
    response = api_as(coach).post(
        step(activity, "record-consent"), {"given": False, **ALL_STATEMENTS}, format="json"
    )
    body = assert_error(response, 409, "transition_not_allowed")
    assert "proposed" in body["detail"]
    assert snapshot(activity) == before


def test_a_case_conference_takes_no_consent(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    before = snapshot(activity)
    response = api_as(coach).post(
        step(activity, "record-consent"), {"given": True, **ALL_STATEMENTS}, format="json"
    )
    assert "given" in assert_error(response, 400, "invalid")["errors"]
    assert snapshot(activity) == before


# --- booking ------------------------------------------------------------------------------


def book_body(days=2, hour=10, channel="face_to_face", **extra) -> dict:
    start, end = slot(days, hour)
    return {"start": iso(start), "end": iso(end), "channel": channel, **extra}


def test_booking_puts_it_in_every_diary_and_returns_it(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    response = api_as(dea).post(
        step(activity, "book"), book_body(channel="video", place="Teams"), format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    start, end = slot(2, 10)
    assert (body["state"], body["channel"], body["place"]) == ("booked", "video", "Teams")
    assert dt.datetime.fromisoformat(body["start"]) == start
    assert dt.datetime.fromisoformat(body["end"]) == end
    assert body["booked_by"] == dea.pk
    assert sorted(
        DiaryEntry.objects.filter(activity=activity).values_list("staff_id", flat=True)
    ) == (sorted([dea.pk, coach.pk]))


def test_a_booking_may_be_recorded_after_the_event(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    response = api_as(coach).post(step(activity, "book"), book_body(days=-1), format="json")
    assert response.status_code == 200 and response.json()["state"] == "booked"


def test_booking_without_consent_is_409_consent_required(dea, coach):
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    before = snapshot(activity)
    body = assert_error(
        api_as(coach).post(step(activity, "book"), book_body(), format="json"),
        409,
        "consent_required",
    )
    assert "consent" in body["detail"]
    assert snapshot(activity) == before


def test_a_diary_clash_is_409_diary_clash(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    start, end = slot(2, 10)
    unavailability_add(actor=coach, start=start, end=end, title="Training")
    before = snapshot(activity)
    body = assert_error(
        api_as(dea).post(step(activity, "book"), book_body(), format="json"), 409, "diary_clash"
    )
    assert coach.display_name in body["detail"]
    assert body["errors"] == {"start": [body["detail"]]}
    assert snapshot(activity) == before


def test_a_csi_is_face_to_face(dea, coach):
    activity = consented(an_activity("claimant_support_intervention", dea=dea, work_coach=coach))
    before = snapshot(activity)
    body = assert_error(
        api_as(dea).post(step(activity, "book"), book_body(channel="phone"), format="json"),
        400,
        "invalid",
    )
    assert body["errors"] == {"channel": ["A claimant support intervention is face to face"]}
    assert snapshot(activity) == before
    response = api_as(dea).post(step(activity, "book"), book_body(), format="json")
    assert response.status_code == 200 and response.json()["channel"] == "face_to_face"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start": None}, "start"),
        ({"channel": ""}, "channel"),
        ({"channel": "pigeon"}, "channel"),
        ({"end": "2026-01-01T09:00:00+00:00"}, "end"),
        ({"start": "next tuesday"}, "start"),
    ],
)
def test_a_booking_with_bad_input_is_400_and_unchanged(dea, coach, change, field):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    before = snapshot(activity)
    body = assert_error(
        api_as(dea).post(step(activity, "book"), book_body() | change, format="json"),
        400,
        "invalid",
    )
    assert field in body["errors"]
    assert snapshot(activity) == before


def test_booking_a_cancelled_activity_is_409_transition_not_allowed(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    activity_cancel(activity_id=activity.pk, actor=dea, reason="No longer needed")
    before = snapshot(activity)
    body = assert_error(
        api_as(dea).post(step(activity, "book"), book_body(), format="json"),
        409,
        "transition_not_allowed",
    )
    assert "cancelled" in body["detail"]
    assert snapshot(activity) == before


def test_only_a_staff_participant_books(dea, coach):
    team = TeamFactory()
    join_team(coach, team)
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    before = snapshot(activity)
    # The team leader may see it but takes no part: 403; a stranger may not see it: 404.
    assert_error(
        api_as(team.leader).post(step(activity, "book"), book_body(), format="json"),
        403,
        "forbidden",
    )
    assert_error(
        api_as(StaffFactory(dea=True)).post(step(activity, "book"), book_body(), format="json"),
        404,
        "not_found",
    )
    assert snapshot(activity) == before


# --- holding, not attended, cancelling ----------------------------------------------------


@pytest.mark.parametrize("name", ["hold", "not-attended"])
def test_before_the_booked_start_hold_and_not_attended_are_409(dea, coach, name):
    activity = booked(an_activity("case_conference", dea=dea, work_coach=coach), days=2)
    before = snapshot(activity)
    body = assert_error(
        api_as(coach).post(step(activity, name), {}, format="json"), 409, "transition_not_allowed"
    )
    assert "before the activity starts" in body["detail"]
    assert snapshot(activity) == before


def test_once_started_it_is_held(dea, coach):
    activity = booked(an_activity("case_conference", dea=dea, work_coach=coach), days=-1)
    response = api_as(coach).post(step(activity, "hold"), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "held" and body["held_at"]
    assert body["history"][-1]["action"] == "hold"


def test_once_started_it_may_be_marked_not_attended(dea, coach):
    activity = booked(an_activity("three_way", dea=dea, work_coach=coach), days=-1)
    response = api_as(dea).post(
        step(activity, "not-attended"), {"message": "No answer at the door"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "not_attended"
    assert response.json()["history"][-1]["message"] == "No answer at the door"


def test_holding_an_unbooked_activity_is_409(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    before = snapshot(activity)
    body = assert_error(
        api_as(dea).post(step(activity, "hold"), format="json"), 409, "transition_not_allowed"
    )
    assert "proposed" in body["detail"]
    assert snapshot(activity) == before


def test_cancelling_frees_the_diaries(dea, coach):
    activity = booked(an_activity("case_conference", dea=dea, work_coach=coach))
    assert DiaryEntry.objects.filter(activity=activity).count() == 2
    response = api_as(coach).post(
        step(activity, "cancel"), {"reason": "The claimant found work"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "cancelled"
    assert response.json()["cancel_reason"] == "The claimant found work"
    assert not DiaryEntry.objects.filter(activity=activity).exists()


def test_cancelling_twice_is_409_and_unchanged(dea, coach):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    assert api_as(dea).post(step(activity, "cancel"), format="json").status_code == 200
    before = snapshot(activity)
    assert_error(
        api_as(dea).post(step(activity, "cancel"), format="json"), 409, "transition_not_allowed"
    )
    assert snapshot(activity) == before


# --- outcomes -----------------------------------------------------------------------------


def test_recording_outcomes_concludes_it_and_returns_the_follow_ons(dea, coach, partner_cover):
    activity = held(an_activity("case_conference", dea=dea, work_coach=coach))
    response = api_as(dea).post(
        step(activity, "record-outcome"),
        {
            "outcomes": ["three_way", "work_psychologist_action"],
            "summary": "A three-way next, and a referral to the work psychologist.",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "concluded"
    three_way = Activity.objects.get(origin=activity)
    action = Action.objects.get(origin_activity=activity)
    assert body["follow_ons"] == [
        {"type": "activity", "id": three_way.pk, "kind": "three_way"},
        {"type": "action", "id": action.pk, "kind": "work_psychologist_action"},
    ]
    assert (three_way.kind, three_way.state) == ("three_way", "awaiting_consent")
    assert action.assignee == partner_cover
    assert [o["kind"] for o in body["outcomes"]] == ["three_way", "work_psychologist_action"]


def test_no_further_support_creates_no_follow_on(dea, coach):
    activity = held(an_activity("skill_conference", dea=dea, work_coach=coach))
    response = api_as(coach).post(
        step(activity, "record-outcome"),
        {"outcomes": ["no_further_support"], "summary": "All clear."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["follow_ons"] == []


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        ("case_conference", "skill_conference"),
        ("skill_conference", "claimant_support_intervention"),
        ("claimant_support_intervention", "group_conference_case"),
    ],
)
def test_an_outcome_the_kind_does_not_allow_is_400_and_unchanged(dea, coach, kind, outcome):
    activity = held(an_activity(kind, dea=dea, work_coach=coach))
    before = snapshot(activity)
    body = assert_error(
        api_as(dea).post(
            step(activity, "record-outcome"),
            {"outcomes": [outcome], "summary": "Notes."},
            format="json",
        ),
        400,
        "invalid",
    )
    assert list(body["errors"]) == ["outcomes"]
    assert outcome in body["errors"]["outcomes"][0]
    assert snapshot(activity) == before


def test_outcomes_need_a_summary_and_a_known_outcome(dea, coach):
    activity = held(an_activity("case_conference", dea=dea, work_coach=coach))
    before = snapshot(activity)
    body = assert_error(
        api_as(dea).post(
            step(activity, "record-outcome"), {"outcomes": ["three_way"]}, format="json"
        ),
        400,
        "invalid",
    )
    assert body["errors"] == {"summary": ["Enter the summary of outputs"]}
    body = assert_error(
        api_as(dea).post(
            step(activity, "record-outcome"),
            {"outcomes": ["a_cup_of_tea"], "summary": "Notes."},
            format="json",
        ),
        400,
        "invalid",
    )
    assert "outcomes" in body["errors"]
    assert snapshot(activity) == before


def test_outcomes_before_it_is_held_are_409(dea, coach):
    activity = booked(an_activity("case_conference", dea=dea, work_coach=coach))
    before = snapshot(activity)
    assert_error(
        api_as(dea).post(
            step(activity, "record-outcome"),
            {"outcomes": ["no_further_support"], "summary": "Notes."},
            format="json",
        ),
        409,
        "transition_not_allowed",
    )
    assert snapshot(activity) == before


def test_the_whole_three_way_through_the_api(dea, coach):
    """Consent, booking after the event, holding, outcomes: each step returns the activity."""
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    client = api_as(coach)
    states = []
    for name, body in (
        ("record-consent", {"given": True, **ALL_STATEMENTS}),
        ("book", book_body(days=-1)),
        ("hold", {}),
        ("record-outcome", {"outcomes": ["case_conference"], "summary": "Next: a conference."}),
    ):
        response = client.post(step(activity, name), body, format="json")
        assert response.status_code == 200, (name, response.content)
        assert response.json()["id"] == activity.pk
        states.append(response.json()["state"])
    assert states == ["proposed", "booked", "held", "concluded"]


@pytest.mark.parametrize(
    "name", ["record-consent", "book", "hold", "not-attended", "cancel", "record-outcome"]
)
def test_each_step_is_403_for_an_onlooker_and_404_for_a_stranger(dea, coach, name):
    team = TeamFactory()
    join_team(coach, team)
    activity = an_activity("three_way", dea=dea, work_coach=coach)
    before = snapshot(activity)
    body = {"given": True, **ALL_STATEMENTS} if name == "record-consent" else {}
    assert_error(
        api_as(team.leader).post(step(activity, name), body, format="json"), 403, "forbidden"
    )
    for stranger in (StaffFactory(dea=True), StaffFactory(analyst=True)):
        assert_error(
            api_as(stranger).post(step(activity, name), body, format="json"), 404, "not_found"
        )
    assert snapshot(activity) == before


def test_the_schema_describes_every_endpoint_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    reset_generator_stats()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert not [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    paths = schema["paths"]
    assert set(paths["/api/activities/"]) == {"get"}
    assert set(paths["/api/activities/{activity_id}/"]) == {"get"}
    for name in ("record-consent", "book", "hold", "not-attended", "cancel", "record-outcome"):
        assert set(paths[f"/api/activities/{{activity_id}}/{name}/"]) == {"post"}
    assert set(paths["/api/actions/"]) == {"get"}
    assert set(paths["/api/actions/{action_id}/complete/"]) == {"post"}
    assert set(paths["/api/csi-approvals/"]) == {"get", "post"}
    assert set(paths["/api/claimants/{claimant_id}/timeline/"]) == {"get"}
    enums = schema["components"]["schemas"]
    assert enums["ActivityStateEnum"]["enum"][:2] == ["proposed", "holding_response"]
    assert enums["MeetingChannelEnum"]["enum"] == ["face_to_face", "phone", "video", "email"]
