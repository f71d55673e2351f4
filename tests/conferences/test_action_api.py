"""``/api/actions/`` (API.md): what outcomes gave partners to do, and marking one done.

A partner sees the actions given to them; whoever may see the activity an action came from
sees it too, as they do on that activity's page. Only the partner completes it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conferences.models import Action, PartnerCoverage
from conferences.services import activity_record_outcome
from jomcase.models import Role
from tests.conferences.page_helpers import held
from tests.conftest import api_as
from tests.factories import StaffFactory, an_activity

pytestmark = pytest.mark.django_db

LIST = "/api/actions/"
FIELDS = {
    "id",
    "kind",
    "assignee",
    "claimant",
    "due",
    "state",
    "origin_activity",
    "note",
    "created_at",
    "completed_at",
    "completion_note",
}


def complete(action) -> str:
    return f"{LIST}{action.pk}/complete/"


@pytest.fixture
def psychologist():
    return StaffFactory(roles=[Role.WORK_PSYCHOLOGIST])


def an_action(psychologist, **activity_kwargs) -> Action:
    """A held case conference whose outcome gives the work psychologist an action."""
    activity = held(an_activity("case_conference", **activity_kwargs))
    PartnerCoverage.objects.get_or_create(
        staff=psychologist,
        jobcentre=activity.claimant.work_coach.jobcentre,
        role=Role.WORK_PSYCHOLOGIST,
        start=dt.date(2020, 1, 1),
    )
    activity_record_outcome(
        activity_id=activity.pk,
        actor=activity.dea,
        outcomes=["work_psychologist_action"],
        summary="An assessment of adjustments at work.",
    )
    return Action.objects.get(origin_activity=activity)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_partner_lists_their_actions_with_the_documented_fields(psychologist):
    action = an_action(psychologist)
    response = api_as(psychologist).get(LIST)
    assert ids(response) == [action.pk]
    (row,) = response.json()["results"]
    assert set(row) == FIELDS
    assert (row["kind"], row["state"], row["assignee"]) == (
        "work_psychologist",
        "open",
        psychologist.pk,
    )
    assert (row["claimant"], row["origin_activity"]) == (
        action.claimant_id,
        action.origin_activity_id,
    )
    assert row["due"] == action.due.isoformat()


def test_the_list_shows_what_the_caller_may_see_and_filters(psychologist):
    mine = an_action(psychologist)
    dea = mine.origin_activity.dea
    other = an_action(psychologist)
    stranger_partner = StaffFactory(roles=[Role.EMPLOYER_ADVISER])
    assert sorted(ids(api_as(psychologist).get(LIST))) == sorted([mine.pk, other.pk])
    assert ids(api_as(dea).get(LIST)) == [mine.pk]  # from an activity the DEA led
    assert ids(api_as(mine.origin_activity.work_coach).get(LIST)) == [mine.pk]
    assert ids(api_as(stranger_partner).get(LIST)) == []
    assert ids(api_as(StaffFactory(analyst=True)).get(LIST)) == []
    client = api_as(psychologist)
    assert ids(client.get(LIST, {"claimant": other.claimant_id})) == [other.pk]
    assert ids(client.get(LIST, {"origin_activity": mine.origin_activity_id})) == [mine.pk]
    assert ids(client.get(LIST, {"state": "done"})) == []
    assert ids(client.get(LIST, {"kind": "employer_adviser"})) == []
    assert len(ids(client.get(LIST, {"assignee": psychologist.pk}))) == 2


@pytest.mark.parametrize(("rows", "query"), [(25, {}), (200, {"page_size": 200})])
def test_the_list_runs_the_same_queries_whatever_its_length(
    psychologist, django_assert_num_queries, rows, query
):
    first = an_action(psychologist)
    Action.objects.bulk_create(
        [
            Action(
                kind="work_psychologist",
                assignee=psychologist,
                claimant=first.claimant,
                origin_activity=first.origin_activity,
                due=first.due + dt.timedelta(days=n),
            )
            for n in range(rows - 1)
        ]
    )
    token, _ = Token.objects.get_or_create(user=psychologist)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    with django_assert_num_queries(4):  # token and user, roles, count, page
        response = client.get(LIST, query)
    assert len(response.json()["results"]) == rows


def test_the_partner_completes_their_action(psychologist):
    action = an_action(psychologist)
    response = api_as(psychologist).post(
        complete(action), {"note": "Assessment booked for Monday."}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"]) == (action.pk, "done")
    assert body["completion_note"] == "Assessment booked for Monday." and body["completed_at"]
    history = action.origin_activity.events.order_by("at", "id").last()
    assert history.action == "action_done" and history.by == psychologist


def test_completing_twice_is_409_and_unchanged(psychologist):
    action = an_action(psychologist)
    api_as(psychologist).post(complete(action), {"note": "Done."}, format="json")
    before = Action.objects.values().get(pk=action.pk)
    response = api_as(psychologist).post(complete(action), {"note": "Again"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert Action.objects.values().get(pk=action.pk) == before


def test_only_the_partner_completes_it(psychologist, api):
    action = an_action(psychologist)
    before = Action.objects.values().get(pk=action.pk)
    # The DEA sees it through the activity but it is not theirs: 403; others do not see it.
    response = api_as(action.origin_activity.dea).post(complete(action), format="json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    for outsider in (StaffFactory(roles=[Role.WORK_PSYCHOLOGIST]), StaffFactory(analyst=True)):
        response = api_as(outsider).post(complete(action), format="json")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert api.post(complete(action), format="json").status_code == 401
    assert Action.objects.values().get(pk=action.pk) == before
