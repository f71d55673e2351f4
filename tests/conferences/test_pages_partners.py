"""Partners' actions, and the team leader's pages for claimant support interventions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conferences.models import (
    Action,
    ActionState,
    Activity,
    ActivityEvent,
    ActivityKind,
    ActivityState,
    CsiApproval,
)
from jomcase.models import Notification, Role
from tests.conferences.page_helpers import booked, error_summary, held, html, text
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    an_activity,
    managed_by,
)

pytestmark = pytest.mark.django_db

ACTIONS = reverse("conferences:actions")
APPROVALS = reverse("conferences:csi_approvals")
REQUEST = reverse("conferences:csi_request")


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


# Partner actions


@pytest.fixture
def psychologist(db):
    return StaffFactory(roles=[Role.WORK_PSYCHOLOGIST], first_name="Pat", last_name="Psych")


@pytest.fixture
def origin(db):
    claimant = ClaimantFactory(forenames="Sam", surname="Jones")
    return held(an_activity("case_conference", claimant=claimant))


def give(psychologist, origin, n: int = 1, *, due_in: int = 5) -> list[Action]:
    today = timezone.localdate()
    return Action.objects.bulk_create(
        Action(
            kind="work_psychologist",
            assignee=psychologist,
            claimant=origin.claimant,
            origin_activity=origin,
            note=f"Advise on adjustments {i}",
            due=today + dt.timedelta(days=due_in + i),
        )
        for i in range(n)
    )


def test_a_partner_sees_their_open_actions_by_due_date_with_overdue_tagged(
    client, psychologist, origin
):
    [later] = give(psychologist, origin, due_in=3)
    [overdue] = give(psychologist, origin, due_in=-2)
    give(StaffFactory(roles=[Role.WORK_PSYCHOLOGIST]), origin)  # someone else's
    client.force_login(psychologist)
    response = client.get(ACTIONS)
    assert response.status_code == 200
    page = text(response)
    assert "2 open, of which 1 overdue" in page
    assert page.index(f"{overdue.due:%-d %b %Y}") < page.index(f"{later.due:%-d %b %Y}")
    assert page.count("Overdue") == 1
    assert "Sam Jones" in page and origin.claimant.nino_display in page
    assert f"Case conference (activity {origin.pk})" in page
    assert len(re.findall(rf"{ACTIONS}\d+/done/", html(response))) == 2


def test_actions_are_for_partners(client):
    for person in (
        StaffFactory(work_coach=True),
        StaffFactory(dea=True),
        StaffFactory(analyst=True),
    ):
        client.force_login(person)
        assert client.get(ACTIONS).status_code == 403
    for role in (Role.EMPLOYER_ADVISER, Role.TPP_MANAGER):
        client.force_login(StaffFactory(roles=[role]))
        assert client.get(ACTIONS).status_code == 200


def test_marking_an_action_done(client, psychologist, origin):
    [action] = give(psychologist, origin)
    done_url = reverse("conferences:action_done", args=[action.pk])
    client.force_login(psychologist)
    assert "Advise on adjustments 0" in text(client.get(done_url))
    response = client.post(done_url, {"note": "Advice sent to the coach"}, follow=True)
    assert "Work psychologist action marked as done" in text(response)
    action.refresh_from_db()
    assert (action.state, action.completion_note) == (ActionState.DONE, "Advice sent to the coach")
    assert ActivityEvent.objects.filter(activity=origin, action="action_done").exists()
    told = Notification.objects.filter(title="Work psychologist action done")
    assert set(told.values_list("recipient", flat=True)) == {origin.dea_id, origin.work_coach_id}
    assert "Advice sent to the coach" in told.first().body
    done = client.get(ACTIONS, {"show": "done"})
    assert "Advice sent to the coach" in text(done)
    # Doing it again changes nothing.
    response = client.post(done_url, {"note": "Again"})
    assert response.status_code == 200
    assert error_summary(response) == ["This action is already done, so nothing was changed"]
    action.refresh_from_db()
    assert action.completion_note == "Advice sent to the coach"


def test_another_partners_action_is_not_found(client, psychologist, origin):
    [action] = give(psychologist, origin)
    client.force_login(StaffFactory(roles=[Role.WORK_PSYCHOLOGIST]))
    done_url = reverse("conferences:action_done", args=[action.pk])
    assert client.get(done_url).status_code == 404
    assert client.post(done_url, {"note": "x"}).status_code == 404
    action.refresh_from_db()
    assert action.state == ActionState.OPEN


def test_the_actions_list_runs_the_same_queries_for_5_and_25_rows(client, psychologist, origin):
    give(psychologist, origin, 5)
    client.force_login(psychologist)
    # session, user and roles, count, page with claimant and origin, the open/overdue counts
    assert count_queries(client, ACTIONS) == 5
    give(psychologist, origin, 20)
    assert count_queries(client, ACTIONS) == 5
    Action.objects.update(state=ActionState.DONE, completed_at=timezone.now())
    assert count_queries(client, ACTIONS, {"show": "done"}) == 5


# Claimant support interventions beyond three


@pytest.fixture
def team(db):
    """A WCTL managing a DEA whose cohort holds a coach."""
    leader = StaffFactory(wctl=True, first_name="Tess", last_name="Leader")
    dea = StaffFactory(dea=True, first_name="Dee", last_name="Adviser")
    managed_by(dea, leader)
    coach = StaffFactory(work_coach=True)
    add_member(CohortFactory(dea=dea), coach)
    return leader, dea, coach


def csis_for(claimant, dea, n: int, *, hour: int = 10) -> None:
    for days in range(2, 2 + n):
        csi = an_activity("claimant_support_intervention", claimant=claimant, dea=dea)
        booked(csi, days=days, hour=hour)


def test_the_team_leader_sees_claimants_at_the_cap(client, team):
    leader, dea, coach = team
    at_cap = ClaimantFactory(work_coach=coach, forenames="Cap", surname="Reached")
    csis_for(at_cap, dea, 3)
    under = ClaimantFactory(work_coach=coach, forenames="Not", surname="Yet")
    csis_for(under, dea, 2, hour=14)
    client.force_login(leader)
    response = client.get(APPROVALS)
    assert response.status_code == 200
    page = text(response)
    assert "Cap Reached" in page and "Not Yet" not in page
    assert "Dee Adviser 3 3 Allow one more" in page
    # Another team leader sees none of them.
    client.force_login(StaffFactory(wctl=True))
    assert "None of your DEAs' claimants has reached their limit" in text(client.get(APPROVALS))


def test_approvals_are_for_team_leaders(client, team):
    _, dea, coach = team
    for person in (coach, dea, StaffFactory(sdtl=True), StaffFactory(analyst=True)):
        client.force_login(person)
        assert client.get(APPROVALS).status_code == 403


def test_approving_one_more(client, team):
    leader, dea, coach = team
    claimant = ClaimantFactory(work_coach=coach, forenames="Cap", surname="Reached")
    csis_for(claimant, dea, 3)
    approve = reverse("conferences:csi_approve", args=[claimant.pk])
    client.force_login(leader)
    assert "They have had 3 and are allowed 3" in text(client.get(approve))
    response = client.post(approve, {"reason": ""})
    assert error_summary(response) == ["Enter the exceptional circumstances"]
    assert not CsiApproval.objects.exists()
    response = client.post(approve, {"reason": "Recent bereavement"}, follow=True)
    assert "Cap Reached may have one more claimant support intervention" in text(response)
    approval = CsiApproval.objects.get()
    assert (approval.claimant, approval.approved_by) == (claimant, leader)
    page = text(response)
    assert "Recent bereavement" in page
    assert "None of your DEAs' claimants has reached their limit" in page


def test_another_team_leader_may_not_approve(client, team):
    _, dea, coach = team
    claimant = ClaimantFactory(work_coach=coach)
    csis_for(claimant, dea, 3)
    approve = reverse("conferences:csi_approve", args=[claimant.pk])
    client.force_login(StaffFactory(wctl=True))
    assert client.get(approve).status_code == 403
    assert client.post(approve, {"reason": "x"}).status_code == 403
    assert not CsiApproval.objects.exists()


def test_the_cap_list_runs_the_same_queries_for_5_and_25_claimants(client, team):
    leader, dea, coach = team

    def at_cap(n):
        claimants = [ClaimantFactory(work_coach=coach) for _ in range(n)]
        Activity.objects.bulk_create(
            Activity(
                kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
                state=ActivityState.BOOKED,
                claimant=c,
                dea=dea,
                created_by=dea,
            )
            for c in claimants
            for _ in range(3)
        )
        CsiApproval.objects.bulk_create(
            CsiApproval(claimant=c, approved_by=leader, reason="Earlier") for c in claimants
        )
        Activity.objects.bulk_create(
            Activity(
                kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
                state=ActivityState.HELD,
                claimant=c,
                dea=dea,
                created_by=dea,
            )
            for c in claimants
        )

    at_cap(5)
    client.force_login(leader)
    # session, user and roles, count, page of claimants with their figures, their DEAs, approvals
    assert count_queries(client, APPROVALS) == 6
    at_cap(20)
    assert count_queries(client, APPROVALS) == 6
    assert "4 4 Allow one more" in text(client.get(APPROVALS))


def test_a_team_leader_asks_a_dea_for_a_csi_directly(client, team):
    leader, dea, coach = team
    claimant = ClaimantFactory(work_coach=coach, surname="Jones")
    for person, lands_on_activity in ((StaffFactory(sdtl=True), False), (leader, True)):
        client.force_login(person)
        response = client.post(
            REQUEST, {"nino": claimant.nino, "surname": "Smith", "reason": "Crisis"}
        )
        assert error_summary(response) == [
            "No claimant has that National Insurance number and surname. Check both"
        ]
        response = client.post(
            REQUEST,
            {"nino": claimant.nino_display.lower(), "surname": "jones", "reason": "Crisis"},
            follow=True,
        )
        assert "Dee Adviser was asked for a claimant support intervention" in text(response)
        activity = Activity.objects.filter(claimant=claimant).latest("pk")
        assert (activity.kind, activity.state, activity.dea) == (
            "claimant_support_intervention",
            "awaiting_consent",
            dea,
        )
        landed = response.redirect_chain[-1][0]
        expected = (
            reverse("conferences:activity", args=[activity.pk]) if lands_on_activity else REQUEST
        )
        assert landed == expected


def test_asking_directly_is_for_team_leaders(client, team):
    _, dea, coach = team
    for person in (coach, dea, StaffFactory(analyst=True)):
        client.force_login(person)
        assert client.get(REQUEST).status_code == 403
    client.force_login(StaffFactory(sdtl=True))
    response = client.post(REQUEST, {"nino": "QQ123456C", "surname": "x", "reason": ""})
    assert error_summary(response) == [
        "A National Insurance number cannot start with Q",
        "Enter why a claimant support intervention is needed",
    ]
