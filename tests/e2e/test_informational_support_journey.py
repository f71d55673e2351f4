"""Informational support from the DEA's decision to the coach reading the answer (DESIGN.md
section 5, [19-20]): the DEA accepts a skill-support request as informational support and
first sends a holding response with an expected date; once that date has passed the nightly
reminder tells the DEA; the DEA sends the information with a link, and the work coach reads
it on the activity's page while the request resolves, as no work is left open. axe checks
every page as it is visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conferences.models import Activity, ActivityKind, ActivityState
from conferences.services import information_reminders_send
from dea_support.models import RequestState
from dea_support.services import support_request_file
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import CohortFactory, StaffFactory, add_member, today, working_day

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

GUIDANCE = "https://www.gov.uk/reasonable-adjustments-for-disabled-workers"


def test_a_dea_answers_a_skill_request_with_information_after_a_holding_response(
    page, time_machine
):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    add_member(CohortFactory(dea=dea), coach)
    sr = support_request_file(
        actor=coach,
        kind="skill_support",
        required_by=working_day(10),
        knowledge_gap="reasonable_adjustments",
        description="What adjustments can an employer make for someone with ME/CFS?",
    )
    expected = today() + dt.timedelta(days=3)

    # The DEA accepts the request as informational support and goes to its activity.
    sign_in(page, "dea1")
    page.get_by_role("link", name="Inbox", exact=True).click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    page.get_by_role("link", name=sr.reference).click()
    expect(page.get_by_role("heading", name="Skill support", level=1)).to_be_visible()
    expect(page.get_by_text(sr.description)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Informational support only").check()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(
        page.get_by_text(f"You accepted {sr.reference}: informational support only")
    ).to_be_visible()
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text("Send the information from the activity's page")
    assert_accessible(page)
    next_step.get_by_role("link", name="Go to the informational support").click()
    expect(page.get_by_role("heading", name="Informational support", level=1)).to_be_visible()
    expect(page.get_by_text("Nothing has been sent yet.")).to_be_visible()
    assert_accessible(page)

    # The answer needs checking, so the DEA first sends a holding response with a date.
    page.get_by_role("button", name="Send a holding response").click()
    expect(page.get_by_role("heading", name="Send a holding response", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Message to the work coach").fill(
        "I am checking with the work psychologist and will come back to you."
    )
    page.get_by_label("Day").fill(str(expected.day))
    page.get_by_label("Month").fill(str(expected.month))
    page.get_by_label("Year").fill(str(expected.year))
    page.get_by_role("button", name="Send it").click()
    expect(page.get_by_text("The holding response was sent to the work coach")).to_be_visible()
    expect(page.get_by_text(f"The information is expected by {expected:%-d %B %Y}")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The coach is told when to expect it.
    sign_in(page, "coach1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="A holding response from the DEA").click()
    expect(page.get_by_role("heading", name="Informational support", level=1)).to_be_visible()
    expect(page.get_by_text(f"The information is expected by {expected:%-d %B %Y}")).to_be_visible()
    expect(page.get_by_role("button", name="Send the information")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # The expected date passes without the information: the nightly reminder tells the DEA.
    late = timezone.make_aware(dt.datetime.combine(expected + dt.timedelta(days=1), dt.time(9)))
    time_machine.move_to(late, tick=True)
    assert information_reminders_send() == 1
    assert information_reminders_send() == 0  # once only
    sign_in(page, "dea1")
    page.get_by_role("link", name="Notifications").click()
    reminder = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Information you promised is now overdue")
    )
    expect(reminder).to_contain_text(f"You expected to send it by {expected:%-d %B %Y}.")
    assert_accessible(page)
    reminder.get_by_role("link", name="Information you promised is now overdue").click()

    # The DEA sees it is overdue and sends the information with a link to the guidance.
    expect(page.get_by_role("heading", name="Informational support", level=1)).to_be_visible()
    expect(
        page.get_by_text(f"The information was expected by {expected:%-d %B %Y}. Overdue")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the information").click()
    expect(page.get_by_role("heading", name="Send the information", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The information for the work coach").fill(
        "Flexible hours, rest breaks and working from home are the usual adjustments.\n"
        "Access to Work can pay for equipment."
    )
    page.get_by_label("Links (optional)").fill("gov.uk/access-to-work")
    page.get_by_role("button", name="Send it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter each link as a full web address starting with https://"
    )
    assert_accessible(page)
    page.get_by_label("Links (optional)").fill(GUIDANCE)
    page.get_by_role("button", name="Send it").click()
    expect(page.get_by_text("The information was sent to the work coach")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The coach reads the information from the notification, link and all; the request is
    # resolved, as nothing it led to is still open.
    sign_in(page, "coach1")
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="The DEA sent the information").click()
    expect(page.get_by_role("heading", name="Informational support", level=1)).to_be_visible()
    information = page.get_by_role("paragraph").filter(has_text="Access to Work can pay")
    expect(information).to_contain_text("Flexible hours, rest breaks and working from home")
    expect(page.get_by_role("link", name=GUIDANCE)).to_have_attribute("href", GUIDANCE)
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()
    expect(page.get_by_role("heading", name="Skill support", level=1)).to_be_visible()
    expect(page.get_by_role("main").locator(".govuk-tag").first).to_have_text("Resolved")
    work = page.get_by_role("table", name="The work this request led to")
    expect(work.get_by_role("row", name=re.compile("Informational support"))).to_contain_text(
        "Concluded"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Your requests", exact=True).click()
    expect(page.get_by_role("row", name=re.compile(sr.reference))).to_contain_text("Resolved")
    assert_accessible(page)

    sr.refresh_from_db()
    assert sr.state == RequestState.RESOLVED
    activity = Activity.objects.get(support_request=sr)
    assert (activity.kind, activity.state) == (
        ActivityKind.INFORMATIONAL_SUPPORT,
        ActivityState.CONCLUDED,
    )
    assert activity.links == GUIDANCE
