"""A team leader blocks the cohort's diaries; the DEA books a session (refused an 11th coach
first), holds it, records who came and the outcomes of its cases; compliance shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from conferences.models import Activity, ActivityKind, ActivityState
from tests.conferences.group_helpers import Scene, pending_cases
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import StaffFactory, a_cohort_of, managed_by, today

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def a_scene() -> Scene:
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    cohort = a_cohort_of(12, dea=dea)
    leader = StaffFactory(username="leader1", first_name="Tess", last_name="Leader", wctl=True)
    managed_by(dea, leader)
    coaches = [
        m.work_coach
        for m in cohort.memberships.select_related("work_coach").order_by(
            "work_coach__last_name", "work_coach__first_name", "work_coach_id"
        )
    ]
    return Scene(cohort=cohort, dea=dea, leader=leader, coaches=coaches)


def test_a_team_leader_blocks_diaries_and_the_dea_runs_a_session(page):
    scene = a_scene()
    cases = pending_cases(scene, 2)

    sign_in(page, "leader1")
    page.get_by_role("link", name="Group conferences", exact=True).click()
    page.get_by_role("link", name="Dee Adviser").click()
    expect(page.get_by_role("heading", name="Group conferences", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Block diaries for 4 months").click()
    assert_accessible(page)
    next_month = (today().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    page.get_by_label("First month to plan").select_option(f"{next_month:%Y-%m}")
    page.get_by_label("Wednesday").check()
    page.get_by_label("Place (optional)").fill("Room 2")
    page.get_by_role("button", name="Block the diaries").click()
    expect(page.get_by_role("heading", name="Diaries blocked")).to_be_visible()
    expect(page.locator(".govuk-panel__body")).to_have_text(
        f"8 sessions booked from {next_month:%B %Y}"
    )
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "dea1")
    page.get_by_role("link", name="Group conferences", exact=True).click()
    page.get_by_role("button", name="Book one session").click()
    yesterday = today() - dt.timedelta(days=1)
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("15:00")
    for coach in scene.coaches[:11]:
        page.get_by_label(coach.display_name, exact=True).check()
    page.get_by_role("button", name="Book the session").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("11 work coaches is too many for one group conference")
    assert_accessible(page)
    assert not Activity.objects.filter(
        kind=ActivityKind.GROUP_CONFERENCE, start__date=yesterday
    ).exists()

    for coach in scene.coaches[4:11]:
        page.get_by_label(coach.display_name, exact=True).uncheck()
    for case in cases:
        page.get_by_label(case.claimant.full_name, exact=False).check()
    page.get_by_role("button", name="Book the session").click()
    expect(page.get_by_text("Group conference booked for")).to_be_visible()
    expect(page.get_by_text("The guidance expects 3 to 4 cases a session")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("Marked as held")).to_be_visible()
    page.get_by_role("button", name="Record attendance and outcomes").click()
    assert_accessible(page)
    for coach in scene.coaches[:3]:
        page.get_by_label(f"{coach.display_name} (work coach)").check()
    page.get_by_label("Summary of outputs").fill("Shared how to agree adjustments.")
    first, second = page.locator("fieldset").filter(has_text="Outcomes for").all()
    first.get_by_label("Case conference").check()
    second.get_by_label("No further support needed").check()
    page.get_by_role("button", name="Record the session").click()
    expect(page.get_by_text("Recorded: 2 cases discussed, 1 follow-on")).to_be_visible()
    assert_accessible(page)
    session = Activity.objects.get(kind=ActivityKind.GROUP_CONFERENCE, start__date=yesterday)
    assert session.state == ActivityState.CONCLUDED

    page.get_by_role("link", name="Back to the group conferences").click()
    page.get_by_role("link", name="Check compliance month by month").click()
    expect(page.get_by_role("heading", name="Group conference compliance")).to_be_visible()
    # The session just held counts for its month: 12 coaches need 2 sessions, 1 was held.
    month = page.locator("#compliance tbody tr").filter(has_text=f"{yesterday:%B %Y}")
    cells = month.locator("td")
    expect(cells.nth(0)).to_have_text("12")
    expect(cells.nth(1)).to_have_text("2")
    expect(cells.nth(3)).to_have_text("1")
    assert_accessible(page)
