"""Two decisions on one request at the same moment: exactly one wins (DESIGN.md section 4).

Two tabs of one DEA (or the DEA and whoever covers for them) may press accept or decline
together. Each service locks the request's row before it looks at the state, so the second
waits, then finds the request already decided and is refused with 409
``transition_not_allowed``. Real threads and transactions, through the API, on PostgreSQL.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from conferences.models import Activity
from dea_support.models import RequestState, SupportRequest, SupportRequestEvent
from tests.conftest import api_as
from tests.factories import a_request_in_cohort
from tests.races import at_once

ACCEPT = ("accept", {"channel": "case_conference", "note": ""})
DECLINE = ("decline", {"reason": "duplicate", "note": "Already with another DEA."})


def race(sr: SupportRequest, steps: list[tuple[str, dict]]) -> list:
    """Post every step at once as the request's DEA, each from its own thread and connection."""
    return at_once(
        [
            partial(
                api_as(sr.dea).post, f"/api/support-requests/{sr.pk}/{url}/", body, format="json"
            )
            for url, body in steps
        ]
    )


def winner_and_loser(responses) -> tuple[int, int]:
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200, 409], [r.content for r in responses]
    loser = responses[statuses.index(409)].json()
    assert loser["code"] == "transition_not_allowed"
    return statuses.index(200), statuses.index(409)


def decisions(sr: SupportRequest) -> list[str]:
    return list(
        SupportRequestEvent.objects.filter(support_request=sr)
        .exclude(action="submitted")
        .values_list("action", flat=True)
    )


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_once_accept_once_and_propose_one_activity():
    assert connection.vendor == "postgresql"
    sr = a_request_in_cohort()

    winner_and_loser(race(sr, [ACCEPT, ACCEPT]))

    assert SupportRequest.objects.get(pk=sr.pk).state == RequestState.ACCEPTED
    assert Activity.objects.filter(support_request=sr).count() == 1
    assert decisions(sr) == ["accept"]


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_two_declines_at_once_decline_once():
    sr = a_request_in_cohort()

    winner_and_loser(race(sr, [DECLINE, DECLINE]))

    fresh = SupportRequest.objects.get(pk=sr.pk)
    assert (fresh.state, fresh.decline_reason) == (RequestState.DECLINED, "duplicate")
    assert decisions(sr) == ["decline"]
    assert not Activity.objects.filter(support_request=sr).exists()


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_an_accept_racing_a_decline_leaves_one_decision_and_its_consequences():
    sr = a_request_in_cohort()

    won, _ = winner_and_loser(race(sr, [ACCEPT, DECLINE]))

    fresh = SupportRequest.objects.get(pk=sr.pk)
    activities = Activity.objects.filter(support_request=sr).count()
    if won == 0:
        assert (fresh.state, fresh.decline_reason, activities) == (RequestState.ACCEPTED, "", 1)
        assert decisions(sr) == ["accept"]
    else:
        assert (fresh.state, fresh.channel, activities) == (RequestState.DECLINED, "", 0)
        assert decisions(sr) == ["decline"]
