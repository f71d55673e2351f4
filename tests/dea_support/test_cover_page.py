"""Cover: a team leader moves a DEA's open requests to another DEA, and each request's
timeline records the move."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from conferences.services import support_requests_cover
from dea_support.models import SupportRequest, SupportRequestEvent
from dea_support.services import support_request_withdraw
from jomcase.models import Notification
from tests.dea_support.request_page_helpers import (
    COVER,
    COVERS,
    banner,
    cover_dates,
    detail_url,
    error_summary,
    html,
    text,
)
from tests.factories import StaffFactory, SupportRequestFactory, managed_by, today

#: A fortnight's leave from today, as the cover page is filled in.
FORTNIGHT = cover_dates(today(), today() + dt.timedelta(days=13))

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader():
    return StaffFactory(wctl=True)


@pytest.fixture
def away(leader):
    """A DEA going on leave, line-managed by the leader, with three open requests."""
    dea = StaffFactory(dea=True, first_name="Ava", last_name="Away")
    managed_by(dea, leader)
    return dea


@pytest.fixture
def covering():
    return StaffFactory(dea=True, first_name="Cy", last_name="Cover")


@pytest.fixture
def open_requests(away):
    return [
        SupportRequestFactory(dea=away),
        SupportRequestFactory(dea=away, info_requested=True),
        SupportRequestFactory(dea=away, accepted=True),
    ]


def choices(response, name: str) -> dict[str, str]:
    """The options of a radio, checkbox or select field: value to label, ticked ones starred."""
    page = html(response)
    found = {}
    for attrs, label in re.findall(
        rf'<input [^>]*name="{name}"([^>]*)>\s*<label[^>]*>(.*?)</label>', page, re.S
    ):
        value = re.search(r'value="([^"]*)"', attrs).group(1)
        found[value] = text(label) + (" *" if "checked" in attrs else "")
    select = re.search(rf'<select [^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select[1]):
            found[value] = text(label)
    return found


def test_a_team_leader_moves_a_deas_open_requests_to_another_dea(
    client, leader, away, covering, open_requests
):
    closed = SupportRequestFactory(dea=away, declined=True)
    someone_else = StaffFactory(dea=True)  # not the leader's to move
    client.force_login(leader)

    first = client.get(COVER)
    assert choices(first, "dea") == {str(away.pk): "Ava Away"}
    assert str(someone_else.pk) not in choices(first, "dea")

    form = client.get(COVER, {"dea": away.pk})
    offered = choices(form, "requests")
    assert set(offered) == {str(sr.pk) for sr in open_requests}
    assert all(label.endswith("*") for label in offered.values())  # all ticked at first
    assert str(closed.pk) not in offered
    deas = choices(form, "to_dea")
    assert str(covering.pk) in deas and str(away.pk) not in deas

    chosen = {
        "requests": [sr.pk for sr in open_requests],
        "to_dea": covering.pk,
        "note": "Annual leave to 20 November",
        **FORTNIGHT,
    }
    check = client.post(f"{COVER}?dea={away.pk}", chosen)
    assert check.status_code == 200
    assert "Move 3 requests to Cy Cover?" in html(check)
    assert f"{today():%-d %B %Y} to {today() + dt.timedelta(days=13):%-d %B %Y}" in text(
        html(check)
    )
    assert SupportRequest.objects.filter(dea=covering).count() == 0  # nothing moves yet

    done = client.post(f"{COVER}?dea={away.pk}", chosen | {"confirm": "yes"})
    assert done.status_code == 302
    assert done.url == COVERS
    assert banner(client.get(done.url)) == (
        "3 requests moved from Ava Away to Cy Cover, "
        f"{today():%-d %B %Y} to {today() + dt.timedelta(days=13):%-d %B %Y}"
    )
    for sr in open_requests:
        sr.refresh_from_db()
        assert sr.dea == covering
        event = sr.events.get(action="cover")
        assert event.by == leader
        assert (
            event.message
            == "Moved from Ava Away to Cy Cover for cover: Annual leave to 20 November"
        )
    assert SupportRequest.objects.get(pk=closed.pk).dea == away
    # One notification for the move, listing the requests soonest due first.
    told = Notification.objects.get(recipient=covering)
    assert told.title == "3 requests moved to you for cover from Ava Away"
    soonest = sorted(open_requests, key=lambda sr: (sr.required_by, sr.pk))
    assert [line.split(" (")[0] for line in told.body.splitlines()[2:]] == [
        sr.reference for sr in soonest
    ]
    assert told.link == reverse("support_requests:inbox")

    client.force_login(covering)
    assert "Moved to a covering DEA" in html(client.get(detail_url(open_requests[0])))


def test_only_the_ticked_requests_move(client, leader, away, covering, open_requests):
    client.force_login(leader)
    keep, *move = open_requests
    client.post(
        f"{COVER}?dea={away.pk}",
        {"requests": [sr.pk for sr in move], "to_dea": covering.pk, "confirm": "yes"} | FORTNIGHT,
    )
    assert SupportRequest.objects.get(pk=keep.pk).dea == away
    assert set(SupportRequest.objects.filter(dea=covering)) == set(move)


def test_change_brings_the_choices_back(client, leader, away, covering, open_requests):
    client.force_login(leader)
    response = client.post(
        f"{COVER}?dea={away.pk}",
        {"requests": [open_requests[0].pk], "to_dea": covering.pk, "change": "yes"} | FORTNIGHT,
    )
    ticked = [v for v, label in choices(response, "requests").items() if label.endswith("*")]
    assert ticked == [str(open_requests[0].pk)]
    assert not SupportRequestEvent.objects.filter(action="cover").exists()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"requests": "all"}, ["Choose the DEA who will cover"]),
        ({"to_dea": "covering"}, ["Select at least one request to move"]),
    ],
)
def test_the_cover_form_says_what_is_missing_and_moves_nothing(
    client, leader, away, covering, open_requests, data, errors
):
    client.force_login(leader)
    values = {
        "requests": [sr.pk for sr in open_requests] if "requests" in data else [],
        "to_dea": covering.pk if "to_dea" in data else "",
        "confirm": "yes",
        **FORTNIGHT,
    }
    response = client.post(f"{COVER}?dea={away.pk}", values)
    assert error_summary(response) == errors
    assert not SupportRequest.objects.filter(dea=covering).exists()


def test_a_request_closed_since_the_form_was_shown_moves_nothing(
    client, leader, away, covering, open_requests
):
    client.force_login(leader)
    support_request_withdraw(request_id=open_requests[0].pk, actor=open_requests[0].requester)
    response = client.post(
        f"{COVER}?dea={away.pk}",
        {"requests": [sr.pk for sr in open_requests], "to_dea": covering.pk, "confirm": "yes"}
        | FORTNIGHT,
    )
    assert error_summary(response) == ["Select only requests listed here"]
    assert not SupportRequest.objects.filter(dea=covering).exists()


def test_a_dea_the_leader_does_not_manage_cannot_be_chosen(client, leader, covering):
    client.force_login(leader)
    response = client.get(COVER, {"dea": covering.pk})
    assert error_summary(response) == ["Choose one of the DEAs you manage"]


def test_a_dea_with_nothing_open_can_still_have_cover_for_new_requests(client, leader, away):
    client.force_login(leader)
    page = text(html(client.get(COVER, {"dea": away.pk})))
    assert "Ava Away has no open requests now" in page
    assert "new requests from their cohort go to the covering DEA" in page


def test_cover_is_for_team_leaders_and_administrators(client, away, open_requests, analyst):
    for person in (away, open_requests[0].requester, analyst, StaffFactory(sdtl=True)):
        client.force_login(person)
        assert client.get(COVER).status_code == 403
        assert client.post(f"{COVER}?dea={away.pk}").status_code == 403


def test_an_administrator_chooses_from_every_dea_in_a_list(client, away):
    for _ in range(11):
        StaffFactory(dea=True)
    client.force_login(StaffFactory(administrator=True))
    response = client.get(COVER)
    assert "<select" in html(response)
    assert len(choices(response, "dea")) == 13  # twelve DEAs and "Choose a DEA"


@pytest.mark.parametrize("how_many", [5, 40])
def test_moving_many_requests_costs_the_same_queries_and_one_notification(
    leader, away, covering, how_many, django_assert_num_queries
):
    """A DEA's leave may move hundreds of requests: the writes do not grow with the count
    (only with the number of people told, one notification each)."""
    coach = StaffFactory(work_coach=True, first_name="Nguyen", last_name="Thi Mai")
    requests = SupportRequestFactory.create_batch(how_many, dea=away, requester=coach)
    with django_assert_num_queries(30):  # the same for 5 or 40: checks, locks, 3 people told
        _, moved = support_requests_cover(actor=leader, from_dea_id=away.pk, to_dea_id=covering.pk)
    assert len(moved) == how_many
    assert SupportRequest.objects.filter(dea=covering).count() == how_many
    assert SupportRequestEvent.objects.filter(action="cover").count() == how_many
    told = Notification.objects.get(recipient=covering)
    assert told.title == f"{how_many} requests moved to you for cover from Ava Away"
    if how_many > 20:
        assert told.body.splitlines()[-1] == f"and {how_many - 20} more"
    assert {r.pk for r in requests} == {r.pk for r in moved}
