"""A claimant's timeline: the selector the page and the API share, and the page itself."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conferences.models import PartnerCoverage
from conferences.selectors import claimant_timeline
from conferences.services import activity_record_outcome, support_request_accept
from jomcase.models import AccessLog, Role
from tests.conferences.page_helpers import consented, held, html, text
from tests.factories import StaffFactory, a_request_in_cohort, an_activity

pytestmark = pytest.mark.django_db


def timeline_url(claimant) -> str:
    return reverse("conferences:claimant_timeline", args=[claimant.pk])


@pytest.fixture
def chain(db):
    """A request accepted as a three-way, consented, held, with two outcomes."""
    sr = a_request_in_cohort()
    psychologist = StaffFactory(roles=[Role.WORK_PSYCHOLOGIST], first_name="Pat", last_name="Psy")
    PartnerCoverage.objects.create(
        staff=psychologist,
        jobcentre=sr.claimant.work_coach.jobcentre,
        role=Role.WORK_PSYCHOLOGIST,
        start=dt.date(2020, 1, 1),
    )
    support_request_accept(request_id=sr.pk, actor=sr.dea, channel="three_way")
    three_way = sr.activities.get()
    consented(three_way)
    held(three_way)
    activity_record_outcome(
        activity_id=three_way.pk,
        actor=sr.requester,
        outcomes=["claimant_support_intervention", "work_psychologist_action"],
        summary="Agreed next steps.",
    )
    return sr, three_way


def test_the_timeline_holds_the_whole_chain_oldest_first(chain):
    sr, three_way = chain
    items = claimant_timeline(sr.claimant)
    assert all({"type", "at", "id", "summary"} <= set(item) for item in items)
    assert [item["at"] for item in items] == sorted(item["at"] for item in items)
    types = [item["type"] for item in items]
    assert types[0] == "support_request"
    for expected in ("support_request_event", "activity", "consent", "activity_event"):
        assert expected in types
    assert types.count("outcome") == 2
    assert types.count("action") == 1
    assert types.count("activity") == 2  # the three-way and the CSI it proposed
    [consent] = [item for item in items if item["type"] == "consent"]
    assert consent["activity_id"] == three_way.pk and consent["given"] is True
    follow_ons = {item["follow_on"]["type"] for item in items if item["type"] == "outcome"}
    assert follow_ons == {"activity", "action"}
    [action] = [item for item in items if item["type"] == "action"]
    assert "For Pat Psy" in action["summary"]


def test_the_page_shows_it_to_those_who_see_the_claimant_and_logs_the_read(client, chain):
    sr, three_way = chain
    client.force_login(sr.requester)
    response = client.get(timeline_url(sr.claimant))
    assert response.status_code == 200
    assert 'class="moj-timeline"' in html(response)
    page = text(response)
    assert f"One to one claimant support request {sr.reference}" in page
    assert "Consent given" in page
    assert "Outcome: work psychologist action" in page
    assert reverse("conferences:activity", args=[three_way.pk]) in html(response)
    log = AccessLog.objects.get(via=timeline_url(sr.claimant))
    assert (log.staff, log.record_id) == (sr.requester, sr.claimant_id)
    # The DEA the claimant was referred to sees it too.
    client.force_login(sr.dea)
    assert client.get(timeline_url(sr.claimant)).status_code == 200


def test_every_link_on_the_timeline_says_which_item_it_opens(client, chain):
    """Heard as a list of links, "See the activity" eight times would not say which is which."""
    sr, _ = chain
    client.force_login(sr.requester)
    timeline = html(client.get(timeline_url(sr.claimant))).split('class="moj-timeline"', 1)[1]
    names = [
        " ".join(re.sub(r"<[^>]+>", " ", link).split())
        for link in re.findall(r'<a class="govuk-link"[^>]*>(.*?)</a>', timeline, re.S)
    ]
    assert len(names) >= 8
    assert len(set(names)) == len(names), names
    assert "See the activity : Three-way intervention: held" in names
    assert "See what follows : Outcome: claimant support intervention" in names


def test_the_page_is_not_found_for_those_who_may_not_see_the_claimant(client, chain):
    sr, _ = chain
    for person in (
        StaffFactory(work_coach=True),
        StaffFactory(dea=True),
        StaffFactory(analyst=True),
        StaffFactory(administrator=True),
    ):
        client.force_login(person)
        assert client.get(timeline_url(sr.claimant)).status_code == 404
    assert not AccessLog.objects.filter(via=timeline_url(sr.claimant)).exists()


def test_the_activity_page_links_to_the_timeline(client, chain):
    sr, three_way = chain
    client.force_login(sr.requester)
    response = client.get(reverse("conferences:activity", args=[three_way.pk]))
    assert timeline_url(sr.claimant) in html(response)


def test_the_claimants_record_links_to_the_timeline(client, chain):
    sr, _ = chain
    client.force_login(sr.requester)
    response = client.get(reverse("claimants:detail", args=[sr.claimant.pk]))
    assert f'href="{timeline_url(sr.claimant)}"' in html(response)


def test_the_timeline_runs_the_same_queries_however_long_it_is(client, chain):
    sr, _ = chain
    client.force_login(sr.requester)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(timeline_url(sr.claimant)).status_code == 200
        return len(captured)

    # session, user and roles, the claimant, the access log row, and seven for the timeline
    short = queries()
    for n in range(10):
        held(an_activity("case_conference", claimant=sr.claimant, dea=sr.dea), days=-2 - n)
    assert queries() == short == 11
