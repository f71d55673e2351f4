"""Filing a support request through the API: what is refused, and how (issue 3, item 3).

A refused request saves nothing: no request, no timeline, no notification. Field problems
are 400 with every field named; a rule is 409 with its code; a role that may not file a
kind is 403. A request for a claimant who already has an open one is still filed, with a
warning.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dea_support.models import SupportRequest, SupportRequestEvent
from jomcase.models import Notification
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    add_member,
    today,
    working_day,
)

pytestmark = pytest.mark.django_db

LIST = "/api/support-requests/"


def next_week() -> str:
    return working_day(7).isoformat()


def claimant_support(claimant, **overrides) -> dict:
    return {
        "kind": "claimant_support",
        "claimant": claimant.pk,
        "challenges": "Panic attacks in busy offices.",
        "reason": "Advice on adjustments for the next appointment.",
        "required_by": next_week(),
        **overrides,
    }


def skill_support(**overrides) -> dict:
    return {
        "kind": "skill_support",
        "knowledge_gap": "retention",
        "description": "Helping someone keep a job after a stroke.",
        "required_by": next_week(),
        **overrides,
    }


def colleague_support(**overrides) -> dict:
    return {
        "kind": "colleague_support",
        "job_role": "Service delivery coach",
        "reason": "Advice on hidden impairments for the team briefing.",
        "criticality": "urgent",
        "required_by": next_week(),
        **overrides,
    }


def nothing_saved() -> bool:
    return not (
        SupportRequest.objects.exists()
        or SupportRequestEvent.objects.exists()
        or Notification.objects.exists()
    )


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    assert nothing_saved()
    return body


@pytest.fixture
def coach():
    """A work coach in a DEA's cohort today."""
    coach = StaffFactory(work_coach=True)
    add_member(CohortFactory(), coach)
    return coach


# --- what is filed ------------------------------------------------------------------------


