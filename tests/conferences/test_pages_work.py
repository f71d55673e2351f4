"""The "your work" list and the home panels of DEAs, work coaches and partners."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conferences.models import Action, PartnerCoverage
from conferences.services import activity_cancel
from jomcase.models import Role
from tests.conferences.page_helpers import booked, held, html, text
from tests.factories import ClaimantFactory, StaffFactory, an_activity

pytestmark = pytest.mark.django_db

WORK = reverse("conferences:work")
ACTIVITIES = reverse("conferences:activity", args=[0]).removesuffix("0/")


def listed(response) -> list[int]:
    return [int(pk) for pk in re.findall(rf'href="{ACTIVITIES}(\d+)/"', html(response))]


@pytest.fixture
def dea(db):
    return StaffFactory(dea=True, first_name="Dee", last_name="Adviser")


@pytest.fixture
def coach(db):
    return StaffFactory(work_coach=True, first_name="Carol", last_name="Coach")


def work_for(dea, coach, n: int, kind="case_conference"):
    return [an_activity(kind, dea=dea, work_coach=coach) for _ in range(n)]


def test_the_list_shows_open_work_soonest_first_unbooked_last(client, dea, coach):
    unbooked = an_activity("case_conference", dea=dea, work_coach=coach)
    later = booked(an_activity("case_conference", dea=dea, work_coach=coach), days=5)
    sooner = booked(an_activity("three_way", dea=dea, work_coach=coach), days=2)
    gone = an_activity("case_conference", dea=dea, work_coach=coach)
    activity_cancel(activity_id=gone.pk, actor=dea, reason="No longer needed")
    someone_elses = an_activity("case_conference")
    client.force_login(coach)
    response = client.get(WORK)
    assert response.status_code == 200
    assert listed(response) == [sooner.pk, later.pk, unbooked.pk]
    assert someone_elses.pk not in listed(response)
    assert "Dee Adviser" in text(response)
    client.force_login(dea)
    assert "Carol Coach" in text(client.get(WORK))


def test_the_list_filters_by_kind_and_state(client, dea, coach):
    conference = an_activity("case_conference", dea=dea, work_coach=coach)
    three_way = an_activity("three_way", dea=dea, work_coach=coach)
    booked_one = booked(an_activity("skill_conference", dea=dea, work_coach=coach))
    client.force_login(dea)
    assert listed(client.get(WORK, {"kind": "three_way"})) == [three_way.pk]
    assert listed(client.get(WORK, {"state": "booked"})) == [booked_one.pk]
    assert listed(client.get(WORK, {"kind": "case_conference", "state": "proposed"})) == [
        conference.pk
    ]
    response = client.get(WORK, {"kind": "claimant_support_intervention"})
    assert "No open activities match these filters" in text(response)


def test_the_list_is_for_deas_and_work_coaches(client):
    for person in (
        StaffFactory(analyst=True),
        StaffFactory(wctl=True),
        StaffFactory(roles=[Role.WORK_PSYCHOLOGIST]),
    ):
        client.force_login(person)
        assert client.get(WORK).status_code == 403


def test_an_empty_list_says_so(client, coach):
    client.force_login(coach)
    assert "You have no open activities" in text(client.get(WORK))


def test_the_list_is_paginated(client, dea, coach):
    work_for(dea, coach, 27)
    client.force_login(dea)
    first = client.get(WORK)
    assert len(listed(first)) == 25
    assert "Showing 1 to 25 of <strong>27</strong>" in html(first)
    assert len(listed(client.get(WORK, {"page": 2}))) == 2


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_5_and_25_rows(client, dea, coach):
    work_for(dea, coach, 5)
    client.force_login(dea)
    # session, user and roles, count, page of activities with claimant and people
    few = count_queries(client, WORK)
    work_for(dea, coach, 20)
    many = count_queries(client, WORK)
    assert few == many == 4


# Home panels


def test_home_shows_dea_and_coach_their_next_bookings(client, dea, coach):
    claimant = ClaimantFactory(work_coach=coach, forenames="Sam", surname="Jones")
    soon = booked(an_activity("case_conference", claimant=claimant, dea=dea, work_coach=coach))
    booked(an_activity("case_conference", dea=dea, work_coach=coach), days=-3)  # past
    an_activity("skill_conference", dea=dea, work_coach=coach)  # not booked
    client.force_login(coach)
    page = text(client.get(reverse("home")))
    assert "Your next bookings" in page
    assert "Case conference with Sam Jones" in page
    assert f"{timezone.localtime(soon.start):%a %-d %b} at 10:00" in page
    assert "You take part in 3 open activities" in page
    assert page.count("Case conference with") == 1


def test_home_shows_partners_their_open_actions(client, dea, coach):
    psychologist = StaffFactory(roles=[Role.WORK_PSYCHOLOGIST], jobcentre=coach.jobcentre)
    PartnerCoverage.objects.create(
        staff=psychologist,
        jobcentre=coach.jobcentre,
        role=Role.WORK_PSYCHOLOGIST,
        start=dt.date(2020, 1, 1),
    )
    activity = held(an_activity("case_conference", dea=dea, work_coach=coach))
    Action.objects.create(
        kind="work_psychologist",
        assignee=psychologist,
        claimant=activity.claimant,
        origin_activity=activity,
        due=timezone.localdate() - dt.timedelta(days=1),
    )
    client.force_login(psychologist)
    page = text(client.get(reverse("home")))
    assert "Your open actions" in page
    assert "You have 1 open action, 1 overdue" in page
    assert "Your next bookings" not in page
    client.force_login(StaffFactory(analyst=True))
    assert "Your open actions" not in text(client.get(reverse("home")))
