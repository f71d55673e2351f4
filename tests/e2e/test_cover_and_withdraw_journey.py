"""What happens to requests besides the DEA's decision, which test_support_request_journey
follows from filing to acceptance: a team leader moves a DEA's open requests to a colleague
for cover, and the covering DEA finds them in their inbox and books the case conference
that moved with them, while the DEA on leave no longer has it; a coach withdraws a request
after confirming."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from conferences.models import Activity, ActivityState
from conferences.services import support_request_accept
from dea_support.models import RequestState, SupportRequest
from dea_support.services import support_request_file
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    managed_by,
    today,
    working_day,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_team_leader_moves_a_deas_open_requests_to_a_colleague_for_cover(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    leader = StaffFactory(username="wctl1", first_name="Lee", last_name="Leader", wctl=True)
    StaffFactory(username="dea2", first_name="Cy", last_name="Cover", dea=True)
    managed_by(dea, leader)
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ana", surname="Claimant")
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=working_day(5),
        claimant_id=claimant.pk,
        challenges="Finds busy offices hard.",
        reason="Advice on adjustments at interviews.",
    )
    support_request_accept(request_id=sr.pk, actor=dea, channel="case_conference")

    sign_in(page, "wctl1")
    page.get_by_role("link", name="Inbox", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Arrange cover").click()
    assert_accessible(page)
    page.get_by_label("Dee Adviser").check()
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    # Leave from today for a fortnight: the month may be typed as its name.
    last_day = today() + dt.timedelta(days=13)
    for legend, day in (("First day of the cover", today()), ("Last day of the cover", last_day)):
        dates = page.get_by_role("group", name=legend)
        dates.get_by_label("Day").fill(str(day.day))
        dates.get_by_label("Month").fill(f"{day:%b}")
        dates.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Which DEA will cover?").select_option(label="Cy Cover")
    page.get_by_label("Note (optional)").fill("Annual leave")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Move 1 request to Cy Cover?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Move the request").click()
    expect(page.get_by_text("1 request moved from Dee Adviser to Cy Cover")).to_be_visible()
    expect(page.get_by_role("heading", name="Covers", exact=True)).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The covering DEA has it now, with the move on its timeline, and the case conference
    # that was not booked yet is theirs to book.
    sign_in(page, "dea2")
    page.get_by_role("link", name="Inbox", exact=True).click()
    page.get_by_role("link", name=sr.reference).click()
    expect(page.locator(".moj-timeline")).to_contain_text("Moved to a covering DEA")
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text("Book it from the activity's page")
    assert_accessible(page)
    next_step.get_by_role("link", name="Go to the case conference").click()
    expect(page.get_by_role("heading", name="Case conference with Ana Claimant")).to_be_visible()
    expect(
        page.get_by_text("Moved from Dee Adviser to Cy Cover for cover: Annual leave")
    ).to_be_visible()
    assert_accessible(page)
    meeting_day = today() + dt.timedelta(days=3)
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_label("Day").fill(str(meeting_day.day))
    page.get_by_label("Month").fill(str(meeting_day.month))
    page.get_by_label("Year").fill(str(meeting_day.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("11:00")
    page.get_by_label("Phone").check()
    page.get_by_role("button", name="Book it").click()
    expect(page.get_by_text(f"Booked for {meeting_day:%-d %B %Y} at 10:00")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The DEA on leave no longer has it in their work.
    sign_in(page, "dea1")
    page.get_by_role("link", name="See your work").click()
    expect(page.get_by_role("heading", name="You have no open activities")).to_be_visible()
    assert_accessible(page)

    sr.refresh_from_db()
    assert sr.state == RequestState.ACCEPTED and sr.dea.username == "dea2"
    assert SupportRequest.objects.get(pk=sr.pk).events.filter(action="cover").exists()
    conference = Activity.objects.get(support_request=sr)
    assert (conference.state, conference.dea.username) == (ActivityState.BOOKED, "dea2")
    assert {e.staff.username for e in conference.diary_entries.all()} == {"dea2", "coach1"}


def test_a_coach_withdraws_a_request_after_confirming(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    add_member(CohortFactory(dea=dea), coach)
    sr = support_request_file(
        actor=coach,
        kind="skill_support",
        required_by=working_day(5),
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
