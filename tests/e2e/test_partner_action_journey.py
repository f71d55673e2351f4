"""A partner's action from an outcome to done (DESIGN.md sections 5 and 7, [16]): a case
conference's outcome gives the jobcentre's work psychologist an action with a due date; the
psychologist finds it on Actions, marks it done with a note, and the work coach sees it done
on the activity's page and the claimant's timeline, with the request resolved as nothing it
led to is open any more. axe checks every page as it is visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conferences.models import Action, ActionState, Activity, PartnerCoverage
from conferences.services import activity_record_outcome, support_request_accept
from dea_support.models import RequestState
from dea_support.services import support_request_file
from jomcase.models import Role
from tests.conferences.page_helpers import held
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import (
    LONG_AGO,
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    today,
    working_day,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_work_psychologist_marks_their_action_done_and_the_coach_sees_it(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(
        username="dea1", first_name="Dee", last_name="Adviser", dea=True, jobcentre=coach.jobcentre
    )
    psychologist = StaffFactory(
        username="psychologist1",
        first_name="Pat",
        last_name="Psychologist",
        roles=[Role.WORK_PSYCHOLOGIST],
    )
    PartnerCoverage.objects.create(
        staff=psychologist, jobcentre=coach.jobcentre, role=Role.WORK_PSYCHOLOGIST, start=LONG_AGO
    )
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ana", surname="Okafor")
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=working_day(7),
        claimant_id=claimant.pk,
        challenges="Anxiety makes busy offices hard.",
        reason="Advice on what work might suit her.",
    )
    support_request_accept(request_id=sr.pk, actor=dea, channel="case_conference")
    conference = held(Activity.objects.get(support_request=sr))
    due = today() + dt.timedelta(days=12)
    activity_record_outcome(
        activity_id=conference.pk,
        actor=dea,
        outcomes=["work_psychologist_action"],
        summary="Agreed an occupational assessment before any job search.",
        action_note="Assess which working patterns suit her anxiety.",
        action_due=due,
    )

    # The psychologist finds the action waiting, with its due date.
    sign_in(page, "psychologist1")
    expect(page.get_by_text("You have 1 open action")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Actions", exact=True).click()
    expect(page.get_by_role("heading", name="Your actions", level=1)).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Ana Okafor"))
    expect(row).to_contain_text("Work psychologist action")
    expect(row).to_contain_text("Assess which working patterns suit her anxiety.")
    expect(row).to_contain_text("Case conference")
    expect(row).to_contain_text(f"{due:%-d %b %Y}")
    assert_accessible(page)

    # They mark it done, saying what was done.
    row.get_by_role("link", name=re.compile("Mark as done")).click()
    expect(page.get_by_role("heading", name="Mark the action as done", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text(f"{due:%-d %B %Y}")
    assert_accessible(page)
    page.get_by_label("What was done? (optional)").fill(
        "Assessed on Tuesday: part-time mornings suit her best."
    )
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Work psychologist action marked as done")).to_be_visible()
    expect(page.get_by_text("You have no open actions.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Done", exact=True).click()
    done_row = page.get_by_role("row", name=re.compile("Ana Okafor"))
    expect(done_row).to_contain_text(f"{today():%-d %b %Y}")
    expect(done_row).to_contain_text("part-time mornings suit her best")
    assert_accessible(page)
    sign_out(page)

    # The work coach follows the request to the case conference and sees the action done.
    sign_in(page, "coach1")
    page.get_by_role("link", name="Your requests", exact=True).click()
    expect(page.get_by_role("row", name=re.compile(sr.reference))).to_contain_text("Resolved")
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()
    work = page.get_by_role("table", name="The work this request led to")
    work.get_by_role("link", name=re.compile("Case conference")).click()
    expect(
        page.get_by_role("heading", name="Case conference with Ana Okafor", level=1)
    ).to_be_visible()
    outcome = page.get_by_role("definition").filter(has_text="For Pat Psychologist")
    expect(outcome).to_have_text(re.compile(rf"due {due:%-d %B %Y} \(done\)"))
    history = page.locator(".moj-timeline__item").filter(
        has=page.get_by_role("heading", name="Partner action done")
    )
    expect(history).to_contain_text("part-time mornings suit her best")
    expect(history).to_contain_text("by Pat Psychologist")
    assert_accessible(page)

    # The claimant's timeline says the same.
    page.get_by_role("link", name="See the claimant's timeline").click()
    expect(page.get_by_role("heading", name="Timeline", level=1)).to_be_visible()
    action_item = page.locator(".moj-timeline__item").filter(
        has=page.get_by_role("heading", name="Work psychologist action", exact=True)
    )
    expect(action_item).to_contain_text(f"For Pat Psychologist. Done on {today():%-d %B %Y}")
    assert_accessible(page)

    action = Action.objects.get(origin_activity=conference)
    assert (action.state, action.assignee) == (ActionState.DONE, psychologist)
    sr.refresh_from_db()
    assert sr.state == RequestState.RESOLVED
