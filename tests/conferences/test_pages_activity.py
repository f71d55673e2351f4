"""The activity page and the pages of its steps: who may open them, what each step offers, and
that each refusal shows its message and saves nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from claimants.models import Conditionality
from conferences.models import (
    ALLOWED_OUTCOMES,
    Activity,
    ActivityKind,
    ActivityState,
    Consent,
    CsiApproval,
    DiaryEntry,
    Outcome,
    Participant,
)
from conferences.services import activity_cancel, holding_response_send, unavailability_add
from jomcase.models import AccessLog
from tests.conferences.page_helpers import (
    booked,
    checkbox_values,
    consented,
    date_post,
    error_summary,
    held,
    html,
    radio_values,
    slot,
    text,
)
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    TeamFactory,
    add_member,
    an_activity,
    join_team,
    managed_by,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    """A coach in a team whose leader manages the DEA whose cohort holds the coach."""
    coach = StaffFactory(work_coach=True, first_name="Carol", last_name="Coach")
    team = TeamFactory(leader=StaffFactory(wctl=True, first_name="Tess", last_name="Leader"))
    join_team(coach, team)
    dea = StaffFactory(dea=True, first_name="Dee", last_name="Adviser")
    managed_by(dea, team.leader)
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Sam", surname="Jones")
    return SimpleNamespace(coach=coach, dea=dea, wctl=team.leader, claimant=claimant)


def make(people, kind="case_conference", **kwargs):
    claimant = kwargs.pop("claimant", people.claimant)
    if kind == "skill_conference" or kind == "informational_support":
        claimant = None
    return an_activity(kind, claimant=claimant, dea=people.dea, work_coach=people.coach, **kwargs)


def url(name: str, activity) -> str:
    return reverse(f"conferences:{name}", args=[activity.pk])


def as_user(client, user):
    client.force_login(user)
    return client


# Who may open the activity page


def test_the_coach_and_dea_see_the_activity_with_the_claimant(client, people):
    activity = make(people)
    for person in (people.coach, people.dea):
        response = as_user(client, person).get(url("activity", activity))
        assert response.status_code == 200
        page = text(response)
        assert "Case conference with Sam Jones" in page
        assert people.claimant.nino_display in page
        assert "Dee Adviser (DEA)" in page and "Carol Coach (Work coach)" in page
        assert "Proposed" in page  # the timeline of events
        # The timeline is for those who may open the claimant's record: the coach holds
        # them; this claimant was never referred to the DEA.
        assert ("See the claimant's timeline" in page) == (person == people.coach)


def test_reading_an_activity_about_a_claimant_is_logged(client, people):
    activity = make(people)
    as_user(client, people.coach).get(url("activity", activity))
    log = AccessLog.objects.get()
    assert (log.staff, log.record_type, log.record_id) == (
        people.coach,
        "claimants.claimant",
        people.claimant.pk,
    )
    assert log.via == url("activity", activity)


def test_a_skill_conference_has_no_claimant_and_logs_nothing(client, people):
    activity = make(people, "skill_conference")
    response = as_user(client, people.coach).get(url("activity", activity))
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


def test_another_coach_an_analyst_and_a_stranger_dea_get_404(client, people):
    activity = make(people)
    for person in (
        StaffFactory(work_coach=True),
        StaffFactory(analyst=True),
        StaffFactory(dea=True),
        StaffFactory(wctl=True),
    ):
        assert as_user(client, person).get(url("activity", activity)).status_code == 404


def test_signing_in_is_needed(client, people):
    activity = make(people)
    response = client.get(url("activity", activity))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_team_leader_sees_it_and_may_observe_but_not_book(client, people):
    activity = make(people)
    as_user(client, people.wctl)
    response = client.get(url("activity", activity))
    assert response.status_code == 200
    assert "Add me as an observer" in html(response)
    assert "Record the outcome" not in html(response)
    assert ">Book<" not in html(response)
    assert client.get(url("book", activity)).status_code == 403

    response = client.post(url("observe", activity), follow=True)
    assert "You were added as an observer" in text(response)
    assert Participant.objects.get(activity=activity, staff=people.wctl).role == "observer"
    assert "Add me as an observer" not in html(response)


def test_a_step_url_is_post_only(client, people):
    activity = make(people)
    as_user(client, people.dea)
    assert client.get(url("hold", activity)).status_code == 405


# Consent


def test_three_way_consent_asks_for_the_statements_a_mandatory_regime_needs(client, people):
    activity = make(people, "three_way")
    response = as_user(client, people.coach).get(url("activity", activity))
    assert "Record the claimant&#x27;s answer" in html(response)
    assert ">Book<" not in html(response)
    response = client.get(url("consent", activity))
    assert response.status_code == 200
    assert checkbox_values(response, "statements") == ["informed_role", "informed_consequences"]
    assert radio_values(response, "given") == ["yes", "no"]


def test_voluntary_three_way_consent_does_not_ask_about_consequences(client, people):
    claimant = ClaimantFactory(work_coach=people.coach, conditionality=Conditionality.VOLUNTARY)
    activity = make(people, "three_way", claimant=claimant)
    response = as_user(client, people.coach).get(url("consent", activity))
    assert checkbox_values(response, "statements") == ["informed_role"]


def test_csi_consent_asks_for_the_csi_statements(client, people):
    activity = make(people, "claimant_support_intervention")
    response = as_user(client, people.dea).get(url("consent", activity))
    assert checkbox_values(response, "statements") == [
        "discussed_with_team_leader",
        "informed_voluntary",
        "informed_conditionality",
    ]


def test_consent_without_the_statements_is_refused_and_nothing_is_saved(client, people):
    activity = make(people, "three_way")
    response = as_user(client, people.coach).post(
        url("consent", activity), {"given": "yes", "statements": ["informed_role"]}
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "Confirm the claimant was told the consequences of not attending"
    ]
    assert "Error: Record the claimant's answer" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.AWAITING_CONSENT
    assert not Consent.objects.exists()


def test_consent_needs_an_answer(client, people):
    activity = make(people, "three_way")
    response = as_user(client, people.coach).post(url("consent", activity), {})
    assert error_summary(response) == ["Select whether the claimant agreed"]
    assert not Consent.objects.exists()


def test_consent_given_lets_the_activity_be_booked(client, people):
    activity = make(people, "three_way")
    response = as_user(client, people.coach).post(
        url("consent", activity),
        {"given": "yes", "statements": ["informed_role", "informed_consequences"]},
        follow=True,
    )
    assert "Consent recorded. You can now book the three-way intervention" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.PROPOSED
    assert activity.consent.given and activity.consent.informed_consequences
    assert ">Book<" in html(response)


def test_a_refused_three_way_proposes_a_case_conference(client, people):
    activity = make(people, "three_way")
    response = as_user(client, people.coach).post(
        url("consent", activity), {"given": "no", "statements": ["informed_role"]}, follow=True
    )
    assert "a case conference was proposed instead" in text(response)
    follow_on = activity.follow_on_activities.get()
    assert follow_on.kind == ActivityKind.CASE_CONFERENCE


# Booking


def book_data(days=2, start="10:00", end="11:00", channel="face_to_face", place="Room 4"):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        **date_post("date", day),
        "start_time": start,
        "end_time": end,
        "channel": channel,
        "place": place,
    }


def test_booking_puts_it_in_both_diaries_at_the_time_typed(client, people):
    activity = make(people)
    response = as_user(client, people.dea).post(url("book", activity), book_data(), follow=True)
    activity.refresh_from_db()
    assert activity.state == ActivityState.BOOKED
    expected, _ = slot(2, 10)
    assert activity.start == expected
    assert activity.end == expected + dt.timedelta(hours=1)
    assert (activity.channel, activity.place) == ("face_to_face", "Room 4")
    assert DiaryEntry.objects.filter(activity=activity).count() == 2
    assert "Booked for" in text(response)
    assert "Add to your calendar" in html(response)


def test_the_booking_form_offers_only_face_to_face_for_a_csi(client, people):
    activity = consented(make(people, "claimant_support_intervention"))
    response = as_user(client, people.dea).get(url("book", activity))
    assert radio_values(response, "channel") == ["face_to_face"]
    response = as_user(client, people.dea).get(url("book", make(people)))
    assert radio_values(response, "channel") == ["face_to_face", "phone", "video", "email"]


def test_booking_errors_are_shown_and_nothing_is_booked(client, people):
    activity = make(people)
    as_user(client, people.dea)
    data = book_data(start="11:00", end="10:00")
    data["date-month"] = ""
    response = client.post(url("book", activity), data)
    assert response.status_code == 200
    assert error_summary(response) == [
        "The date must include a month",
        "The end time must be after the start time",
    ]
    # The summary leads to the box that is missing, the month, as GOV.UK's pattern asks.
    assert 'href="#id_date-month"' in html(response)
    assert 'id="id_date-month"' in html(response)
    response = client.post(url("book", activity), book_data(start="25:00"))
    assert error_summary(response) == ["The start time must be a real time, like 09:30 or 14:00"]
    activity.refresh_from_db()
    assert activity.state == ActivityState.PROPOSED
    assert not DiaryEntry.objects.exists()


def test_booking_without_consent_says_consent_is_needed(client, people):
    activity = make(people, "three_way")
    as_user(client, people.coach)
    response = client.get(url("book", activity))
    assert response.status_code == 302  # the step is not open yet
    response = client.post(url("book", activity), book_data())
    assert response.status_code == 200
    assert error_summary(response)[0].startswith("Record the claimant's consent before booking")
    activity.refresh_from_db()
    assert activity.state == ActivityState.AWAITING_CONSENT


def test_the_csi_cap_is_shown_on_the_booking_form_naming_the_team_leader(client, people):
    for days in (2, 3, 4):
        booked(make(people, "claimant_support_intervention"), days=days)
    fourth = consented(make(people, "claimant_support_intervention"))
    response = as_user(client, people.dea).post(url("book", fourth), book_data(days=6))
    assert response.status_code == 200
    [message] = error_summary(response)
    assert "already had 3 claimant support interventions" in message
    assert "ask Tess Leader to approve one" in message
    fourth.refresh_from_db()
    assert fourth.state == ActivityState.PROPOSED
    assert not DiaryEntry.objects.filter(activity=fourth).exists()


def test_a_csi_at_the_cap_says_so_before_the_booking_form_is_filled_in(client, people):
    for days in (2, 3, 4):
        booked(make(people, "claimant_support_intervention"), days=days)
    fourth = make(people, "claimant_support_intervention")
    as_user(client, people.dea)
    for page in (client.get(url("activity", fourth)), client.get(url("book", consented(fourth)))):
        assert 'id="csi-cap"' in html(page)
        assert (
            "Warning This claimant has already had 3 claimant support interventions, and 3 are "
            "allowed. For another, ask Tess Leader to approve one" in text(page)
        )
    # One under the cap, or with an approval, there is nothing to warn of.
    under = ClaimantFactory(work_coach=people.coach)
    booked(make(people, "claimant_support_intervention", claimant=under), days=5)
    other = consented(make(people, "claimant_support_intervention", claimant=under))
    assert 'id="csi-cap"' not in html(client.get(url("book", other)))
    CsiApproval.objects.create(claimant=people.claimant, approved_by=people.wctl, reason="Loss")
    assert 'id="csi-cap"' not in html(client.get(url("activity", fourth)))


def test_a_diary_clash_names_who_and_when(client, people):
    activity = make(people)
    start, end = slot(2, 10)
    unavailability_add(actor=people.coach, start=start, end=end, title="Training")
    response = as_user(client, people.dea).post(url("book", activity), book_data())
    assert response.status_code == 200
    [message] = error_summary(response)
    assert "clashes with a diary: Carol Coach from" in message
    assert f"{timezone.localtime(start):%-d %B %Y} 10:00 to 11:00" in message
    assert 'href="#id_start_time"' in html(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.PROPOSED


# Holding, not attended, and steps someone else already took


def test_held_is_offered_only_after_the_start(client, people, time_machine):
    activity = booked(make(people), days=1)
    as_user(client, people.dea)
    assert "Mark as held" not in html(client.get(url("activity", activity)))
    response = client.post(url("hold", activity))
    assert response.status_code == 200
    assert "cannot be recorded before the activity starts" in error_summary(response)[0]
    activity.refresh_from_db()
    assert activity.state == ActivityState.BOOKED

    time_machine.move_to(activity.start + dt.timedelta(minutes=5))
    client.force_login(people.dea)
    assert "Mark as held" in html(client.get(url("activity", activity)))
    response = client.post(url("hold", activity), follow=True)
    assert "Marked as held" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.HELD


def test_once_its_start_has_passed_it_is_held_or_not_attended_never_cancelled(client, people):
    activity = booked(make(people, "claimant_support_intervention"), days=-1)
    as_user(client, people.dea)
    page = html(client.get(url("activity", activity)))
    assert "Mark as held" in page and "Mark as not attended" in page
    assert f'href="{url("cancel", activity)}"' not in page
    response = client.post(url("cancel", activity), {"reason": "Forgot to record it"})
    assert response.status_code == 200
    assert "which has passed: mark it as held or as not attended instead" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.BOOKED  # still counts towards the CSI cap


def test_not_attended(client, people):
    activity = booked(make(people), days=-1)
    response = as_user(client, people.coach).post(url("not_attended", activity), follow=True)
    assert "Marked as not attended" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.NOT_ATTENDED


def test_a_step_someone_else_already_took_says_so_and_changes_nothing(client, people):
    activity = booked(make(people), days=1)
    as_user(client, people.coach)
    # The DEA cancels while the coach still has the page open.
    activity_cancel(activity_id=activity.pk, actor=people.dea, reason="Coach off sick")
    response = client.post(url("hold", activity))
    assert response.status_code == 200
    assert error_summary(response) == [
        "This activity has already moved on: it is now cancelled, so nothing was changed. "
        "Check the activity before you try again."
    ]
    activity.refresh_from_db()
    assert activity.state == ActivityState.CANCELLED
    # A form page for a step that is no longer open sends the user back to the activity.
    response = client.get(url("book", activity), follow=True)
    assert response.redirect_chain[-1][0] == url("activity", activity)
    assert "That step is not open now: the activity is cancelled" in text(response)
    response = client.post(url("cancel", activity), {"reason": "Again"})
    assert response.status_code == 200
    assert "already moved on" in error_summary(response)[0]


def test_cancelling_needs_a_reason_then_frees_the_diaries(client, people):
    activity = booked(make(people))
    as_user(client, people.coach)
    assert "Are you sure you want to cancel" in text(client.get(url("cancel", activity)))
    response = client.post(url("cancel", activity), {"reason": " "})
    assert error_summary(response) == ["Enter why it will not take place"]
    activity.refresh_from_db()
    assert activity.state == ActivityState.BOOKED
    response = client.post(url("cancel", activity), {"reason": "Claimant moved away"}, follow=True)
    assert "The case conference was cancelled" in text(response)
    activity.refresh_from_db()
    assert (activity.state, activity.cancel_reason) == ("cancelled", "Claimant moved away")
    assert not DiaryEntry.objects.exists()


def test_withdrawing_consent_cancels_a_booked_three_way(client, people):
    activity = booked(make(people, "three_way"))
    as_user(client, people.coach)
    assert "Record that consent was withdrawn" in html(client.get(url("activity", activity)))
    response = client.post(url("withdraw_consent", activity), follow=True)
    assert "Consent was withdrawn, so the three-way intervention was cancelled" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.CANCELLED
    assert activity.consent.withdrawn_at is not None


# Outcomes


@pytest.mark.parametrize(
    "kind",
    [
        k
        for k, allowed in ALLOWED_OUTCOMES.items()
        if allowed and k != ActivityKind.GROUP_CONFERENCE  # recorded per case on its own page
    ],
)
def test_the_outcome_form_offers_exactly_the_outcomes_of_the_kind(client, people, kind):
    activity = held(make(people, kind))
    response = as_user(client, people.dea).get(url("outcome", activity))
    assert response.status_code == 200
    assert checkbox_values(response, "outcomes") == list(ALLOWED_OUTCOMES[kind])


def test_a_group_conference_is_moved_and_recorded_on_its_own_page(client, people):
    session = an_activity(
        ActivityKind.GROUP_CONFERENCE, claimant=None, dea=people.dea, work_coach=people.coach
    )
    as_user(client, people.dea)
    for step in ("book", "outcome"):
        response = client.get(url(step, session), follow=True)
        assert response.redirect_chain[-1][0] == reverse("conferences:group", args=[session.pk])


def test_an_outcome_not_allowed_or_missing_is_refused_and_nothing_saved(client, people):
    activity = held(make(people, "skill_conference"))
    as_user(client, people.dea)
    response = client.post(url("outcome", activity), {"summary": ""})
    assert error_summary(response) == [
        "Select at least one outcome",
        "Enter the summary of outputs",
    ]
    response = client.post(url("outcome", activity), {"outcomes": ["three_way"], "summary": "s"})
    assert error_summary(response) == ["Select only outcomes this kind of activity can have"]
    response = client.post(
        url("outcome", activity),
        {"outcomes": ["no_further_support", "skill_conference"], "summary": "s"},
    )
    assert error_summary(response) == ["No further support needed cannot go with other outcomes"]
    activity.refresh_from_db()
    assert activity.state == ActivityState.HELD
    assert not Outcome.objects.exists()


def test_recording_outcomes_links_their_follow_ons(client, people):
    activity = held(make(people))
    response = as_user(client, people.coach).post(
        url("outcome", activity),
        {
            "outcomes": ["claimant_support_intervention", "three_way"],
            "summary": "Agreed a joint meeting with the claimant.",
            "record_on_development_plan": "true",
        },
        follow=True,
    )
    assert "Outcome recorded with 2 follow-ons" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.CONCLUDED
    assert activity.record_on_development_plan
    for follow_on in activity.follow_on_activities.all():
        assert url("activity", follow_on) in html(response)
    assert "should record the agreed activity on their development plan" in text(response)


# Informational support


def test_only_the_dea_answers_informational_support(client, people):
    activity = make(people, "informational_support")
    as_user(client, people.coach)
    assert "Send the information" not in html(client.get(url("activity", activity)))
    assert client.get(url("information", activity)).status_code == 403
    as_user(client, people.dea)
    page = html(client.get(url("activity", activity)))
    assert "Send the information" in page and "Send a holding response" in page
    assert "Book" not in page


def test_a_holding_response_needs_a_date_to_come(client, people):
    activity = make(people, "informational_support")
    as_user(client, people.dea)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        url("holding_response", activity),
        {"message": "Asking the work psychologist", **date_post("expected_return", yesterday)},
    )
    assert error_summary(response) == ["The expected date must be today or later"]
    activity.refresh_from_db()
    assert activity.state == ActivityState.PROPOSED
    soon = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        url("holding_response", activity),
        {"message": "Asking the work psychologist", **date_post("expected_return", soon)},
        follow=True,
    )
    assert "The holding response was sent" in text(response)
    assert f"{soon:%-d %B %Y}" in text(response)
    activity.refresh_from_db()
    assert activity.state == ActivityState.HOLDING_RESPONSE


def test_a_holding_response_past_its_date_shows_as_overdue(client, people, time_machine):
    activity = make(people, "informational_support")
    expected = timezone.localdate() + dt.timedelta(days=2)
    holding_response_send(
        activity_id=activity.pk, actor=people.dea, message="Asking", expected_return=expected
    )
    as_user(client, people.coach)
    page = text(client.get(url("activity", activity)))
    assert f"The information is expected by {expected:%-d %B %Y}" in page
    assert "Overdue" not in page
    time_machine.move_to(expected + dt.timedelta(days=1))
    as_user(client, people.coach)  # a new working day's session
    page = text(client.get(url("activity", activity)))
    assert f"The information was expected by {expected:%-d %B %Y} . Overdue" in page


def test_sending_the_information_with_links(client, people):
    activity = make(people, "informational_support")
    as_user(client, people.dea)
    response = client.post(
        url("information", activity), {"information": "See the guide.", "links": "not a link"}
    )
    assert error_summary(response)[0].startswith("Enter each link as a full web address")
    response = client.post(
        url("information", activity),
        {"information": "See the guide.", "links": "https://example.gov.uk/guide\n"},
        follow=True,
    )
    assert "The information was sent" in text(response)
    assert 'href="https://example.gov.uk/guide"' in html(response)
    assert Activity.objects.get(pk=activity.pk).state == ActivityState.CONCLUDED


def test_a_booked_three_way_offers_the_letter(client, people):
    activity = booked(make(people, "three_way"))
    response = as_user(client, people.coach).get(url("activity", activity))
    assert url("letter", activity) in html(response)
    assert url("letter_pdf", activity) in html(response)


def test_the_back_link_goes_to_a_list_the_viewer_has(client, people):
    activity = booked(make(people))
    back_to_work = f'href="{reverse("conferences:work")}" class="govuk-back-link"'
    assert back_to_work in html(as_user(client, people.dea).get(url("activity", activity)))
    # A team leader has no list of work: no back link that would end in "You cannot do this".
    leader = StaffFactory(wctl=True)
    managed_by(people.dea, leader)
    page = html(as_user(client, leader).get(url("activity", activity)))
    assert "govuk-back-link" not in page