def test_a_claimant_support_request_goes_to_the_coachs_dea(coach):
    claimant = ClaimantFactory(work_coach=coach)
    response = api_as(coach).post(LIST, claimant_support(claimant), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    sr = SupportRequest.objects.get()
    assert body["id"] == sr.pk
    assert body["reference"] == sr.reference
    assert (body["state"], body["kind"], body["claimant"]) == (
        "submitted",
        "claimant_support",
        claimant.pk,
    )
    assert body["requester"] == coach.pk
    assert body["dea"] == coach.cohort_memberships.get().cohort.dea_id
    assert body["required_by"] == next_week()
    assert body["activities"] == []
    assert body["warnings"] == []
    assert [(h["action"], h["to"], h["by"]) for h in body["history"]] == [
        ("submitted", "submitted", coach.pk)
    ]


def test_read_only_fields_in_a_post_are_ignored(coach):
    claimant = ClaimantFactory(work_coach=coach)
    other_dea = StaffFactory(dea=True)
    body = claimant_support(
        claimant, state="accepted", requester=other_dea.pk, id=999, activities=[1]
    )
    response = api_as(coach).post(LIST, body, format="json")
    assert response.status_code == 201, response.content
    sr = SupportRequest.objects.get()
    assert (sr.state, sr.requester_id) == ("submitted", coach.pk)
    assert sr.pk != 999


def test_skill_support_needs_no_claimant(coach):
    response = api_as(coach).post(LIST, skill_support(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["claimant"] is None


def test_an_open_request_for_the_same_claimant_is_a_warning_not_a_refusal(coach):
    claimant = ClaimantFactory(work_coach=coach)
    client = api_as(coach)
    first = client.post(LIST, claimant_support(claimant), format="json").json()
    closed = SupportRequestFactory(requester=coach, claimant=claimant, withdrawn=True)

    response = client.post(LIST, claimant_support(claimant), format="json")

    assert response.status_code == 201, response.content
    warnings = response.json()["warnings"]
    assert [(w["code"], w["support_request"]) for w in warnings] == [
        ("open_request_for_claimant", first["id"])
    ]
    assert first["reference"] in warnings[0]["detail"]
    assert closed.pk not in {w["support_request"] for w in warnings}
    assert SupportRequest.objects.filter(claimant=claimant).count() == 3


# --- rules: 409 ---------------------------------------------------------------------------


def test_a_non_benefit_claimant_is_refused_without_an_exception(coach):
    claimant = ClaimantFactory(work_coach=coach, non_benefit=True)
    body = refused(
        api_as(coach).post(LIST, claimant_support(claimant), format="json"),
        409,
        "non_benefit_claimant",
    )
    assert "signpost" in body["detail"].lower()
    assert "claimant" in body["errors"]


def test_a_non_benefit_claimant_with_a_vulnerability_exception_is_allowed(coach):
    claimant = ClaimantFactory(
        work_coach=coach, non_benefit=True, vulnerability_exception="Recent bereavement"
    )
    response = api_as(coach).post(LIST, claimant_support(claimant), format="json")
    assert response.status_code == 201, response.content
    assert SupportRequest.objects.get().claimant == claimant


def test_a_coach_in_no_cohort_is_told_they_are_not_in_one():
    loner = StaffFactory(work_coach=True)
    claimant = ClaimantFactory(work_coach=loner)
    body = refused(
        api_as(loner).post(LIST, claimant_support(claimant), format="json"), 409, "not_in_cohort"
    )
    assert "team leader" in body["detail"]
    refused(api_as(loner).post(LIST, skill_support(), format="json"), 409, "not_in_cohort")


def test_a_coach_whose_cohort_membership_ended_yesterday_is_in_no_cohort():
    coach = StaffFactory(work_coach=True)
    add_member(
        CohortFactory(), coach, start=today() - dt.timedelta(days=30), end=today() - dt.timedelta(1)
    )
    refused(api_as(coach).post(LIST, skill_support(), format="json"), 409, "not_in_cohort")


# --- field problems: 400, every field named -----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("claimant_support", {"claimant", "challenges", "reason", "required_by"}),
        ("skill_support", {"knowledge_gap", "description", "required_by"}),
        ("colleague_support", {"job_role", "reason", "criticality", "required_by"}),
    ],
)
def test_each_kind_names_every_missing_answer(coach, kind, fields):
    body = refused(api_as(coach).post(LIST, {"kind": kind}, format="json"), 400, "invalid")
    assert set(body["errors"]) == fields
    assert all(body["errors"][f] for f in fields)


def test_blank_answers_count_as_missing(coach):
    claimant = ClaimantFactory(work_coach=coach)
    body = refused(
        api_as(coach).post(
            LIST, claimant_support(claimant, challenges="   ", reason=""), format="json"
        ),
        400,
        "invalid",
    )
    assert set(body["errors"]) == {"challenges", "reason"}


def test_the_kind_is_needed_and_must_be_known(coach):
    body = refused(api_as(coach).post(LIST, {}, format="json"), 400, "invalid")
    assert "kind" in body["errors"]
    body = refused(api_as(coach).post(LIST, {"kind": "advice"}, format="json"), 400, "invalid")
    assert "kind" in body["errors"]


def test_a_required_date_in_the_past_is_refused(coach):
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    body = refused(
        api_as(coach).post(LIST, skill_support(required_by=yesterday), format="json"),
        400,
        "invalid",
    )
    assert set(body["errors"]) == {"required_by"}
    assert "today or in the future" in body["errors"]["required_by"][0]


def test_a_required_date_of_today_is_allowed(coach, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC))  # a Tuesday
    response = api_as(coach).post(
        LIST, skill_support(required_by=today().isoformat()), format="json"
    )
    assert response.status_code == 201, response.content


def test_a_required_date_that_is_not_a_date_is_refused(coach):
    body = refused(
        api_as(coach).post(LIST, skill_support(required_by="next Tuesday"), format="json"),
        400,
        "invalid",
    )
    assert "required_by" in body["errors"]


def test_a_claimant_on_another_coachs_caseload_is_refused(coach):
    theirs = ClaimantFactory()  # another coach's
    body = refused(
        api_as(coach).post(LIST, claimant_support(theirs), format="json"), 400, "invalid"
    )
    assert set(body["errors"]) == {"claimant"}
    assert "your own caseload" in body["errors"]["claimant"][0]


