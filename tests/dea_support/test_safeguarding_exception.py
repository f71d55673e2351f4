"""A declared intention of suicide or self-harm is itself the exception to the benefit rule [5].

Issue 12, point 1: a claimant on no out-of-work benefit who has declared it can be filed for
at once, with no team leader's agreement first, through the pages and the API; the check
page and the DEA's request page say why the request was allowed. Without the declaration or
a vulnerability exception the request is refused (409 ``non_benefit_claimant``) and nothing
is saved. Eligibility is one rule (``claimants.eligibility``) for one claimant and for a
queryset, and the test below holds the two together.
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from claimants.eligibility import ELIGIBLE, SupportBasis, support_basis
from claimants.models import Benefit, Claimant
from dea_support.models import SupportRequest, SupportRequestEvent
from jomcase.models import Notification
from tests.conftest import api_as
from tests.dea_support.test_filing_pages import (
    answer,
    choose_kind,
    date_fields,
    file_claimant_request,
    next_week,
    signed_in,
    url,
)
from tests.dea_support.test_filing_rules import claimant_support
from tests.factories import ClaimantFactory, CohortFactory, StaffFactory, add_member

pytestmark = pytest.mark.django_db

LIST = "/api/support-requests/"


@pytest.fixture
def coach():
    coach = StaffFactory(work_coach=True, first_name="Gwenllian", last_name="Prys")
    add_member(CohortFactory(), coach)
    return coach


def pip_only(coach, **extra) -> Claimant:
    return ClaimantFactory(
        work_coach=coach,
        forenames="Siân",
        surname="Łukasiewicz",
        benefits=[Benefit.PIP],
        regime="",
        **extra,
    )


def test_the_api_files_for_a_pip_claimant_who_declared_self_harm(coach):
    claimant = pip_only(coach, self_harm_declared=True)

    response = api_as(coach).post(LIST, claimant_support(claimant), format="json")

    assert response.status_code == 201, response.content
    sr = SupportRequest.objects.get()
    assert sr.claimant == claimant
    submitted = sr.events.get(action="submitted")
    assert "declared an intention of suicide or self-harm" in submitted.message
    # The DEA reads the reason in the request's own history through the API too.
    history = api_as(sr.dea).get(f"{LIST}{sr.pk}/").json()["history"]
    assert "self-harm" in history[0]["message"]


def test_without_the_declaration_or_an_exception_the_api_refuses_and_saves_nothing(coach):
    claimant = pip_only(coach)

    response = api_as(coach).post(LIST, claimant_support(claimant), format="json")

    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "non_benefit_claimant"
    assert "six point plan" in body["detail"]
    assert not SupportRequest.objects.exists()
    assert not SupportRequestEvent.objects.exists()
    assert not Notification.objects.exists()


def test_the_pages_file_for_them_and_say_why_on_the_check_page_and_the_deas_page(client, coach):
    claimant = pip_only(coach, self_harm_declared=True)
    signed_in(client, coach)
    journey = choose_kind(client, "claimant_support")
    listed = client.get(url("claimant", journey), {"q": claimant.surname}).content.decode()
    assert "No out-of-work benefit" not in listed  # not flagged as one the service refuses
    journey, _ = file_claimant_request(client, claimant, send=False)

    check = client.get(url("check", journey)).content.decode()
    assert 'id="support-exception"' in check
    assert "no team leader&#x27;s agreement is needed first" in check

    sent = client.post(url("check", journey))
    assert sent.status_code == 302
    sr = SupportRequest.objects.get()
    client.force_login(sr.dea)
    page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
    assert "Why this request was allowed" in page
    assert "declared an intention of suicide or self-harm" in page


def test_the_pages_refuse_them_without_the_declaration(client, coach):
    claimant = pip_only(coach)
    signed_in(client, coach)
    journey = choose_kind(client, "claimant_support")
    response = client.post(
        url("claimant", journey), {"q": claimant.surname, "claimant": claimant.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "gets no out-of-work benefit" in page
    assert "six point plan" in page
    answer(client, journey, "required_by", date_fields(next_week()))
    assert not SupportRequest.objects.exists()


def test_a_claimant_with_an_out_of_work_benefit_shows_no_exception(client, coach):
    claimant = ClaimantFactory(work_coach=coach, benefits=[Benefit.UC, Benefit.PIP])
    signed_in(client, coach)
    journey, _ = file_claimant_request(client, claimant, send=False)
    assert 'id="support-exception"' not in client.get(url("check", journey)).content.decode()


@pytest.mark.parametrize(
    ("benefits", "self_harm", "exception", "expected"),
    [
        (benefits, self_harm, exception, expected)
        for benefits, self_harm, exception in itertools.product(
            ([], ["pip"], ["dla", "aa"], ["esa"], ["uc", "pip"], ["is"]),
            (False, True),
            (None, "Lives alone; no support since a bereavement"),
        )
        for expected in [
            SupportBasis.OUT_OF_WORK_BENEFIT
            if set(benefits) & {"jsa", "uc", "esa", "ib", "is"}
            else SupportBasis.SELF_HARM_DECLARED
            if self_harm
            else SupportBasis.VULNERABLE
            if exception
            else None
        ]
    ],
)
def test_the_rule_for_one_claimant_and_for_a_queryset_agree(
    benefits, self_harm, exception, expected
):
    claimant = ClaimantFactory(
        benefits=benefits,
        regime="",
        self_harm_declared=self_harm,
        vulnerability_exception=exception,
    )
    assert support_basis(claimant) == expected
    assert claimant.eligible_for_support is (expected is not None)
    in_query = Claimant.objects.filter(ELIGIBLE, pk=claimant.pk).exists()
    assert in_query is (expected is not None)
    assert Claimant.objects.eligible_for_support().filter(pk=claimant.pk).exists() is in_query
    api = api_as(claimant.work_coach).get(f"/api/claimants/{claimant.pk}/").json()
    assert api["eligible_for_support"] is (expected is not None)
    assert api["support_basis"] == (expected.value if expected else None)
