"""Nothing gets stuck (issue 12, point 4): a DEA asks the coach a question that is never
answered; the scheduled rule reminds the coach after 2 and 5 working days and then tells the
DEA; the coach sees on their home page that the request waits for them, and the reminders in
their notifications; the DEA chases (a mistake first) and then closes the request; the coach
sees it declined for no answer with the DEA's note, and the timeline shows each step."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from dea_support.models import DeclineReason, RequestState
from dea_support.services import support_request_file, support_request_request_info
from dea_support.tasks import info_request_reminders
from jomcase.models import Nation, Notification
from jomcase.working_days import add_working_days
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    JobcentreFactory,
    StaffFactory,
    add_member,
    today,
    working_day,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_a_question_never_answered_is_reminded_chased_and_closed(page):
    jobcentre = JobcentreFactory(nation=Nation.ENGLAND_AND_WALES)
    coach = StaffFactory(
        username="coach1",
        first_name="Siân",
        last_name="Llewelyn",
        work_coach=True,
        jobcentre=jobcentre,
    )
    dea = StaffFactory(
        username="dea1", first_name="Małgorzata", last_name="Wójcik", dea=True, jobcentre=jobcentre
    )
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Nguyễn Thị", surname="Hoa")

    # What the clock would have done: the request filed and the question asked seven working
    # days ago, and the scheduled rule run each morning it was due (and once more on the
    # last, which sends nothing twice). The date it was needed by has passed since.
    asked_on = add_working_days(today(), -7, dea.nation)
    with time_machine.travel(at(asked_on, 9), tick=False):
        sr = support_request_file(
            actor=coach,
            kind="claimant_support",
            claimant_id=claimant.pk,
            challenges="Anxiety in busy offices.",
            reason="Advice on adjustments for interviews.",
            required_by=working_day(3),
        )
    with time_machine.travel(at(asked_on, 10), tick=False):
        support_request_request_info(
            request_id=sr.pk, actor=dea, message="Which office suits her best?"
        )
    for day, hour in (
        (add_working_days(asked_on, 1), 7),
        (add_working_days(asked_on, 2), 7),
        (add_working_days(asked_on, 5), 7),
        (add_working_days(asked_on, 5), 15),
    ):
        with time_machine.travel(at(day, hour), tick=False):
            info_request_reminders.apply()
    reminder = f"Reminder: Małgorzata Wójcik is waiting for your answer on {sr.reference}"

    # The coach sees on their home page that the DEA waits for their answer, and the two
    # reminders in their notifications.
    sign_in(page, "coach1")
    expect(page.get_by_text("1 request waiting for your answer")).to_be_visible()
    waiting = page.locator("#waiting-for-you")
    expect(waiting.get_by_role("link", name=sr.reference)).to_be_visible()
    expect(waiting).to_contain_text("Nguyễn Thị Hoa")
    expect(waiting).to_contain_text(f"Małgorzata Wójcik asked on {asked_on:%-d %B %Y}")
    # Past the date it was needed by, but waiting for the coach: never "Overdue".
    expect(waiting.locator(".govuk-tag")).to_have_text(["Waiting for the requester"])
    assert_accessible(page)
    page.get_by_role("link", name="Notifications").click()
    reminders = page.get_by_role("link", name=reminder, exact=True)
    expect(reminders).to_have_count(2)
    expect(
        page.get_by_text(
            "Małgorzata Wójcik asked you a question about Nguyễn Thị Hoa 2 working days ago"
        )
    ).to_be_visible()
    expect(page.get_by_text("If no answer comes, they may close the request.")).to_be_visible()
    assert_accessible(page)
    reminders.first.click()
    expect(page.get_by_role("heading", name="The DEA has a question")).to_be_visible()
    expect(page.get_by_text("Which office suits her best?").first).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The DEA was told at 5 working days, and chases: an empty message first.
    sign_in(page, "dea1")
    page.get_by_role("link", name="Notifications").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"No answer on {sr.reference} after 5 working days").click()
    expect(page.get_by_role("heading", name="Waiting for an answer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the reminder").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link", name="Enter a message for the requester").click()
    expect(page.get_by_label("Message for the requester")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Message for the requester").fill("Could you answer by Friday, please?")
    page.get_by_role("button", name="Send the reminder").click()
    expect(page.get_by_text("Siân Llewelyn has been reminded")).to_be_visible()
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text("Chased for an answer")
    expect(timeline).to_contain_text("Could you answer by Friday, please?")
    assert_accessible(page)

    # Still no answer: the DEA closes it with a note.
    page.get_by_label("Note for the requester").fill(
        "No answer came; make a new request if you still need help."
    )
    page.get_by_role("button", name="Close the request").click()
    expect(
        page.get_by_text(f"You closed {sr.reference}. Siân Llewelyn has been told why")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for an answer")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # The coach sees it declined for no answer, with the note, and every step on its timeline.
    sign_in(page, "coach1")
    expect(page.locator("#waiting-for-you")).to_have_count(0)
    page.get_by_role("link", name="Notifications").click()
    expect(
        page.get_by_role(
            "link",
            name=f"Małgorzata Wójcik is waiting for your answer on {sr.reference}",
            exact=True,
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"{sr.reference} declined by the DEA").click()
    expect(page.get_by_text("Reason: No answer from the requester.")).to_be_visible()
    # The DEA asked within the hour; the days waiting for the coach do not make them late.
    expect(page.get_by_text("Answered late")).to_have_count(0)
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Time to answer Within a working day"
    )
    expect(
        page.get_by_text("No answer came; make a new request if you still need help.").first
    ).to_be_visible()
    timeline = page.locator(".moj-timeline")
    titles = timeline.locator(".moj-timeline__title")
    expect(titles.filter(has_text="Reminder sent")).to_have_count(2)
    expect(titles.filter(has_text="Chased for an answer")).to_have_count(1)
    expect(titles.filter(has_text="Closed: the requester did not answer")).to_have_count(1)
    expect(timeline).to_contain_text(
        "Reminder sent to Siân Llewelyn after 2 working days without an answer"
    )
    expect(timeline).to_contain_text(
        "Reminder sent to Siân Llewelyn after 5 working days without an answer; "
        "Małgorzata Wójcik was told"
    )
    expect(timeline).to_contain_text(f"{add_working_days(asked_on, 2):%-d %B %Y} at 07:00")
    assert_accessible(page)

    sr.refresh_from_db()
    assert (sr.state, sr.decline_reason) == (RequestState.DECLINED, DeclineReason.NO_RESPONSE)
    assert Notification.objects.filter(recipient=coach, title=reminder).count() == 2
