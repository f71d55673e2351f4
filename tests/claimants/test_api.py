"""The claimants API as a client sees it (API.md, ``/api/claimants/``).

Lists are scoped to the caller and paginated, filters are named after fields, writes give the
contract's error body, a refused write saves nothing, every read of one record is logged, and
the list runs the same number of queries whatever its length (DESIGN.md section 11).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claimants.models import Claimant
from claimants.serializers import ClaimantOutput
from jomcase.models import AccessLog, Staff
from tests.factories import ClaimantFactory, StaffFactory, TeamFactory, join_team

pytestmark = pytest.mark.django_db

LIST = "/api/claimants/"
NEW = {"nino": "ab 12 34 56 c", "surname": "Okafor", "forenames": "Ada", "benefits": ["uc"]}


def detail(claimant) -> str:
    return f"/api/claimants/{claimant.pk}/"


def client_for(user) -> APIClient:
    """A client that signs in with a token, as an API client would; roles are read afresh."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def stored(claimant) -> dict:
    fresh = Claimant.objects.get(pk=claimant.pk)
    return {**model_to_dict(fresh), "non_benefit": fresh.non_benefit}


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def team():
    """A team led by a WCTL, with two coaches each holding claimants."""
    team = TeamFactory()
    for _ in range(2):
        coach = StaffFactory(work_coach=True)
        join_team(coach, team)
        ClaimantFactory.create_batch(2, work_coach=coach)
    return team


# --- who sees what ------------------------------------------------------------------------


def test_a_work_coach_lists_only_their_own_claimants(work_coach):
    mine = ClaimantFactory.create_batch(3, work_coach=work_coach)
    ClaimantFactory.create_batch(2)  # other coaches'
    assert ids(client_for(work_coach).get(LIST)) == {c.pk for c in mine}


def test_a_team_leader_lists_the_claimants_of_their_teams_coaches(team):
    ClaimantFactory.create_batch(2)  # another team's
    team_claimants = Claimant.objects.filter(work_coach__team_memberships__team=team)
    assert team_claimants.count() == 4
    assert ids(client_for(team.leader).get(LIST)) == set(
        team_claimants.values_list("pk", flat=True)
    )


def test_a_coach_who_left_the_team_is_no_longer_in_the_leaders_view(team):
    leaver = team.memberships.first()
    leaver.end = leaver.start
    leaver.save(update_fields=["end"])
    visible = ids(client_for(team.leader).get(LIST))
    assert visible.isdisjoint(leaver.staff.caseload.values_list("pk", flat=True))
    assert len(visible) == 2


def test_an_analyst_is_forbidden(analyst):
    ClaimantFactory()
    assert_error(client_for(analyst).get(LIST), 403, "forbidden")
    assert_error(client_for(analyst).post(LIST, NEW, format="json"), 403, "forbidden")
    assert Claimant.objects.count() == 1


def test_without_signing_in_the_answer_is_401(api):
    claimant = ClaimantFactory()
    response = api.get(LIST)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")
    assert_error(api.get(detail(claimant)), 401, "not_authenticated")
    assert_error(api.post(LIST, NEW, format="json"), 401, "not_authenticated")
    assert Claimant.objects.count() == 1


def test_a_wrong_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert_error(api.get(LIST), 401, "not_authenticated")


# --- filters and pages --------------------------------------------------------------------


def test_filters_are_named_after_fields(work_coach):
    uc = ClaimantFactory(work_coach=work_coach, surname="Adams", nino="AB123456C")
    pip = ClaimantFactory(work_coach=work_coach, surname="Baker", non_benefit=True)
    jsa = ClaimantFactory(
        work_coach=work_coach,
        surname="Adams",
        benefits=["jsa"],
        regime="jsa",
        conditionality="voluntary",
        nino="CE000001D",
    )
    client = client_for(work_coach)
    assert ids(client.get(LIST, {"nino": "ab 12 34 56 c"})) == {uc.pk}
    assert ids(client.get(LIST, {"surname": "adams"})) == {uc.pk, jsa.pk}
    assert ids(client.get(LIST, {"benefits": "jsa"})) == {jsa.pk}
    assert ids(client.get(LIST, {"benefits": "pip"})) == {pip.pk}
    assert ids(client.get(LIST, {"regime": "jsa"})) == {jsa.pk}
    assert ids(client.get(LIST, {"conditionality": "voluntary"})) == {jsa.pk}
    assert ids(client.get(LIST, {"conditionality": "mandatory"})) == {uc.pk, pip.pk}
    assert ids(client.get(LIST, {"non_benefit": "true"})) == {pip.pk}
    assert ids(client.get(LIST, {"non_benefit": "false"})) == {uc.pk, jsa.pk}
    assert ids(client.get(LIST, {"work_coach": work_coach.pk})) == {uc.pk, pip.pk, jsa.pk}


