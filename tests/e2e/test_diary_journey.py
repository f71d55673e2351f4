"""The DEA's diary (DESIGN.md section 5: booking checks every participant's diary): the DEA
blocks out a morning in next week's diary; booking a case conference over it is refused with
the clash named, and nothing is booked; the DEA removes the blocked time and the booking goes
through; the calendar page gives the DEA a private address whose iCalendar feed lists the
booking. axe checks every page as it is visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conferences.models import Activity, ActivityState, DiaryEntry
from conferences.services import support_request_accept
from dea_support.services import support_request_file
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    today,
    working_day,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fill_in_the_date(page, day: dt.date) -> None:
    page.get_by_role("textbox", name="Day").fill(str(day.day))
    page.get_by_role("textbox", name="Month").fill(str(day.month))
    page.get_by_role("textbox", name="Year").fill(str(day.year))


def book_the_case_conference(page, day: dt.date) -> None:
    page.get_by_role("link", name="Your work", exact=True).click()
    page.get_by_role("link", name=re.compile("Case conference")).click()
    expect(
        page.get_by_role("heading", name="Case conference with Ana Okafor", level=1)
    ).to_be_visible()
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("heading", name="Book the case conference", level=1)).to_be_visible()
    assert_accessible(page)
    fill_in_the_date(page, day)
    page.get_by_label("Start time").fill("11:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_role("button", name="Book it").click()


def test_blocked_time_stops_a_booking_until_removed_and_the_feed_lists_the_booking(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ana", surname="Okafor")
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=working_day(14),
        claimant_id=claimant.pk,
        challenges="Finds busy offices hard.",
        reason="Advice on adjustments at interviews.",
    )
    support_request_accept(request_id=sr.pk, actor=dea, channel="case_conference")
    next_monday = today() + dt.timedelta(days=7 - today().weekday())
    wednesday = next_monday + dt.timedelta(days=2)

    # The DEA blocks out Wednesday morning next week for training.
    sign_in(page, "dea1")
    page.get_by_role("link", name="Diary", exact=True).click()
    expect(page.get_by_role("heading", name="Your diary", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Block out time").click()
    expect(
        page.get_by_role("heading", name="Block out time in your diary", level=1)
    ).to_be_visible()
    assert_accessible(page)
    fill_in_the_date(page, wednesday)
    page.get_by_label("From").fill("09:30")
    page.get_by_label("Until").fill("12:30")
    page.get_by_label("What is it? (optional)").fill("Mental health training")
    page.get_by_role("button", name="Block out the time").click()
    expect(
        page.get_by_text(f"Your diary shows you as unavailable on {wednesday:%-d %B %Y}")
    ).to_be_visible()
    expect(page.get_by_text(f"Week of {next_monday:%-d %B %Y}").first).to_be_visible()
    day = page.get_by_role("table", name=f"{wednesday:%A %-d %B %Y}")
    expect(day.get_by_role("row", name=re.compile("Mental health training"))).to_contain_text(
        "09:30 to 12:30"
    )
    assert_accessible(page)

    # Booking the case conference over it is refused, naming the clash; nothing is booked.
    book_the_case_conference(page, wednesday)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"That time clashes with a diary: Dee Adviser from {wednesday:%-d %B %Y} 09:30 to 12:30"
    )
    assert_accessible(page)
    conference = Activity.objects.get(support_request=sr)
    assert conference.state == ActivityState.PROPOSED and conference.start is None

    # The training moved, so the DEA removes the blocked time from the diary.
    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_role("link", name=re.compile("Next week")).click()
    day = page.get_by_role("table", name=f"{wednesday:%A %-d %B %Y}")
    day.get_by_role("button", name=re.compile("Remove Mental health training")).click()
    expect(page.get_by_text("The time was removed from your diary")).to_be_visible()
    expect(day).to_have_count(0)
    assert_accessible(page)

    # Now the booking goes through, and the diary shows it.
    book_the_case_conference(page, wednesday)
    expect(page.get_by_text(f"Booked for {wednesday:%-d %B %Y} at 11:00")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_role("link", name=re.compile("Next week")).click()
    booking = day.get_by_role("row", name=re.compile("Case conference"))
    expect(booking).to_contain_text("11:00 to 12:00")
    expect(booking).to_contain_text("with Ana Okafor (phone)")
    assert_accessible(page)

    # The DEA gets a private calendar address; its feed lists the booking, not the claimant.
    page.get_by_role("link", name="See your bookings in your calendar app").click()
    expect(
        page.get_by_role("heading", name="Your bookings in your calendar app", level=1)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.get_by_text("Your calendar address is ready")).to_be_visible()
    address = page.locator("#calendar-address")
    expect(address).to_have_text(re.compile(r"^http://.+/calendar/.+\.ics$"))
    assert_accessible(page)
    response = page.request.get(address.inner_text())
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    feed = response.text().replace("\r\n ", "")  # unfold long lines
    start = timezone.make_aware(dt.datetime.combine(wednesday, dt.time(11))).astimezone(dt.UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in feed
    assert "SUMMARY:Case conference (phone)" in feed
    assert "Okafor" not in feed

    conference.refresh_from_db()
    assert conference.state == ActivityState.BOOKED
    assert not DiaryEntry.objects.filter(staff=dea, activity=None).exists()
