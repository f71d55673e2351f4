"""A support request's page links to the claimant's record and their timeline with the DEA,
for those who may open the record (DESIGN.md section 10); each read through it is logged.
An administrator, or a team leader who oversees the DEA but not the claimant's coach, sees
the request with no link (and no name)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from claimants.services import claimant_update
from jomcase.models import AccessLog
from tests.dea_support.request_page_helpers import detail_url, html
from tests.factories import (
    ClaimantFactory,
    StaffFactory,
    TeamFactory,
    a_request_in_cohort,
    join_team,
    managed_by,
)

pytestmark = pytest.mark.django_db


def claimant_links(response) -> dict[str, str]:
    """The links under the claimant's name on the request's page: text to address."""
    block = re.search(r'<ul [^>]*id="claimant-links">(.*?)</ul>', html(response), re.S)
    if not block:
        return {}
    return {
        text: href
        for href, text in re.findall(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', block[1])
    }


@pytest.fixture
def sr():
    """A claimant support request from a coach in a team, to a DEA line-managed elsewhere."""
    coach = StaffFactory(work_coach=True, first_name="Dafydd", last_name="ap Gruffudd")
    team = TeamFactory(leader=StaffFactory(wctl=True, first_name="Nia", last_name="Rhys"))
    join_team(coach, team)
    dea = StaffFactory(dea=True, first_name="Thảo", last_name="Nguyễn")
    managed_by(dea, StaffFactory(wctl=True, first_name="Zofia", last_name="Kowalczyk"))
    claimant = ClaimantFactory(work_coach=coach, forenames="Siân", surname="Wiśniewska")
    return a_request_in_cohort(requester=coach, dea=dea, claimant=claimant)


def record_url(sr) -> str:
    return reverse("claimants:detail", args=[sr.claimant_id])


def timeline_url(sr) -> str:
    return reverse("conferences:claimant_timeline", args=[sr.claimant_id])


def reads_of(sr) -> list[tuple[int, str]]:
    """Who read the claimant's record, and through which address, oldest first."""
    logged = AccessLog.objects.filter(record_type="claimants.claimant", record_id=sr.claimant_id)
    return list(logged.order_by("at", "pk").values_list("staff_id", "via"))


def test_the_dea_follows_the_links_to_the_record_and_the_timeline_and_each_read_is_logged(
    client, sr
):
    client.force_login(sr.dea)
    page = client.get(detail_url(sr))

    links = claimant_links(page)
    assert links == {
        "Open Siân Wiśniewska's record": record_url(sr),
        "Requests, activities and outcomes with the DEA, oldest first": timeline_url(sr),
    }
    AccessLog.objects.all().delete()  # the request's page itself shows the claimant too

    record = client.get(links["Open Siân Wiśniewska's record"])
    assert record.status_code == 200
    assert "Wiśniewska" in html(record)
    assert reads_of(sr) == [(sr.dea.pk, record_url(sr))]

    timeline = client.get(timeline_url(sr))
    assert timeline.status_code == 200
    assert reads_of(sr) == [(sr.dea.pk, record_url(sr)), (sr.dea.pk, timeline_url(sr))]


@pytest.mark.parametrize("who", ["requester", "coach's team leader"])
def test_the_coach_and_their_team_leader_get_the_links(client, sr, who):
    viewer = sr.requester if who == "requester" else sr.requester.team_memberships.get().team.leader
    client.force_login(viewer)
    links = claimant_links(client.get(detail_url(sr)))
    assert set(links.values()) == {record_url(sr), timeline_url(sr)}
    AccessLog.objects.all().delete()
    assert client.get(record_url(sr)).status_code == 200
    assert reads_of(sr) == [(viewer.pk, record_url(sr))]


@pytest.mark.parametrize("who", ["administrator", "the DEA's team leader"])
def test_someone_who_may_not_open_the_record_gets_no_link(client, sr, who):
    if who == "administrator":
        viewer = StaffFactory(administrator=True, first_name="Piotr", last_name="Zieliński")
    else:
        viewer = sr.dea.line_managers.get().manager
    client.force_login(viewer)

    page = client.get(detail_url(sr))

    assert page.status_code == 200
    assert sr.reference in html(page)
    assert claimant_links(page) == {}
    assert record_url(sr) not in html(page) and timeline_url(sr) not in html(page)
    assert "Wiśniewska" not in html(page)
    assert client.get(record_url(sr)).status_code == 404
    assert reads_of(sr) == []


def test_a_requester_who_no_longer_holds_the_claimant_sees_the_name_but_no_link(client, sr):
    new_coach = StaffFactory(work_coach=True, first_name="Bartosz", last_name="Nowak")
    team = sr.requester.team_memberships.get().team
    join_team(new_coach, team)
    claimant_update(actor=team.leader, claimant_id=sr.claimant_id, work_coach=new_coach)
    client.force_login(sr.requester)

    page = client.get(detail_url(sr))

    assert "Siân Wiśniewska" in html(page)
    assert claimant_links(page) == {}
    assert client.get(record_url(sr)).status_code == 404
