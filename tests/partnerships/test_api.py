"""The strategies API (API.md, "The DEA's wider work"): proposing, listing with pinned query
counts, one strategy with its history, and the owner's agreement with its refusals."""

from __future__ import annotations

import pytest

from jomcase.models import Notification
from partnerships.models import Strategy
from partnerships.services import strategy_text_change
from tests.conftest import api_as
from tests.factories import StaffFactory, StrategyFactory, an_activity, managed_by
from tests.partnerships.builders import a_strategy

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "kind": "joint_local",
    "title": "Llwybr gwaith i bobl â chyflyrau cymhleth",
    "summary": "Claimants with complex conditions are passed between services; one plan.",
    "areas": ["condition_management", "provision"],
    "external_partners": ["Meddygfa Glan-y-Môr", "Stowarzyszenie Razem"],
}


def test_a_dea_proposes_and_their_team_leader_owns_it(people):
    conference = an_activity("case_conference", dea=people.dea)
    response = api_as(people.dea).post(
        "/api/strategies/",
        PROPOSAL
        | {
            "internal_partners": [people.psychologist.pk],
            "activities": [conference.pk],
            # Read-only: the owner comes from the line management, never from the caller.
            "owner": people.psychologist.pk,
            "dea": people.leader.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["dea"] == people.dea.pk and data["owner"] == people.leader.pk
    assert data["state"] == "proposed" and data["kind"] == "joint_local"
    assert data["areas"] == ["condition_management", "provision"]
    assert data["internal_partners"] == [people.psychologist.pk]
    assert data["external_partners"] == ["Meddygfa Glan-y-Môr", "Stowarzyszenie Razem"]
    assert data["activities"] == [conference.pk] and data["outcomes"] == []
    assert [(v["by"], v["state"]) for v in data["history"]] == [(people.dea.pk, "proposed")]
    assert Notification.objects.filter(recipient=people.leader).count() == 1


@pytest.mark.parametrize("role", ["wctl", "work_coach", "analyst", "employer_adviser"])
def test_only_a_dea_proposes(people, role):
    person = StaffFactory(roles=[role])
    for body in (PROPOSAL, {}):
        response = api_as(person).post("/api/strategies/", body, format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not Strategy.objects.exists()


def test_field_errors_are_400_and_save_nothing(people):
    client = api_as(people.dea)
    response = client.post(
        "/api/strategies/", PROPOSAL | {"areas": [], "kind": "picnic"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"areas", "kind"}
    theirs = an_activity("case_conference")
    response = client.post(
        "/api/strategies/", PROPOSAL | {"activities": [theirs.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"activities": ["Choose conferences that you led"]}
    assert not Strategy.objects.exists()


def test_a_dea_without_a_team_leader_is_told_why(people):
    lonely = StaffFactory(dea=True, first_name="Nguyễn Văn", last_name="An")
    response = api_as(lonely).post("/api/strategies/", PROPOSAL, format="json")
    assert response.status_code == 400
    assert "no line-managing work coach team leader" in response.json()["detail"]
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("rows", [25, 200])
def test_the_list_takes_the_same_queries_whatever_its_length(
    people, rows, django_assert_num_queries
):
    StrategyFactory.create_batch(rows, dea=people.dea, owner=people.leader)
    for strategy in Strategy.objects.all()[:3]:
        strategy.internal_partners.add(people.psychologist)
        strategy.activities.add(an_activity("case_conference", dea=people.dea))
    client = api_as(people.leader)
    people.leader.roles  # noqa: B018 - read once, as the sign-in does
    # count, strategies, partners, conferences, outcomes, actions, versions with their authors
    with django_assert_num_queries(7):
        data = client.get("/api/strategies/", {"page_size": 200}).json()
    assert data["count"] == rows and len(data["results"]) == rows
    assert data["results"][-1]["history"][0]["state"] == "proposed"


def test_the_list_is_scoped_and_filtered(people):
    mine = a_strategy(people.dea, kind="employer_engagement")
    other = StrategyFactory(kind="joint_local")
    assert [s["id"] for s in api_as(people.dea).get("/api/strategies/").json()["results"]] == [
        mine.pk
    ]
    admin = StaffFactory(administrator=True)
    listed = api_as(admin).get("/api/strategies/", {"kind": "joint_local"}).json()["results"]
    assert [s["id"] for s in listed] == [other.pk]
    for outsider in (StaffFactory(analyst=True), StaffFactory(wctl=True)):
        assert api_as(outsider).get("/api/strategies/").json()["count"] == 0


def test_one_strategy_with_each_version_of_its_text(people):
    strategy = a_strategy(people.dea)
    strategy_text_change(
        actor=people.leader,
        strategy_id=strategy.pk,
        title="Cymorth i hawlwyr â gorbryder ac iselder",
        summary="Also depression.",
    )
    data = api_as(people.dea).get(f"/api/strategies/{strategy.pk}/").json()
    assert [(v["by"], v["title"]) for v in data["history"]] == [
        (people.dea.pk, "Cymorth i hawlwyr â gorbryder"),
        (people.leader.pk, "Cymorth i hawlwyr â gorbryder ac iselder"),
    ]
    assert api_as(StaffFactory(dea=True)).get(f"/api/strategies/{strategy.pk}/").status_code == 404


def test_only_the_owner_agrees_and_only_once(people):
    strategy = a_strategy(people.dea, kind="joint_local")
    url = f"/api/strategies/{strategy.pk}/agree/"
    # A team leader who cannot see it is told it does not exist.
    stranger = StaffFactory(wctl=True, first_name="Bartosz", last_name="Zieliński")
    assert api_as(stranger).post(url).status_code == 404
    # A team leader who sees it (they manage the DEA now) but does not own it is refused.
    second = StaffFactory(wctl=True, first_name="Trần", last_name="Văn Minh")
    managed_by(people.dea, second)
    refused = api_as(second).post(url)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert api_as(people.dea).post(url).status_code == 403
    strategy.refresh_from_db()
    assert strategy.state == "proposed"

    agreed = api_as(people.leader).post(url)
    assert agreed.status_code == 200
    assert agreed.json()["state"] == "agreed" and agreed.json()["agreed_at"]
    again = api_as(people.leader).post(url)
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    assert Notification.objects.filter(recipient=people.dea).count() == 1


def test_the_schema_describes_the_strategies_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert set(schema["paths"]["/api/strategies/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/strategies/{strategy_id}/"]) == {"get"}
    assert set(schema["paths"]["/api/strategies/{strategy_id}/agree/"]) == {"post"}
    components = schema["components"]["schemas"]
    assert components["StrategyKind"]["enum"] == [
        "work_psychologist",
        "employer_engagement",
        "third_party_provision",
        "joint_local",
    ]
    assert components["StrategyArea"]["enum"] == [
        "condition_management",
        "employment",
        "provision",
        "awareness",
    ]
    assert components["StrategyState"]["enum"] == ["proposed", "agreed", "active", "closed"]