def test_a_filter_cannot_reach_past_the_callers_scope(work_coach):
    theirs = ClaimantFactory(nino="AB123456C")
    client = client_for(work_coach)
    assert ids(client.get(LIST, {"nino": "AB123456C"})) == set()
    assert ids(client.get(LIST, {"work_coach": theirs.work_coach_id})) == set()


def test_an_unknown_filter_value_is_400(work_coach):
    body = assert_error(client_for(work_coach).get(LIST, {"benefits": "pension"}), 400, "invalid")
    assert "benefits" in body["errors"]


def test_lists_are_paginated_with_count_next_and_previous(work_coach):
    ClaimantFactory.create_batch(5, work_coach=work_coach)
    client = client_for(work_coach)
    first = client.get(LIST, {"page_size": 2}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["previous"] is not None
    last = client.get(LIST, {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    seen = {r["id"] for page in (first, second, last) for r in page["results"]}
    assert len(seen) == 5


def test_page_size_is_capped_at_200(work_coach):
    ClaimantFactory.create_batch(201, work_coach=work_coach)
    body = client_for(work_coach).get(LIST, {"page_size": 1000}).json()
    assert body["count"] == 201
    assert len(body["results"]) == 200


def test_a_page_past_the_end_is_404(work_coach):
    ClaimantFactory(work_coach=work_coach)
    assert_error(client_for(work_coach).get(LIST, {"page": 9}), 404, "not_found")


@pytest.mark.parametrize(("rows", "query"), [(25, {}), (200, {"page_size": 200})])
def test_the_list_runs_the_same_queries_whatever_its_length(
    work_coach, django_assert_num_queries, rows, query
):
    ClaimantFactory.create_batch(rows, work_coach=work_coach)
    client = client_for(work_coach)
    with django_assert_num_queries(4):  # token and user, roles, count, page of claimants
        response = client.get(LIST, query)
    assert len(response.json()["results"]) == rows


def test_a_team_leaders_list_runs_the_same_queries(team, django_assert_num_queries):
    client = client_for(team.leader)
    with django_assert_num_queries(4):  # token and user, roles, count, page of claimants
        response = client.get(LIST)
    assert response.json()["count"] == 4


def test_the_written_out_shape_is_what_drfs_fields_would_give(work_coach):
    """ClaimantOutput writes its values directly for speed; its declared fields must agree."""
    winter = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)  # London is on UTC: "Z"
    summer = dt.datetime(2025, 7, 15, 9, 30, 15, 123456, tzinfo=dt.UTC)  # London is UTC+1
    ClaimantFactory(work_coach=work_coach, created_at=winter)
    ClaimantFactory(
        work_coach=None,
        non_benefit=True,
        vulnerability_exception="Clearly vulnerable",
        accessible_formats=["braille", "large_print"],
        self_harm_declared=True,
        caseload_type="disabled",
        created_at=summer,
    )
    fast = ClaimantOutput()
    for claimant in Claimant.objects.all():
        field_by_field = serializers.ModelSerializer.to_representation(fast, claimant)
        written_out = fast.to_representation(claimant)
        assert list(written_out) == list(field_by_field)
        assert written_out == dict(field_by_field)
    assert {c["created_at"] for c in ClaimantOutput(Claimant.objects.all(), many=True).data} == {
        "2025-01-15T09:30:00Z",
        "2025-07-15T10:30:15.123456+01:00",
    }


# --- creating -----------------------------------------------------------------------------


def test_post_creates_on_the_callers_caseload_with_the_nino_normalised(work_coach):
    response = client_for(work_coach).post(LIST, NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nino"] == "AB123456C"
    assert body["work_coach"] == work_coach.pk
    assert body["benefits"] == ["uc"]
    assert body["non_benefit"] is False
    assert body["vulnerability_exception"] is None
    claimant = Claimant.objects.get(pk=body["id"])
    assert (claimant.nino, claimant.work_coach) == ("AB123456C", work_coach)


def test_post_of_a_claimant_on_no_benefit_is_non_benefit(work_coach):
    response = client_for(work_coach).post(LIST, {**NEW, "benefits": []}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["non_benefit"] is True


def test_a_team_leader_creates_for_a_coach_on_their_team(team):
    coach = team.memberships.first().staff
    response = client_for(team.leader).post(LIST, {**NEW, "work_coach": coach.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["work_coach"] == coach.pk


@pytest.mark.parametrize(
    ("bad", "fields"),
    [
        ({"nino": "QQ 12 34 56 C"}, {"nino"}),
        ({"nino": "BG123456A"}, {"nino"}),
        ({"benefits": ["uc", "pension"]}, {"benefits"}),
        ({"surname": " "}, {"surname"}),
        ({"nino": "AO123456A", "forenames": ""}, {"nino", "forenames"}),
        ({"regime": "retired"}, {"regime"}),
        ({"conditionality": "sometimes"}, {"conditionality"}),
        ({"benefits": "uc"}, {"benefits"}),
        ({"work_coach": 999_999}, {"work_coach"}),
    ],
)
def test_post_with_bad_input_is_400_per_field_and_saves_nothing(work_coach, bad, fields):
    response = client_for(work_coach).post(LIST, {**NEW, **bad}, format="json")
    body = assert_error(response, 400, "invalid")
    assert set(body["errors"]) == fields
    assert all(isinstance(m, str) for msgs in body["errors"].values() for m in msgs)
    assert any(body["detail"] in messages for messages in body["errors"].values())
    assert Claimant.objects.count() == 0


def test_post_missing_a_required_field_names_it(work_coach):
    response = client_for(work_coach).post(LIST, {"nino": "AB123456C"}, format="json")
    body = assert_error(response, 400, "invalid")
    assert set(body["errors"]) == {"surname", "forenames", "benefits"}
    assert Claimant.objects.count() == 0


def test_post_of_a_nino_already_recorded_is_400(work_coach):
    existing = ClaimantFactory(nino="AB123456C")
    before = stored(existing)
    response = client_for(work_coach).post(LIST, NEW, format="json")
    body = assert_error(response, 400, "invalid")
    assert "already recorded" in body["errors"]["nino"][0]
    assert Claimant.objects.count() == 1
    assert stored(existing) == before


def test_post_onto_a_coach_outside_the_callers_team_is_400(work_coach):
    other = StaffFactory(work_coach=True)
    response = client_for(work_coach).post(LIST, {**NEW, "work_coach": other.pk}, format="json")
    assert set(assert_error(response, 400, "invalid")["errors"]) == {"work_coach"}
    assert Claimant.objects.count() == 0


def test_read_only_fields_in_a_post_are_ignored(work_coach):
    response = client_for(work_coach).post(
        LIST, {**NEW, "non_benefit": True, "id": 12345}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["non_benefit"] is False
    assert response.json()["id"] != 12345


# --- reading one --------------------------------------------------------------------------


def test_every_read_writes_one_access_log_row(work_coach):
    claimant = ClaimantFactory(work_coach=work_coach)
    client = client_for(work_coach)
    for n in (1, 2):
        response = client.get(detail(claimant))
        assert response.status_code == 200
        assert response.json()["nino"] == claimant.nino
        assert AccessLog.objects.count() == n
    row = AccessLog.objects.first()
    assert (row.staff, row.record_type, row.record_id) == (
        work_coach,
        "claimants.claimant",
        claimant.pk,
    )
    assert row.via == detail(claimant)


def test_the_list_does_not_write_the_access_log(work_coach):
    ClaimantFactory(work_coach=work_coach)
    client_for(work_coach).get(LIST)
    assert AccessLog.objects.count() == 0


def test_another_coachs_claimant_is_404_and_not_logged(work_coach):
    theirs = ClaimantFactory()
    body = assert_error(client_for(work_coach).get(detail(theirs)), 404, "not_found")
    assert theirs.surname not in str(body)
    assert AccessLog.objects.count() == 0


def test_a_claimant_that_does_not_exist_looks_the_same_as_a_hidden_one(work_coach):
    theirs = ClaimantFactory()
    client = client_for(work_coach)
    hidden = client.get(detail(theirs))
    missing = client.get(f"/api/claimants/{theirs.pk + 1000}/")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_a_team_leader_reads_their_teams_claimant_and_is_logged(team):
    claimant = Claimant.objects.filter(work_coach__team_memberships__team=team).first()
    assert client_for(team.leader).get(detail(claimant)).status_code == 200
    assert AccessLog.objects.get().staff == team.leader


# --- changing -----------------------------------------------------------------------------


def test_the_holding_coach_patches_details(work_coach):
    claimant = ClaimantFactory(work_coach=work_coach, benefits=["uc"])
    response = client_for(work_coach).patch(
        detail(claimant), {"surname": "Newname", "benefits": ["pip"], "regime": ""}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["surname"], body["benefits"], body["non_benefit"]) == ("Newname", ["pip"], True)
    fresh = Claimant.objects.get(pk=claimant.pk)
    assert (fresh.surname, fresh.non_benefit) == ("Newname", True)


def test_vulnerability_exception_is_set_and_set_back_to_null(work_coach):
    claimant = ClaimantFactory(work_coach=work_coach, non_benefit=True)
    client = client_for(work_coach)
    set_it = client.patch(
        detail(claimant), {"vulnerability_exception": "Clearly vulnerable"}, format="json"
    )
    assert set_it.status_code == 200, set_it.content
    assert set_it.json()["vulnerability_exception"] == "Clearly vulnerable"
    assert Claimant.objects.get(pk=claimant.pk).vulnerability_exception == "Clearly vulnerable"
    cleared = client.patch(detail(claimant), {"vulnerability_exception": None}, format="json")
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["vulnerability_exception"] is None
    assert Claimant.objects.get(pk=claimant.pk).vulnerability_exception is None


def test_patch_with_a_bad_nino_is_400_and_changes_nothing(work_coach):
    claimant = ClaimantFactory(work_coach=work_coach)
    before = stored(claimant)
    response = client_for(work_coach).patch(
        detail(claimant), {"nino": "AB123456E", "surname": "Other"}, format="json"
    )
    assert set(assert_error(response, 400, "invalid")["errors"]) == {"nino"}
    assert stored(claimant) == before


def test_patch_by_a_team_leader_of_another_team_is_404_and_changes_nothing(team):
    other_team = TeamFactory()
    coach = StaffFactory(work_coach=True)
    join_team(coach, other_team)
    claimant = ClaimantFactory(work_coach=coach)
    before = stored(claimant)
    response = client_for(team.leader).patch(detail(claimant), {"surname": "X"}, format="json")
    assert_error(response, 404, "not_found")
    assert stored(claimant) == before


def test_patch_by_another_coach_is_404_and_changes_nothing(work_coach):
    claimant = ClaimantFactory()
    before = stored(claimant)
    response = client_for(work_coach).patch(detail(claimant), {"surname": "X"}, format="json")
    assert_error(response, 404, "not_found")
    assert stored(claimant) == before


def test_the_team_leader_moves_a_claimant_between_their_coaches(team):
    first, second = (m.staff for m in team.memberships.all()[:2])
    claimant = first.caseload.first()
    response = client_for(team.leader).patch(
        detail(claimant), {"work_coach": second.pk, "surname": "Moved"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["work_coach"], response.json()["surname"]) == (second.pk, "Moved")
    assert claimant.transfers.order_by("at", "id").last().from_work_coach == first


def test_roles_are_read_afresh_on_every_request(work_coach):
    """A role that has ended stops giving access on the very next request."""
    claimant = ClaimantFactory(work_coach=work_coach)
    client = client_for(work_coach)
    assert client.get(detail(claimant)).status_code == 200
    Staff.objects.get(pk=work_coach.pk).role_assignments.update(end="2020-01-01")
    assert_error(client.get(detail(claimant)), 403, "forbidden")


def test_patch_cannot_move_a_claimant_to_a_coach_off_the_callers_team():
    coach, stranger = StaffFactory(work_coach=True), StaffFactory(work_coach=True)
    claimant = ClaimantFactory(work_coach=coach)
    response = client_for(coach).patch(detail(claimant), {"work_coach": stranger.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["work_coach"] == ["Choose a work coach on your team"]
    claimant.refresh_from_db()
    assert claimant.work_coach == coach