def test_a_claimant_who_does_not_exist_looks_the_same_as_another_coachs(coach):
    theirs = refused(
        api_as(coach).post(LIST, claimant_support(ClaimantFactory()), format="json"),
        400,
        "invalid",
    )
    nobody = api_as(coach).post(
        LIST, {**claimant_support(ClaimantFactory()), "claimant": 10**9}, format="json"
    )
    assert nobody.status_code == 400
    assert nobody.json()["errors"] == theirs["errors"]


# --- who may file which kind --------------------------------------------------------------


@pytest.fixture
def colleague(db):
    """A service delivery coach: an operational colleague, who files colleague support only."""
    return StaffFactory(service_delivery_coach=True, first_name="Magdalena", last_name="Nowak")


def test_a_colleague_may_ask_for_colleague_support_from_a_dea_at_their_jobcentre(colleague):
    dea = StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    StaffFactory(dea=True)  # a DEA elsewhere
    response = api_as(colleague).post(LIST, colleague_support(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["dea"], body["requester"], body["claimant"]) == (dea.pk, colleague.pk, None)
    # ... and sees it afterwards, and nothing else.
    listed = api_as(colleague).get(LIST).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_a_colleague_may_not_file_claimant_or_skill_support(colleague):
    StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    claimant = ClaimantFactory()
    refused(
        api_as(colleague).post(LIST, claimant_support(claimant), format="json"), 403, "forbidden"
    )
    refused(api_as(colleague).post(LIST, skill_support(), format="json"), 403, "forbidden")


def test_colleague_support_with_several_deas_and_none_chosen_is_refused(colleague):
    first = StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    body = refused(api_as(colleague).post(LIST, colleague_support(), format="json"), 400, "invalid")
    assert set(body["errors"]) == {"dea"}

    response = api_as(colleague).post(LIST, colleague_support(dea=first.pk), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["dea"] == first.pk


def test_colleague_support_to_a_dea_at_another_jobcentre_is_refused(colleague):
    StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    elsewhere = StaffFactory(dea=True)
    body = refused(
        api_as(colleague).post(LIST, colleague_support(dea=elsewhere.pk), format="json"),
        400,
        "invalid",
    )
    assert set(body["errors"]) == {"dea"}


def test_colleague_support_with_no_dea_at_the_jobcentre_is_refused(colleague):
    body = refused(api_as(colleague).post(LIST, colleague_support(), format="json"), 400, "invalid")
    assert set(body["errors"]) == {"dea"}


def test_accepting_a_colleague_request_with_a_claimant_channel_is_refused():
    sr = SupportRequestFactory(colleague=True)
    before = SupportRequest.objects.filter(pk=sr.pk).values().get()
    for channel in ("case_conference", "three_way", "claimant_support_intervention"):
        response = api_as(sr.dea).post(
            f"/api/support-requests/{sr.pk}/accept/", {"channel": channel}, format="json"
        )
        assert response.status_code == 400, response.content
        assert set(response.json()["errors"]) == {"channel"}
    assert SupportRequest.objects.filter(pk=sr.pk).values().get() == before
    assert not SupportRequestEvent.objects.filter(support_request=sr).exists()

    response = api_as(sr.dea).post(
        f"/api/support-requests/{sr.pk}/accept/",
        {"channel": "skill_conference"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    assert len(response.json()["activities"]) == 1


def test_accepting_a_skill_request_with_a_claimant_channel_is_refused():
    sr = SupportRequestFactory(skill=True)
    for channel in ("case_conference", "three_way", "group_conference_case"):
        response = api_as(sr.dea).post(
            f"/api/support-requests/{sr.pk}/accept/", {"channel": channel}, format="json"
        )
        assert response.status_code == 400, response.content
        assert response.json()["errors"] == {
            "channel": [
                "A skill support request has no claimant: choose a skill conference "
                "or informational support"
            ]
        }
    assert SupportRequest.objects.get(pk=sr.pk).state == "submitted"
    assert not SupportRequestEvent.objects.filter(support_request=sr).exists()
