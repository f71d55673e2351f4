"""The inbox's topic filter: the topics the DEA has tagged their requests with [12], A to Z,
narrow the list; a topic that no request on the tab has says so; the page's queries stay
the same whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.dea_support.request_page_helpers import (
    INBOX,
    error_summary,
    html,
    references,
    step_url,
    text,
)
from tests.factories import ClaimantFactory, StaffFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

# A Monday with no bank holiday in the week, at ten in the morning in London.
MONDAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def dea():
    return StaffFactory(dea=True, first_name="Gwenllian", last_name="Prys")


@pytest.fixture
def coach():
    return StaffFactory(work_coach=True, first_name="Nguyễn", last_name="Văn An")


def a_request(dea, coach, *, topics=(), **kwargs):
    claimant = ClaimantFactory(work_coach=coach, forenames="Bożena", surname="Wójcik")
    return SupportRequestFactory(
        dea=dea, requester=coach, claimant=claimant, topics=list(topics), **kwargs
    )


def topic_options(response) -> list[str]:
    """The topic list's options as the DEA reads them; empty when the page has no list."""
    found = re.search(r'<select [^>]*name="topic"[^>]*>(.*?)</select>', html(response), re.S)
    if not found:
        return []
    return [text(option) for option in re.findall(r"<option[^>]*>(.*?)</option>", found[1])]


@pytest.fixture
def tagged(dea, coach):
    """The DEA's requests tagged as they triaged them, and another DEA's."""
    return {
        "autism": a_request(dea, coach, topics=["autism", "ME/CFS"]),
        "mecfs": a_request(dea, coach, topics=["ME/CFS"]),
        "plain": a_request(dea, coach),
        # only on a request no longer open
        "closed": a_request(dea, coach, topics=["dyslecsia"], declined=True),
        "elsewhere": a_request(StaffFactory(dea=True), coach, topics=["iechyd meddwl"]),
    }


def test_the_inbox_offers_the_dea_their_own_topics_a_to_z(client, dea, tagged):
    client.force_login(dea)
    assert topic_options(client.get(INBOX)) == ["Any topic", "autism", "dyslecsia", "ME/CFS"]


def test_a_topic_tagged_on_the_page_is_offered_and_finds_the_request(client, dea, coach):
    sr = a_request(dea, coach)
    client.force_login(dea)
    assert topic_options(client.get(INBOX)) == []  # nothing tagged yet: no list to choose from

    client.post(step_url(sr, "topics"), {"topics-topics": "Anxiety, benefits"})

    assert topic_options(client.get(INBOX)) == ["Any topic", "anxiety", "benefits"]
    assert references(client.get(INBOX, {"topic": "anxiety"})) == [sr.reference]


def test_choosing_a_topic_lists_only_the_requests_with_it(client, dea, tagged):
    client.force_login(dea)

    response = client.get(INBOX, {"topic": "ME/CFS"})

    assert set(references(response)) == {tagged["autism"].reference, tagged["mecfs"].reference}
    assert "<strong>2</strong> open requests matching the filters" in html(response)
    assert 'value="ME/CFS" selected' in html(response)
    assert references(client.get(INBOX, {"topic": "autism"})) == [tagged["autism"].reference]
    # The topic keeps to the tab: the declined one is under Declined.
    declined = client.get(INBOX, {"topic": "dyslecsia", "state": "declined"})
    assert references(declined) == [tagged["closed"].reference]


def test_a_topic_no_request_on_the_tab_has_gets_an_empty_state(client, dea, tagged):
    client.force_login(dea)

    response = client.get(INBOX, {"topic": "dyslecsia"})

    assert references(response) == []
    page = html(response)
    assert "No open requests have the topic “dyslecsia”" in page
    assert "Choose another topic, or look at another tab." in page
    assert "Clear the filters" in page


def test_with_another_filter_the_empty_state_names_the_filters(client, dea, tagged):
    client.force_login(dea)
    response = client.get(INBOX, {"topic": "autism", "kind": "skill_support"})
    assert references(response) == []
    assert "No open requests match the filters" in html(response)


def test_a_topic_that_is_not_offered_is_an_error_and_filters_nothing(client, dea, tagged):
    client.force_login(dea)

    response = client.get(INBOX, {"topic": "iechyd meddwl"})  # another DEA's topic

    assert error_summary(response) == ["Choose one of the options in the list"]
    assert set(references(response)) == {
        tagged[name].reference for name in ("autism", "mecfs", "plain")
    }


def test_the_topic_filter_keeps_the_inbox_queries_the_same_for_25_or_200_rows(
    client, dea, coach, django_assert_num_queries
):
    for n in range(25):
        a_request(dea, coach, topics=["autism"] if n % 2 else ["benefits"])
    client.force_login(dea)
    # session, user with roles, unread count and jobcentre, the coaches and the topics for
    # the filters, counts per state, the matching rows' count, one page of rows
    with django_assert_num_queries(7):
        response = client.get(INBOX, {"size": 200, "topic": "autism"})
    assert len(references(response)) == 12
    for n in range(175):
        a_request(dea, coach, topics=["autism", f"topic {n % 7}"])
    with django_assert_num_queries(7):
        response = client.get(INBOX, {"size": 200, "topic": "autism"})
    assert len(references(response)) == 187
    assert len(topic_options(response)) == 1 + 2 + 7
