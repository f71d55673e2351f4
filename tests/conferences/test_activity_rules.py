"""The rules of DESIGN.md section 5 as the services enforce them: consent, diaries, the CSI cap,
holding only after the start, outcomes per kind and the follow-ons they create."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from claimants.models import Conditionality
from conferences.models import (
    ALLOWED_OUTCOMES,
    Action,
    ActivityKind,
    ActivityState,
    AgendaCase,
    OutcomeKind,
    PartnerCoverage,
)
from conferences.services import (
    action_complete,
    activity_book,
    activity_cancel,
    activity_hold,
    activity_record_consent,
    activity_record_outcome,
    csi_approval_create,
    information_send,
    support_request_accept,
    unavailability_add,
)
from dea_support.models import RequestState
from jomcase.errors import ConsentRequired, CsiCapReached, DiaryClash
from jomcase.models import Role
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    a_request_in_cohort,
    add_member,
    an_activity,
    managed_by,
)

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(days=2)


def slot(days: int = 2, hour: int = 10, minutes: int = 60):
    start = (timezone.now() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    return start, start + dt.timedelta(minutes=minutes)


def book(activity, actor=None, *, days=2, hour=10, channel="face_to_face"):
    start, end = slot(days, hour)
    return activity_book(
        activity_id=activity.pk,
        actor=actor or activity.dea,
        start=start,
        end=end,
        channel=channel,
        place="Room 2",
    )


def consent_csi(activity):
    return activity_record_consent(
        activity_id=activity.pk,
        actor=activity.dea,
        given=True,
        informed_voluntary=True,
        informed_conditionality=True,
        discussed_with_team_leader=True,
    )


def test_a_three_way_cannot_be_booked_before_consent():
    activity = an_activity("three_way")
    with pytest.raises(ConsentRequired):
        book(activity)
    activity.refresh_from_db()
    assert activity.state == ActivityState.AWAITING_CONSENT
    assert activity.start is None


def test_mandatory_three_way_consent_needs_the_consequences_explained():
    claimant = ClaimantFactory(conditionality=Conditionality.MANDATORY)
    activity = an_activity("three_way", claimant=claimant)
    with pytest.raises(ValidationError) as error:
        activity_record_consent(
            activity_id=activity.pk, actor=activity.work_coach, given=True, informed_role=True
        )
    assert "informed_consequences" in error.value.message_dict
    activity_record_consent(
        activity_id=activity.pk,
        actor=activity.work_coach,
        given=True,
        informed_role=True,
        informed_consequences=True,
    )
    activity.refresh_from_db()
    assert activity.state == ActivityState.PROPOSED
    assert activity.consent.given


def test_a_refused_three_way_proposes_a_case_conference_instead():
    activity = an_activity("three_way")
    activity_record_consent(
        activity_id=activity.pk, actor=activity.work_coach, given=False, informed_role=True
    )
    activity.refresh_from_db()
    assert activity.state == ActivityState.CONSENT_REFUSED
    follow_on = activity.follow_on_activities.get()
    assert (follow_on.kind, follow_on.state) == ("case_conference", ActivityState.PROPOSED)
    assert follow_on.claimant == activity.claimant


def test_a_booking_that_overlaps_a_participants_diary_is_refused():
    activity = an_activity("case_conference")
    start, end = slot()
    unavailability_add(
        actor=activity.work_coach, start=start + dt.timedelta(minutes=30), end=end, title="Leave"
    )
    with pytest.raises(DiaryClash) as error:
        book(activity)
    assert activity.work_coach.display_name in error.value.detail
    activity.refresh_from_db()
    assert activity.state == ActivityState.PROPOSED
    # The hour after is free.
    book(activity, hour=12)
    assert activity.diary_entries.count() == 2


def test_held_only_after_the_booked_start(time_machine):
    activity = an_activity("case_conference")
    book(activity)
    with pytest.raises(TransitionNotAllowed):
        activity_hold(activity_id=activity.pk, actor=activity.dea)
    time_machine.move_to(timezone.now() + dt.timedelta(days=3))
    activity_hold(activity_id=activity.pk, actor=activity.dea)
    activity.refresh_from_db()
    assert activity.state == ActivityState.HELD


def test_a_booking_can_be_recorded_after_the_event():
    activity = an_activity("case_conference")
    book(activity, days=-1)
    activity_hold(activity_id=activity.pk, actor=activity.work_coach)
    activity.refresh_from_db()
    assert activity.state == ActivityState.HELD


def test_only_participants_book():
    activity = an_activity("case_conference")
    stranger = StaffFactory(dea=True)
    with pytest.raises(Exception) as error:
        book(activity, actor=stranger)
    assert error.type.__name__ == "Http404"


def test_the_fourth_csi_needs_the_deas_team_leaders_approval():
    claimant = ClaimantFactory()
    dea = StaffFactory(dea=True)
    add_member(CohortFactory(dea=dea), claimant.work_coach)
    leader = StaffFactory(wctl=True, first_name="Tess", last_name="Leader")
    managed_by(dea, leader)
    for n in range(3):
        csi = an_activity("claimant_support_intervention", claimant=claimant, dea=dea)
        consent_csi(csi)
        book(csi, days=2 + n)
    fourth = an_activity("claimant_support_intervention", claimant=claimant, dea=dea)
    consent_csi(fourth)
    with pytest.raises(CsiCapReached) as error:
        book(fourth, days=8)
    assert "already had 3" in error.value.detail
    assert "Tess Leader" in error.value.detail
    fourth.refresh_from_db()
    assert fourth.state == ActivityState.PROPOSED

    with pytest.raises(PermissionDenied):
        csi_approval_create(actor=StaffFactory(wctl=True), claimant_id=claimant.pk, reason="x")
    csi_approval_create(actor=leader, claimant_id=claimant.pk, reason="Bereavement")
    book(fourth, days=8)
    fourth.refresh_from_db()
    assert fourth.state == ActivityState.BOOKED


def test_a_csi_cancelled_before_it_happened_does_not_count():
    claimant = ClaimantFactory()
    dea = StaffFactory(dea=True)
    csis = []
    for n in range(3):
        csi = an_activity("claimant_support_intervention", claimant=claimant, dea=dea)
        consent_csi(csi)
        book(csi, days=2 + n)
        csis.append(csi)
    activity_cancel(activity_id=csis[0].pk, actor=dea, reason="Claimant unwell")
    another = an_activity("claimant_support_intervention", claimant=claimant, dea=dea)
    consent_csi(another)
    book(another, days=9)
    another.refresh_from_db()
    assert another.state == ActivityState.BOOKED


def test_a_csi_is_face_to_face():
    csi = an_activity("claimant_support_intervention")
    consent_csi(csi)
    with pytest.raises(ValidationError) as error:
        book(csi, channel="phone")
    assert "channel" in error.value.message_dict


#: The outcomes table of DESIGN.md section 5, column by column, written out so that a wrong
#: entry in ALLOWED_OUTCOMES fails here (the test below derives its cases from it).
_EVERY_ACTIVITY = {
    "work_psychologist_action",
    "employer_adviser_action",
    "third_party_provision_action",
    "no_further_support",
}
DESIGN_OUTCOMES = {
    "case_conference": {
        "case_conference",
        "claimant_support_intervention",
        "three_way",
        "group_conference_case",
        *_EVERY_ACTIVITY,
    },
    "skill_conference": {"skill_conference", "group_conference_case", *_EVERY_ACTIVITY},
    "three_way": {
        "case_conference",
        "claimant_support_intervention",
        "three_way",
        "group_conference_case",
        *_EVERY_ACTIVITY,
    },
    "group_conference": {
        "case_conference",
        "claimant_support_intervention",
        "three_way",
        *_EVERY_ACTIVITY,
    },
    "claimant_support_intervention": {
        "case_conference",
        "claimant_support_intervention",
        "three_way",
        *_EVERY_ACTIVITY,
    },
    "informational_support": set(),
}


def test_the_outcomes_allowed_are_the_design_table():
    assert {kind: set(outcomes) for kind, outcomes in ALLOWED_OUTCOMES.items()} == DESIGN_OUTCOMES


# A group conference records its outcomes per case on its agenda (test_group_record.py).
@pytest.mark.parametrize(
    "kind", [k for k in ALLOWED_OUTCOMES if k not in ("informational_support", "group_conference")]
)
def test_only_the_outcomes_the_table_allows_for_each_kind(kind, time_machine):
    activity = an_activity(kind)
    if activity.state == ActivityState.AWAITING_CONSENT:
        activity_record_consent(
            activity_id=activity.pk,
            actor=activity.dea,
            given=True,
            informed_role=True,
            informed_consequences=True,
            informed_voluntary=True,
            informed_conditionality=True,
            discussed_with_team_leader=True,
        )
    book(activity, days=-1)
    activity_hold(activity_id=activity.pk, actor=activity.dea)
    refused = [o for o in OutcomeKind.values if o not in ALLOWED_OUTCOMES[kind]]
    for outcome in refused:
        with pytest.raises(ValidationError):
            activity_record_outcome(
                activity_id=activity.pk, actor=activity.dea, outcomes=[outcome], summary="s"
            )
    activity.refresh_from_db()
    assert activity.state == ActivityState.HELD
    activity_record_outcome(
        activity_id=activity.pk,
        actor=activity.dea,
        outcomes=["no_further_support"],
        summary="Nothing more needed.",
    )
    activity.refresh_from_db()
    assert activity.state == ActivityState.CONCLUDED


def test_outcomes_create_their_follow_ons_and_the_request_resolves_when_all_is_done():
    sr = a_request_in_cohort()
    dea, coach = sr.dea, sr.requester
    cohort = dea.cohort
    assert cohort
    psychologist = StaffFactory(roles=[Role.WORK_PSYCHOLOGIST])
    PartnerCoverage.objects.create(
        staff=psychologist,
        jobcentre=sr.claimant.work_coach.jobcentre,
        role=Role.WORK_PSYCHOLOGIST,
        start=dt.date(2020, 1, 1),
    )
    support_request_accept(request_id=sr.pk, actor=dea, channel="case_conference")
    conference = sr.activities.get()
    book(conference, days=-1)
    activity_hold(activity_id=conference.pk, actor=coach)

    follow_ons = activity_record_outcome(
        activity_id=conference.pk,
        actor=dea,
        outcomes=["work_psychologist_action", "group_conference_case"],
        summary="Agreed adjustments; psychologist to advise.",
        record_on_development_plan=True,
    )
    assert sorted(f["type"] for f in follow_ons) == ["action", "agenda_item"]
    action = Action.objects.get()
    assert action.assignee == psychologist
    assert AgendaCase.objects.get().cohort == cohort
    sr.refresh_from_db()
    assert sr.state == RequestState.ACCEPTED  # an action and an agenda case are still open

    action_complete(action_id=action.pk, actor=psychologist, note="Advice sent")
    AgendaCase.objects.update(closed_at=timezone.now())
    # Nothing is left open, but resolution happens on the next change; a later close resolves.
    from conferences.services import support_request_resolve_if_done

    assert support_request_resolve_if_done(support_request_id=sr.pk, actor=dea)
    sr.refresh_from_db()
    assert sr.state == RequestState.RESOLVED


def test_informational_support_is_answered_not_booked():
    sr = a_request_in_cohort(skill=True)
    support_request_accept(request_id=sr.pk, actor=sr.dea, channel="informational_support")
    activity = sr.activities.get()
    assert activity.kind == ActivityKind.INFORMATIONAL_SUPPORT
    assert "book" not in {t.name for t in activity.get_available_state_transitions()}
    with pytest.raises(ValidationError):
        book(activity)
    information_send(
        activity_id=activity.pk, actor=sr.dea, information="See the adjustments guide."
    )
    sr.refresh_from_db()
    assert sr.state == RequestState.RESOLVED
