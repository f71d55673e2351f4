"""A three-way intervention from the DEA's decision to its follow-ons (issue 4's acceptance):
the DEA accepts a request as a three-way; the coach records the claimant's consent, books it
and prints the claimant's letter; the day after, the coach marks it held and records two
outcomes, a claimant support intervention and a work psychologist action; the intervention
shows as proposed on the claimant's timeline, and the jobcentre's work psychologist finds the
action waiting. axe checks every page as it is visited."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conferences.models import (
    Action,
    ActionKind,
    Activity,
    ActivityKind,
    ActivityState,
    PartnerCoverage,
)
from dea_support.services import support_request_file
from jomcase.models import Role
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


def pdf_text(pdf: bytes) -> str:
    """The strings a PDF draws, read from its (deflated) content streams."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        shown += re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", content)
    return " ".join(part.decode("latin-1") for part in shown)


def test_a_three_way_is_consented_booked_held_and_its_outcomes_reach_the_partner(
    page, time_machine
):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(
        username="dea1",
        first_name="Dee",
        last_name="Adviser",
        dea=True,
        jobcentre=coach.jobcentre,
    )
    psychologist = StaffFactory(
        username="psychologist1",
        first_name="Pat",
        last_name="Psychologist",
        roles=[Role.WORK_PSYCHOLOGIST],
    )
    PartnerCoverage.objects.create(
        staff=psychologist,
        jobcentre=coach.jobcentre,
        role=Role.WORK_PSYCHOLOGIST,
        start=LONG_AGO,
    )
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ana", surname="Okafor")
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=working_day(7),
        claimant_id=claimant.pk,
        challenges="Anxiety makes busy offices hard.",
        reason="Would like the DEA at her next appointment.",
    )
    meeting_day = today() + dt.timedelta(days=1)

    # The DEA accepts the request as a three-way intervention.
    sign_in(page, "dea1")
    assert_accessible(page)
    page.get_by_role("link", name="Inbox", exact=True).click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()
    expect(page.get_by_role("heading", name="Decide how to help")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Three-way intervention").check()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text(f"You accepted {sr.reference}: three-way intervention")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    assert_accessible(page)

    # The coach goes from the request to the three-way and records the claimant's consent.
    sign_in(page, "coach1")
    assert_accessible(page)
    page.get_by_role("link", name=sr.reference).click()  # from the home page's panel
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text("You will lead a three-way intervention")
    expect(next_step).to_contain_text("Ask the claimant for their consent")
    assert_accessible(page)
    next_step.get_by_role("link", name="Go to the three-way intervention").click()
    expect(
        page.get_by_role("heading", name="Three-way intervention with Ana Okafor", level=1)
    ).to_be_visible()
    expect(page.get_by_text("The claimant has not been asked yet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the claimant's answer").click()
    expect(page.get_by_role("heading", name="Record the claimant's answer")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, they agreed").check()
    page.get_by_label("The claimant was told what a DEA does").check()
    page.get_by_label("The claimant was told what happens if they do not attend").check()
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_text("Consent recorded. You can now book the three-way")).to_be_visible()
    assert_accessible(page)

    # The coach books it for tomorrow morning at the jobcentre.
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("heading", name="Book the three-way intervention")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill(str(meeting_day.day))
    page.get_by_label("Month").fill(str(meeting_day.month))
    page.get_by_label("Year").fill(str(meeting_day.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("11:00")
    page.get_by_label("Face to face").check()
    page.get_by_label("Place (optional)").fill("Room 4, ground floor")
    page.get_by_role("button", name="Book it").click()
    expect(page.get_by_text(f"Booked for {meeting_day:%-d %B %Y} at 10:00")).to_be_visible()
    assert_accessible(page)

    # The claimant's letter prints with the date, time and place; the PDF says the same.
    page.get_by_role("link", name="Print the letter").click()
    expect(page.get_by_role("heading", name="Letter to the claimant")).to_be_visible()
    letter = page.get_by_role("article", name="Letter")
    expect(letter).to_contain_text(f"{meeting_day:%A %-d %B %Y}")
    expect(letter).to_contain_text("10:00 to 11:00")
    expect(letter).to_contain_text("Room 4, ground floor")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Letter to the claimant")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(letter).to_be_visible()
    page.emulate_media(media="screen")
    pdf_href = page.get_by_role("link", name="download the letter as a PDF").get_attribute("href")
    response = page.request.get(pdf_href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    drawn = pdf_text(response.body())
    assert f"{meeting_day:%A %-d %B %Y}" in drawn and "10:00 to 11:00" in drawn
    assert "Room 4, ground floor" in drawn

    # The day after: it took place, so the coach marks it held and records its outcomes.
    held_at = dt.datetime.combine(meeting_day, dt.time(11, 30))
    time_machine.move_to(timezone.make_aware(held_at), tick=True)
    sign_in(page, "coach1")  # a new working day: yesterday's session has ended
    page.get_by_role("link", name="Your work", exact=True).click()
    expect(page.get_by_role("heading", name="Your work", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Three-way intervention").click()
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("Marked as held")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_role("heading", name="Record the outcome")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Claimant support intervention").check()
    page.get_by_label("Work psychologist action").check()
    page.get_by_label("Summary of outputs").fill(
        "Agreed a CSI on managing anxiety, and an assessment by the work psychologist."
    )
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("Outcome recorded with 2 follow-ons")).to_be_visible()
    expect(page.get_by_text("For Pat Psychologist, due")).to_be_visible()
    assert_accessible(page)

    # The claimant support intervention shows on the claimant's timeline, proposed.
    page.get_by_role("link", name="See the claimant's timeline").click()
    expect(page.get_by_role("heading", name="Timeline", level=1)).to_be_visible()
    proposed = page.locator(".moj-timeline__item").filter(
        has=page.get_by_role("heading", name="Claimant support intervention proposed")
    )
    expect(proposed).to_contain_text("Now: awaiting consent.")
    assert_accessible(page)
    sign_out(page)

    # The work psychologist finds the action waiting for them.
    sign_in(page, "psychologist1")
    expect(page.get_by_text("You have 1 open action")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Actions", exact=True).click()
    expect(page.get_by_role("heading", name="Your actions", level=1)).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Ana Okafor"))
    expect(row).to_contain_text("Work psychologist action")
    expect(row).to_contain_text("Three-way intervention")
    assert_accessible(page)

    three_way = Activity.objects.get(support_request=sr, kind=ActivityKind.THREE_WAY)
    assert three_way.state == ActivityState.CONCLUDED
    csi = Activity.objects.get(origin=three_way)
    assert (csi.kind, csi.state) == (
        ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
        ActivityState.AWAITING_CONSENT,
    )
    action = Action.objects.get(origin_activity=three_way)
    assert (action.kind, action.assignee) == (ActionKind.WORK_PSYCHOLOGIST, psychologist)
