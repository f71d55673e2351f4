"""Recording a held group conference: attendance, the summary, and outcomes per case from
the group column of the outcomes table, each with its follow-on [33][34]."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from conferences.models import (
    Action,
    Activity,
    ActivityKind,
    ActivityState,
    AgendaCase,
    Outcome,
    Participant,
)
from conferences.services import group_conference_record
from dea_support.models import RequestState
from jomcase.models import Notification, Role
from tests.conferences.group_helpers import (
    a_held_session,
    a_led_cohort_of,
    a_session,
    partners_for,
    pending_cases,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(db):
    return a_led_cohort_of(4)


def record(session, actor, **kwargs):
    arguments = {
        "attended_ids": [],
        "summary": "Shared what works for claimants with anxiety.",
        "case_outcomes": {},
    }
    return group_conference_record(activity_id=session.pk, actor=actor, **arguments | kwargs)


def test_each_case_gets_its_outcomes_and_follow_ons_and_the_session_concludes(scene):
    partners = partners_for(scene.coaches[0])
    conference, csi, action, done = cases = pending_cases(scene, 4)
    session = a_held_session(scene, coaches=scene.coaches[:3], cases=cases)
    came = [scene.coaches[0].pk, scene.coaches[2].pk]

    result = record(
        session,
        scene.dea,
        attended_ids=came,
        record_on_development_plan=True,
        case_outcomes={
            conference.pk: ["case_conference"],
            str(csi.pk): ["claimant_support_intervention", "three_way"],
            action.pk: ["work_psychologist_action"],
            done.pk: ["no_further_support"],
        },
    )

    session.refresh_from_db()
    assert session.state == ActivityState.CONCLUDED
    assert session.record_on_development_plan and session.summary.startswith("Shared")
    attended = dict(
        Participant.objects.filter(activity=session).values_list("staff_id", "attended")
    )
    assert attended == {
        scene.dea.pk: True,
        came[0]: True,
        scene.coaches[1].pk: False,
        came[1]: True,
    }

    follow = Activity.objects.get(origin=session, kind=ActivityKind.CASE_CONFERENCE)
    assert follow.claimant == conference.claimant
    assert (
        follow.work_coach == scene.coaches[0]
        and follow.support_request == conference.support_request
    )
    assert set(
        Activity.objects.filter(origin=session, claimant=csi.claimant).values_list(
            "kind", flat=True
        )
    ) == {"claimant_support_intervention", "three_way"}
    psych_action = Action.objects.get(origin_activity=session)
    assert psych_action.assignee == partners[Role.WORK_PSYCHOLOGIST]
    assert psych_action.claimant == action.claimant
    assert {k: len(v) for k, v in result.follow_ons.items()} == {
        conference.pk: 1,
        csi.pk: 2,
        action.pk: 1,
        done.pk: 0,
    }
    rows = Outcome.objects.filter(activity=session)
    assert rows.count() == 5
    assert set(rows.values_list("agenda_case_id", flat=True)) == {c.pk for c in cases}
    assert not AgendaCase.objects.filter(pk__in=[c.pk for c in cases], closed_at=None).exists()
    # The request with no further support has no open work left, so it resolves.
    done.support_request.refresh_from_db()
    assert done.support_request.state == RequestState.RESOLVED
    conference.support_request.refresh_from_db()
    assert conference.support_request.state == RequestState.ACCEPTED
    # The summary goes to the DEA's team leader and to each coach invited.
    assert Notification.objects.filter(recipient=scene.leader, kind="activity_summary").exists()
    assert Notification.objects.filter(kind="group_summary").count() == 3


def test_a_case_not_reached_goes_back_on_the_pending_list(scene):
    reached, not_reached = pending_cases(scene, 2)
    session = a_held_session(scene, cases=[reached, not_reached])
    result = record(session, scene.dea, case_outcomes={reached.pk: ["no_further_support"]})
    assert result.returned == [not_reached.pk]
    not_reached.refresh_from_db()
    assert not_reached.group_conference is None and not_reached.closed_at is None


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        (["group_conference_case"], "Not an outcome of a group work coach conference"),
        (["skill_conference"], "Not an outcome of a group work coach conference"),
        (["no_further_support", "case_conference"], "cannot go with other outcomes"),
    ],
)
def test_only_the_group_column_of_the_table_is_allowed(scene, outcomes, message):
    (case,) = pending_cases(scene, 1)
    session = a_held_session(scene, cases=[case])
    with pytest.raises(ValidationError) as error:
        record(session, scene.dea, case_outcomes={case.pk: outcomes})
    assert message in error.value.message_dict[f"case_{case.pk}"][0]
    session.refresh_from_db()
    assert session.state == ActivityState.HELD
    assert not Outcome.objects.exists()


def test_a_case_without_a_claimant_takes_no_claimant_outcomes(scene):
    case = AgendaCase.objects.create(
        cohort=scene.cohort, nominated_by=scene.leader, note="Reasonable adjustments in general."
    )
    session = a_held_session(scene, cases=[case])
    with pytest.raises(ValidationError) as error:
        record(session, scene.dea, case_outcomes={case.pk: ["three_way"]})
    assert "need an activity about a claimant" in error.value.message_dict[f"case_{case.pk}"][0]


def test_a_missing_partner_refuses_and_nothing_changes(scene):
    (case,) = pending_cases(scene, 1)
    session = a_held_session(scene, cases=[case])
    with pytest.raises(ValidationError) as error:
        record(session, scene.dea, case_outcomes={case.pk: ["employer_adviser_action"]})
    assert "Nobody is recorded" in error.value.message_dict[f"case_{case.pk}"][0]
    assert Activity.objects.get(pk=session.pk).state == ActivityState.HELD


def test_attendance_is_only_for_people_invited_and_a_summary_is_needed(scene):
    session = a_held_session(scene, coaches=scene.coaches[:2])
    stranger = StaffFactory(work_coach=True)
    with pytest.raises(ValidationError) as error:
        record(session, scene.dea, attended_ids=[stranger.pk], summary=" ")
    assert set(error.value.message_dict) == {"attended", "summary"}


def test_only_the_dea_records_and_only_once_it_is_held(scene):
    booked = a_session(scene, days=3)
    with pytest.raises(TransitionNotAllowed):
        record(booked, scene.dea)
    held = a_held_session(scene)
    with pytest.raises(PermissionDenied):
        record(held, scene.leader)
    record(held, scene.dea)
    with pytest.raises(TransitionNotAllowed):
        record(held, scene.dea)


def test_a_cases_outcome_joins_its_claimants_timeline(scene):
    from conferences.selectors import claimant_timeline

    (case,) = pending_cases(scene, 1)
    session = a_held_session(scene, cases=[case])
    record(session, scene.dea, case_outcomes={case.pk: ["three_way"]})
    items = claimant_timeline(case.claimant)
    outcome = next(item for item in items if item["type"] == "outcome")
    assert outcome["title"] == "Outcome: three-way intervention"
    assert outcome["summary"] == "From the group work coach conference."
    assert outcome["follow_on"]["type"] == "activity"
    assert any(item["type"] == "activity" and item["kind"] == "three_way" for item in items)


def test_a_cancelled_session_gives_its_cases_back_and_a_booked_one_keeps_them(scene):
    from conferences.selectors import pending_cases_of
    from conferences.services import activity_cancel

    first, second = pending_cases(scene, 2)
    kept = a_session(scene, days=3, cases=[first])
    dropped = a_session(scene, days=10, cases=[second])
    assert list(pending_cases_of(scene.cohort)) == []
    with pytest.raises(ValidationError):  # already on the agenda of the first session
        a_session(scene, days=17, cases=[first])
    activity_cancel(activity_id=dropped.pk, actor=scene.dea, reason="Room not available")
    assert list(pending_cases_of(scene.cohort)) == [second]
    again = a_session(scene, days=17, cases=[second])
    second.refresh_from_db()
    assert second.group_conference == again and kept.agenda.get() == first


def test_a_session_nobody_came_to_gives_its_cases_back(scene):
    from conferences.selectors import pending_cases_of
    from conferences.services import activity_not_attended

    (case,) = pending_cases(scene, 1)
    missed = a_session(scene, days=-1, cases=[case])
    assert list(pending_cases_of(scene.cohort)) == []
    activity_not_attended(activity_id=missed.pk, actor=scene.dea)
    assert list(pending_cases_of(scene.cohort)) == [case]
    again = a_session(scene, days=6, cases=[case])
    case.refresh_from_db()
    assert case.group_conference == again and case.closed_at is None
