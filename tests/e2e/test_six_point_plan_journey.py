"""A six point plan [37] as the people involved meet it: the work coach records one from the
claimant's page (a mistake first, then the facts, a check of the answers and a confirmation);
their team leader is told, opens it from the notification and reviews it; an analyst is told
there is no such page; the API lists it for the coach. axe checks every page as it is visited.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from claimants.models import SixPointPlanRecord
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import (
    ClaimantFactory,
    StaffFactory,
    TeamFactory,
    join_team,
    today,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_coach_records_a_six_point_plan_and_the_team_leader_reviews_it(page):
    leader = StaffFactory(
        username="teamleader1", first_name="Gary", last_name="Hutchinson", wctl=True
    )
    coach = StaffFactory(
        username="coach1", first_name="Ffion", last_name="Pritchard", work_coach=True
    )
    join_team(coach, TeamFactory(leader=leader))
    StaffFactory(username="analyst1", analyst=True)
    claimant = ClaimantFactory(
        work_coach=coach, forenames="Katarzyna", surname="Wójcik", non_benefit=True
    )
    declared = today() - dt.timedelta(days=1)

    # The coach starts from the claimant's page.
    sign_in(page, "coach1")
    page.goto(f"/claimants/{claimant.pk}/")
    expect(page.get_by_role("heading", name="Katarzyna Wójcik", level=1)).to_be_visible()
    expect(page.get_by_text("No six point plan is recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record a six point plan").click()
    expect(page.get_by_role("heading", name="Record a six point plan", level=1)).to_be_visible()
    assert_accessible(page)

    # Continuing with nothing filled in says what is missing.
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the date of the declaration")
    expect(summary).to_contain_text("Select yes if emergency services were contacted")
    assert_accessible(page)

    page.get_by_label("Day").fill(str(declared.day))
    page.get_by_label("Month").fill(f"{declared:%b}")  # a month's name, as GOV.UK allows
    page.get_by_label("Year").fill(str(declared.year))
    page.get_by_label("What did the claimant declare?").fill(
        "Said she had thought about taking an overdose this week."
    )
    page.get_by_label("What steps did you take?").fill(
        "Stayed with her in a quiet room and gave her the Samaritans' number."
    )
    page.get_by_role("group", name="Were emergency services contacted?").get_by_label("No").check()
    page.get_by_label("Who was told?").fill("Gary Hutchinson, team leader.")
    page.get_by_label("What follow-up was agreed?").fill("A phone call tomorrow at 10:00.")
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Check your answers before recording the six point plan")
    ).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text(f"{declared:%-d %B %Y}")
    expect(page.get_by_text("Gary Hutchinson, the work coach's team leader")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record six point plan").click()

    expect(page.get_by_role("heading", name="Six point plan recorded")).to_be_visible()
    expect(page.get_by_text("We have told Gary Hutchinson")).to_be_visible()
    assert_accessible(page)
    record = SixPointPlanRecord.objects.get()
    page.get_by_role("link", name="Back to Katarzyna Wójcik's record").click()
    expect(page.get_by_text("Yes \N{EN DASH} follow the six point plan")).to_be_visible()
    expect(page.locator("#six-point-plans + table")).to_contain_text("Waiting for review")
    assert_accessible(page)

    # The API lists it for the coach, signed in as they are.
    listed = page.request.get(f"/api/claimants/{claimant.pk}/six-point-plans/")
    assert listed.status == 200
    assert [row["id"] for row in listed.json()["results"]] == [record.pk]
    sign_out(page)

    # The team leader opens it from the notification and reviews it.
    sign_in(page, "teamleader1")
    page.get_by_role("link", name="Notifications").click()
    assert_accessible(page)
    page.get_by_role("link", name="Six point plan recorded for Katarzyna Wójcik: review it").click()
    expect(page.get_by_role("heading", name="Six point plan record", level=1)).to_be_visible()
    expect(page.locator("#facts")).to_contain_text("taking an overdose")
    assert_accessible(page)
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the review")
    assert_accessible(page)
    page.get_by_label("Day").fill(str(today().day))
    page.get_by_label("Month").fill(str(today().month))
    page.get_by_label("Year").fill(str(today().year))
    page.get_by_label("Review note").fill("Spoke to Ffion; the call is booked.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Your review was recorded")).to_be_visible()
    expect(page.get_by_text("Spoke to Ffion; the call is booked.", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Record the review")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # An analyst is told there is no such page.
    sign_in(page, "analyst1")
    response = page.goto(f"/claimants/six-point-plans/{record.pk}/")
    assert response.status == 404
    expect(page.get_by_text("taking an overdose")).to_have_count(0)
    record.refresh_from_db()
    assert record.reviewed_by == leader
