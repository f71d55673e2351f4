"""A DEA works a request from the inbox: asks the coach a question, the coach answers on the
request's page, the DEA accepts it with a case conference and the coach sees what happens
next; then a team leader moves the DEA's open requests to a colleague for cover."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from dea_support.models import RequestState, SupportRequest
from dea_support.services import support_request_file
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    managed_by,
    today,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_request_is_triaged_through_its_page(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    leader = StaffFactory(username="wctl1", first_name="Lee", last_name="Leader", wctl=True)
    cover = StaffFactory(username="dea2", first_name="Cy", last_name="Cover", dea=True)
    managed_by(dea, leader)
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ana", surname="Claimant")
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=today() + dt.timedelta(days=5),
        claimant_id=claimant.pk,
        challenges="Finds busy offices hard.",
        reason="Advice on adjustments at interviews.",
    )

    # The DEA finds the request in the inbox and asks a question.
    sign_in(page, "dea1")
    expect(page.get_by_text("1 waiting for a decision")).to_be_visible()
    page.get_by_role("link", name="Inbox", exact=True).click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()
    expect(page.get_by_text(claimant.nino_display)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ask for more information").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you need to know")
    assert_accessible(page)
    page.get_by_label("What do you need to know?").fill("Which jobcentre suits Ana best?")
    page.get_by_role("button", name="Ask for more information").click()
    expect(page.get_by_text("Your question was sent to Cara Coach")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The coach sees the question, from the notification, and answers it.
    sign_in(page, "coach1")
    page.get_by_role("link", name="Notifications").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"The DEA needs more about {sr.reference}").click()
    expect(page.get_by_role("heading", name="The DEA has a question")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your answer").fill("Leeds, on the ground floor")
    page.get_by_role("button", name="Send the information").click()
    expect(page.get_by_text("Your answer was sent to Dee Adviser")).to_be_visible()
    sign_out(page)

    # The DEA accepts it with a case conference.
    sign_in(page, "dea1")
    page.goto(f"/requests/{sr.pk}/")
    page.get_by_label("Case conference").check()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text(f"You accepted {sr.reference}: case conference")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The coach sees it accepted and what happens next.
    sign_in(page, "coach1")
    page.get_by_role("link", name="Your requests", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text("Accepted: case conference.")
    expect(next_step).to_contain_text("You will be told the date and time")
    assert_accessible(page)
    sign_out(page)

    # The team leader moves the DEA's open requests to a colleague for cover.
    sign_in(page, "wctl1")
    page.get_by_role("link", name="Inbox", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Arrange cover").click()
    assert_accessible(page)
    page.get_by_label("Dee Adviser").check()
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_label("Which DEA will cover?").select_option(label="Cy Cover")
    page.get_by_label("Note (optional)").fill("Annual leave")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Move 1 request to Cy Cover?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Move the request").click()
    expect(page.get_by_text("1 request moved from Dee Adviser to Cy Cover")).to_be_visible()
    assert_accessible(page)

    sr.refresh_from_db()
    assert sr.state == RequestState.ACCEPTED and sr.dea == cover
    assert SupportRequest.objects.get(pk=sr.pk).events.filter(action="cover").exists()


def test_a_coach_withdraws_a_request_after_confirming(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    add_member(CohortFactory(dea=dea), coach)
    sr = support_request_file(
        actor=coach,
        kind="skill_support",
        required_by=today() + dt.timedelta(days=5),
        knowledge_gap="retention",
        description="How to help a claimant keep a new job.",
    )

    sign_in(page, "coach1")
    page.get_by_role("link", name=sr.reference).click()  # from the home page's panel
    page.get_by_role("link", name="Withdraw the request").click()
    expect(
        page.get_by_role("heading", name="Are you sure you want to withdraw this request?")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, withdraw the request").click()
    expect(page.get_by_text(f"You withdrew {sr.reference}")).to_be_visible()
    assert_accessible(page)
    sr.refresh_from_db()
    assert sr.state == RequestState.WITHDRAWN
