"""A work coach asks their DEA for help with a claimant, from the first question to the DEA's
decision (issue 3's acceptance): the coach files the request one question a page, the DEA
finds it in the inbox and asks for more, the coach answers from the notification, the DEA
accepts it with a case conference and the coach sees what happens next. axe checks every page
as it is visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conferences.models import Activity, ActivityKind, ActivityState
from dea_support.models import RequestState, SupportRequest
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import ClaimantFactory, CohortFactory, StaffFactory, add_member, today

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def continue_(page) -> None:
    page.get_by_role("button", name="Continue").click()


def test_a_coach_files_a_claimant_support_request_and_the_dea_accepts_it(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ana", surname="Okafor")
    ClaimantFactory(work_coach=coach, forenames="Ben", surname="Okoro")
    needed_by = today() + dt.timedelta(days=10)

    # The coach files the request, one question a page.
    sign_in(page, "coach1")
    assert_accessible(page)
    page.get_by_role("link", name="Request DEA support", exact=True).click()
    expect(
        page.get_by_role("heading", name="What kind of support do you need?", level=1)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("One to one claimant support").check()
    continue_(page)

    expect(
        page.get_by_role("heading", name="Which claimant do you need support with?")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("National Insurance number or surname").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("table", name=re.compile("Claimants on your caseload matching"))
    expect(results.get_by_role("row")).to_have_count(2)  # the header and Ana
    assert_accessible(page)
    results.get_by_role("button", name="Choose Ana Okafor").click()

    expect(page.get_by_role("heading", name="What are the claimant's challenges?")).to_be_visible()
    assert_accessible(page)
    continue_(page)  # nothing typed: the service says what is missing, on the same page
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What are the claimant's challenges?").fill(
        "Anxiety makes busy offices and phone calls hard."
    )
    continue_(page)

    question = "Why do you need the DEA's support with this claimant?"
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(question).fill("Advice on adjustments before her next interview.")
    continue_(page)

    expect(page.get_by_role("heading", name="When do you need a response by?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill(str(needed_by.day))
    page.get_by_label("Month").fill(str(needed_by.month))
    page.get_by_label("Year").fill(str(needed_by.year))
    continue_(page)

    expect(
        page.get_by_role("heading", name="Check your answers before sending your request")
    ).to_be_visible()
    answers = page.locator(".govuk-summary-list")
    expect(answers).to_contain_text("Ana Okafor")
    expect(answers).to_contain_text(claimant.nino_display)
    expect(answers).to_contain_text(f"{needed_by:%-d %B %Y}")
    expect(answers).to_contain_text("Dee Adviser")
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    sr = SupportRequest.objects.get(requester=coach)
    expect(page.locator("#reference")).to_have_text(sr.reference)
    assert_accessible(page)
    assert (sr.claimant, sr.dea, sr.required_by) == (claimant, dea, needed_by)
    sign_out(page)
    assert_accessible(page)

    # The DEA finds it in the inbox and asks a question.
    sign_in(page, "dea1")
    assert_accessible(page)
    page.get_by_role("link", name="1 waiting for a decision").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()
    expect(
        page.get_by_role("heading", name="One to one claimant support for Ana Okafor")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ask for more information").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you need to know")
    assert_accessible(page)
    page.get_by_label("What do you need to know?").fill("Does she prefer mornings?")
    page.get_by_role("button", name="Ask for more information").click()
    expect(page.get_by_text("Your question was sent to Cara Coach")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The coach answers it from the notification.
    sign_in(page, "coach1")
    page.get_by_role("link", name="Notifications").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"The DEA needs more about {sr.reference}").click()
    expect(page.get_by_role("heading", name="The DEA has a question")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_have_text("Does she prefer mornings?")
    assert_accessible(page)
    page.get_by_label("Your answer").fill("Yes, mornings after 10 are best.")
    page.get_by_role("button", name="Send the information").click()
    expect(page.get_by_text("Your answer was sent to Dee Adviser")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The DEA reads the answer and accepts the request with a case conference.
    sign_in(page, "dea1")
    page.get_by_role("link", name="Inbox", exact=True).click()
    page.get_by_role("link", name=sr.reference).click()
    expect(page.locator("#latest-answer")).to_contain_text(
        "They answered: Yes, mornings after 10 are best."
    )
    assert_accessible(page)
    page.get_by_label("Case conference").check()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text(f"You accepted {sr.reference}: case conference")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The coach sees it accepted and what happens next.
    sign_in(page, "coach1")
    page.get_by_role("link", name="Your requests", exact=True).click()
    expect(page.get_by_role("row", name=re.compile(sr.reference))).to_contain_text("Accepted")
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text("Accepted: case conference.")
    expect(next_step).to_contain_text("You will be told the date and time once it is booked")
    expect(next_step.get_by_role("link", name="Go to the case conference")).to_be_visible()
    assert_accessible(page)

    sr.refresh_from_db()
    assert sr.state == RequestState.ACCEPTED
    conference = Activity.objects.get(support_request=sr)
    assert (conference.kind, conference.state) == (
        ActivityKind.CASE_CONFERENCE,
        ActivityState.PROPOSED,
    )
