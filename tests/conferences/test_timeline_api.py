"""``/api/claimants/{id}/timeline/`` (API.md): the claimant's whole chain with the DEA, oldest
first, for those who may see the claimant; each read is access-logged like the record's."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conferences.models import PartnerCoverage
from conferences.selectors import claimant_timeline
from conferences.services import activity_record_outcome, support_request_accept
from jomcase.models import AccessLog, Role
from tests.conferences.page_helpers import consented, held
from tests.conftest import api_as
from tests.factories import StaffFactory, TeamFactory, a_request_in_cohort, an_activity, join_team

pytestmark = pytest.mark.django_db


def timeline(claimant) -> str:
    return f"/api/claimants/{claimant.pk}/timeline/"


@pytest.fixture
def chain():
    """A request accepted as a three-way, consented, held, with two outcomes."""
    sr = a_request_in_cohort()
    psychologist = StaffFactory(roles=[Role.WORK_PSYCHOLOGIST])
    PartnerCoverage.objects.create(
        staff=psychologist,
        jobcentre=sr.claimant.work_coach.jobcentre,
        role=Role.WORK_PSYCHOLOGIST,
        start=dt.date(2020, 1, 1),
    )
    support_request_accept(request_id=sr.pk, actor=sr.dea, channel="three_way")
    three_way = sr.activities.get()
    held(consented(three_way))
    activity_record_outcome(
        activity_id=three_way.pk,
        actor=sr.requester,
        outcomes=["claimant_support_intervention", "work_psychologist_action"],
        summary="Agreed next steps.",
    )
    return sr, three_way


def test_the_timeline_lists_the_whole_chain_oldest_first(chain):
    sr, three_way = chain
    response = api_as(sr.requester).get(timeline(sr.claimant), {"page_size": 200})
    assert response.status_code == 200, response.content
    items = response.json()["results"]
    assert response.json()["count"] == len(items) == len(claimant_timeline(sr.claimant))
    assert all(
        set(item) == {"type", "at", "id", "title", "summary", "activity", "support_request"}
        for item in items
    )
    at = [dt.datetime.fromisoformat(item["at"]) for item in items]
    assert at == sorted(at)
    types = [item["type"] for item in items]
    assert types[0] == "support_request" and items[0]["id"] == sr.pk
    assert items[0]["support_request"] == sr.pk
    for expected in ("support_request_event", "activity", "consent", "activity_event"):
        assert expected in types
    assert types.count("outcome") == 2 and types.count("action") == 1
    activity_item = next(item for item in items if item["type"] == "activity")
    assert (activity_item["id"], activity_item["activity"]) == (three_way.pk, three_way.pk)
    assert activity_item["support_request"] is None


def test_the_timeline_is_paginated(chain):
    sr, _ = chain
    body = api_as(sr.requester).get(timeline(sr.claimant), {"page_size": 3}).json()
    assert len(body["results"]) == 3 and body["count"] > 3 and body["next"]


def test_each_read_is_access_logged(chain):
    sr, _ = chain
    team = TeamFactory()
    join_team(sr.requester, team)
    for reader in (sr.requester, team.leader):
        assert api_as(reader).get(timeline(sr.claimant)).status_code == 200
    logged = AccessLog.objects.order_by("at", "id")
    assert [(e.staff_id, e.record_type, e.record_id, e.via) for e in logged] == [
        (reader.pk, "claimants.claimant", sr.claimant_id, timeline(sr.claimant))
        for reader in (sr.requester, team.leader)
    ]


def test_someone_who_may_not_see_the_claimant_gets_404_and_nothing_is_logged(chain):
    sr, _ = chain
    for outsider in (
        StaffFactory(work_coach=True),
        StaffFactory(dea=True),
        StaffFactory(wctl=True),
    ):
        response = api_as(outsider).get(timeline(sr.claimant))
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert api_as(sr.requester).get("/api/claimants/999999/timeline/").status_code == 404
    assert not AccessLog.objects.exists()


def test_aggregate_only_roles_get_403_and_anonymous_401(chain, api):
    sr, _ = chain
    for person in (StaffFactory(analyst=True), StaffFactory(administrator=True)):
        response = api_as(person).get(timeline(sr.claimant))
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert api.get(timeline(sr.claimant)).status_code == 401
    assert not AccessLog.objects.exists()


def test_the_timeline_runs_the_same_queries_however_long_it_is(chain, django_assert_num_queries):
    sr, _ = chain
    token, _ = Token.objects.get_or_create(user=sr.requester)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    def count() -> int:
        # token and user, roles, the claimant, the access log row, seven for the timeline
        with django_assert_num_queries(11):
            response = client.get(timeline(sr.claimant), {"page_size": 200})
        return response.json()["count"]

    short = count()
    for n in range(10):
        held(an_activity("case_conference", claimant=sr.claimant, dea=sr.dea), days=-2 - n)
    assert count() == short + 30  # each held conference: proposed, booked, held
