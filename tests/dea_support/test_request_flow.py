"""The life of a support request through its services: filing, more information, accepting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from conferences.models import Activity, ActivityState, AgendaCase
from conferences.services import support_request_accept
from dea_support.models import RequestState, SupportRequest
from dea_support.services import (
    support_request_file,
    support_request_provide_info,
    support_request_request_info,
)
from jomcase.models import Notification
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    working_day,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_in_cohort():
    coach = StaffFactory(work_coach=True)
    cohort = CohortFactory()
    add_member(cohort, coach)
    return coach, cohort.dea


def file_for(coach, **overrides):
    claimant = overrides.pop("claimant", None) or ClaimantFactory(work_coach=coach)
    answers = {
        "claimant_id": claimant.pk,
        "challenges": "Finds crowded offices very hard.",
        "reason": "Advice on a reasonable adjustment.",
        **overrides,
    }
    return support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=working_day(3),
        **answers,
    )


def test_a_filed_request_goes_to_the_coachs_dea_and_tells_them(
    coach_in_cohort, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    coach, dea = coach_in_cohort
    with django_capture_on_commit_callbacks(execute=True):
        sr = file_for(coach)

    assert sr.dea == dea
    assert sr.state == RequestState.SUBMITTED
    assert [e.action for e in sr.events.all()] == ["submitted"]
    note = Notification.objects.get(recipient=dea)
    assert sr.reference in note.title
    assert note.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[dea.email]]


def test_waiting_for_information_does_not_count_and_accepting_proposes_the_work(
    coach_in_cohort, time_machine
):
    coach, dea = coach_in_cohort
    time_machine.move_to(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))  # a Monday
    sr = file_for(coach)
    time_machine.move_to(dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC))
    support_request_request_info(request_id=sr.pk, actor=dea, message="Which office?")
    time_machine.move_to(dt.datetime(2026, 11, 6, 9, 0, tzinfo=dt.UTC))  # three days later
    support_request_provide_info(request_id=sr.pk, actor=coach, message="Leeds, ground floor")
    time_machine.move_to(dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC))  # the next Monday

    sr.refresh_from_db()
    # Filed Monday 2nd; waited Tue 3rd to Fri 6th for the coach: only 2 working days count.
    assert sr.working_days_waiting() == 2
    support_request_accept(request_id=sr.pk, actor=dea, channel="three_way")

    sr.refresh_from_db()
    assert sr.state == RequestState.ACCEPTED
    activity = Activity.objects.get(support_request=sr)
    assert (activity.kind, activity.state) == ("three_way", ActivityState.AWAITING_CONSENT)
    assert [e.action for e in sr.events.all()] == [
        "submitted",
        "request_info",
        "provide_info",
        "accept",
    ]


def test_a_group_conference_case_waits_on_the_cohort_agenda(coach_in_cohort):
    coach, dea = coach_in_cohort
    sr = file_for(coach)
    support_request_accept(request_id=sr.pk, actor=dea, channel="group_conference_case")
    case = AgendaCase.objects.get(support_request=sr)
    assert case.cohort.dea == dea
    assert not Activity.objects.filter(support_request=sr).exists()
    assert SupportRequest.objects.get(pk=sr.pk).state == RequestState.ACCEPTED
