"""The scheduled rules (DESIGN.md section 9): what each finds, whom it tells, that a second
run over the same data changes nothing, and that UK dates decide across the BST change,
month ends and the nations' bank holidays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Activity, ActivityKind, ActivityState, CsiApproval
from conferences.services import activity_hold, group_conference_create, group_conference_record
from conferences.services.rules import (
    compliance_for,
    csi_cap_audit,
    group_conference_compliance_check,
)
from conferences.tasks import csi_cap_audit_run, group_conference_compliance, information_reminders
from dea_support.tasks import response_dates
from jomcase.models import JobRun, Nation, Notification
from tests.conferences.group_helpers import a_led_cohort_of
from tests.factories import (
    ClaimantFactory,
    JobcentreFactory,
    StaffFactory,
    SupportRequestFactory,
    an_activity,
    managed_by,
)

pytestmark = pytest.mark.django_db


def local(*args) -> dt.datetime:
    """An aware datetime from a UK wall-clock time."""
    return timezone.make_aware(dt.datetime(*args))


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def book(scene, start: dt.datetime, coaches, minutes: int = 60):
    return group_conference_create(
        actor=scene.dea,
        dea_id=scene.dea.pk,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        attendee_ids=[c.pk for c in coaches],
    ).activity


def alerts(kind: str, **filters) -> dict[str, set[int]]:
    """Notifications of a kind: key -> the ids of the people told."""
    out: dict[str, set[int]] = {}
    for key, person in Notification.objects.filter(kind=kind, **filters).values_list(
        "key", "recipient_id"
    ):
        out.setdefault(key, set()).add(person)
    return out


def over_the_cap(claimant, dea, n: int = 4):
    """CSIs that happened with no approvals behind them (e.g. recorded before the service)."""
    start = timezone.now() - dt.timedelta(days=30)
    for i in range(n):
        Activity.objects.create(
            kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
            state=ActivityState.CONCLUDED,
            claimant=claimant,
            dea=dea,
            created_by=dea,
            start=start + dt.timedelta(days=i),
            end=start + dt.timedelta(days=i, hours=1),
        )


# Group conference compliance


def test_a_cohort_of_30_with_two_sessions_next_month_alerts_the_dea_and_wctl(time_machine):
    time_machine.move_to(utc(2027, 1, 20, 6, 15))
    scene = a_led_cohort_of(30)
    book(scene, local(2027, 2, 2, 10), scene.coaches[:10])
    book(scene, local(2027, 2, 9, 10), scene.coaches[10:20])

    group_conference_compliance_check()

    february = Notification.objects.filter(key=f"group-compliance:{scene.cohort.pk}:2027-02:plan")
    assert {n.recipient_id for n in february} == {scene.dea.pk, scene.leader.pk}
    note = february.first()
    assert note.title.endswith(
        "February 2027: 2 of 3 group conferences booked; 10 work coaches not covered"
    )
    assert scene.coaches[25].display_name in note.body
    assert note.link == reverse("conferences:compliance", args=[scene.cohort.pk])


def test_last_month_with_a_coach_absent_is_not_kept(time_machine):
    time_machine.move_to(utc(2027, 1, 12, 11, 30))
    scene = a_led_cohort_of(4)
    session = book(scene, local(2027, 1, 12, 10), scene.coaches)
    activity_hold(activity_id=session.pk, actor=scene.dea)
    absent = scene.coaches[3]
    group_conference_record(
        activity_id=session.pk,
        actor=scene.dea,
        attended_ids=[c.pk for c in scene.coaches[:3]],
        summary="Shared practice.",
        case_outcomes={},
    )
    time_machine.move_to(utc(2027, 2, 3, 6, 15))

    group_conference_compliance_check()

    january = Notification.objects.get(
        key=f"group-compliance:{scene.cohort.pk}:2027-01:held", recipient=scene.leader
    )
    assert "January 2027: 1 of 1 group conference held; 1 work coach not covered" in january.title
    assert january.body.endswith(f"Not covered: {absent.display_name}.")


def test_a_fully_planned_and_kept_cohort_gets_no_alert(time_machine):
    time_machine.move_to(utc(2027, 1, 5, 9))
    scene = a_led_cohort_of(7)
    january = book(scene, local(2027, 1, 5, 8), scene.coaches)
    activity_hold(activity_id=january.pk, actor=scene.dea)
    for month in (2, 3, 4, 5):
        book(scene, local(2027, month, 9, 10), scene.coaches)
    time_machine.move_to(utc(2027, 2, 1, 9))
    summary = group_conference_compliance_check()
    assert summary["gaps"] == 0 and not Notification.objects.exists()


def test_a_session_after_midnight_in_summer_time_counts_in_the_uk_month(time_machine):
    # 23:30 UTC on 31 March 2027 is 00:30 on 1 April in the UK (BST began on 28 March).
    time_machine.move_to(utc(2027, 4, 10, 9))
    scene = a_led_cohort_of(3)
    session = book(scene, utc(2027, 3, 31, 23, 30), scene.coaches)
    activity_hold(activity_id=session.pk, actor=scene.dea)
    march, april = compliance_for([scene.cohort], [dt.date(2027, 3, 1), dt.date(2027, 4, 1)])[
        scene.cohort.pk
    ]
    assert (march.held, april.held) == (0, 1)
    group_conference_compliance_check()
    keys = set(alerts("group_compliance"))
    assert f"group-compliance:{scene.cohort.pk}:2027-03:held" in keys
    assert f"group-compliance:{scene.cohort.pk}:2027-04:plan" not in keys


def test_at_midnight_on_the_1st_the_month_just_ended_is_checked_as_held(time_machine):
    # A January session booked but never marked held: fine as a plan until 23:59 on the 31st,
    # not kept from 00:01 on 1 February.
    time_machine.move_to(utc(2027, 1, 2, 9))
    scene = a_led_cohort_of(5, start=dt.date(2027, 1, 1))
    book(scene, local(2027, 1, 19, 10), scene.coaches)
    january_plan = f"group-compliance:{scene.cohort.pk}:2027-01:plan"
    january_held = f"group-compliance:{scene.cohort.pk}:2027-01:held"

    time_machine.move_to(local(2027, 1, 31, 23, 59))
    group_conference_compliance_check()
    assert january_plan not in alerts("group_compliance")
    assert january_held not in alerts("group_compliance")

    time_machine.move_to(local(2027, 2, 1, 0, 1))
    group_conference_compliance_check()
    assert alerts("group_compliance")[january_held] == {scene.dea.pk, scene.leader.pk}


def test_the_autumn_clock_change_does_not_repeat_alerts(time_machine):
    # BST ends at 01:00 UTC on 31 October 2027: 00:30 and 01:30 UTC are both the 31st here.
    scene = a_led_cohort_of(12)
    time_machine.move_to(utc(2027, 10, 31, 0, 30))
    first = group_conference_compliance_check()
    time_machine.move_to(utc(2027, 10, 31, 1, 30))
    again = group_conference_compliance_check()
    assert first["alerts"] == 10  # five months of gaps, each to the DEA and the WCTL
    assert again["alerts"] == 0
    assert len(alerts("group_compliance")) == 5
    assert scene.leader.notifications.count() == 5


# The CSI cap audit


def test_a_claimant_over_the_cap_without_approval_goes_to_the_deas_wctl_once_a_month(
    time_machine,
):
    time_machine.move_to(utc(2027, 3, 15, 6, 45))
    dea, leader = StaffFactory(dea=True), StaffFactory(wctl=True)
    managed_by(dea, leader)
    claimant = ClaimantFactory()
    over_the_cap(claimant, dea, 4)
    approved = ClaimantFactory()
    over_the_cap(approved, dea, 4)
    CsiApproval.objects.create(claimant=approved, approved_by=leader, reason="Exceptional.")

    assert csi_cap_audit()["alerts"] == 1
    (note,) = Notification.objects.filter(kind="csi_cap_audit")
    assert note.recipient == leader
    assert note.title == "A claimant has had 4 CSIs; 3 are approved"
    assert csi_cap_audit()["alerts"] == 0
    time_machine.move_to(utc(2027, 3, 31, 23, 30))  # 00:30 on 1 April in the UK
    assert csi_cap_audit()["alerts"] == 1
    assert Notification.objects.filter(kind="csi_cap_audit").count() == 2


def test_cancelled_csis_do_not_count_towards_the_cap():
    dea, leader = StaffFactory(dea=True), StaffFactory(wctl=True)
    managed_by(dea, leader)
    claimant = ClaimantFactory()
    over_the_cap(claimant, dea, 3)
    Activity.objects.create(
        kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
        state=ActivityState.CANCELLED,
        claimant=claimant,
        dea=dea,
        created_by=dea,
    )
    assert csi_cap_audit() == {"claimants_over_cap": 0, "alerts": 0}


# Required response dates: the local date and each nation's bank holidays


def a_request(dea, required_by: dt.date):
    return SupportRequestFactory(dea=dea, required_by=required_by)


@pytest.fixture
def deas(db):
    """A DEA in England and one in Scotland, each line-managed."""
    out = {}
    for nation in (Nation.ENGLAND_AND_WALES, Nation.SCOTLAND):
        dea = StaffFactory(dea=True, jobcentre=JobcentreFactory(nation=nation))
        managed_by(dea, StaffFactory(wctl=True))
        out[nation] = dea
    return out


def told(request) -> set[str]:
    return set(
        Notification.objects.filter(title__contains=request.reference).values_list(
            "kind", flat=True
        )
    )


def test_easter_monday_is_a_working_day_in_scotland_only(time_machine, deas):
    # Thursday 25 March 2027: Good Friday is a holiday everywhere, Easter Monday in England
    # and Wales only; so two working days ahead is Wednesday 31 in England, Tuesday 30 in
    # Scotland.
    time_machine.move_to(utc(2027, 3, 25, 7))
    english = a_request(deas[Nation.ENGLAND_AND_WALES], dt.date(2027, 3, 31))
    scottish = a_request(deas[Nation.SCOTLAND], dt.date(2027, 3, 31))
    response_dates.apply()
    assert told(english) == {"request_due_soon"}
    assert told(scottish) == set()


def test_the_new_year_holidays_of_each_nation_across_the_year_end(time_machine, deas):
    # Thursday 31 December 2026: Scotland also stops on 4 January (2 January observed).
    time_machine.move_to(utc(2026, 12, 31, 7))
    english = a_request(deas[Nation.ENGLAND_AND_WALES], dt.date(2027, 1, 6))
    scottish = a_request(deas[Nation.SCOTLAND], dt.date(2027, 1, 6))
    response_dates.apply()
    assert told(english) == set()
    assert told(scottish) == {"request_due_soon"}


def test_the_uk_date_decides_overdue_across_the_spring_clock_change(time_machine, deas):
    # The clocks went forward on Sunday 28 March 2027 (Monday 29 is Easter Monday): 23:30
    # UTC on Tuesday 30 March is already Wednesday 31 in the UK (BST).
    dea = deas[Nation.ENGLAND_AND_WALES]
    tuesday = a_request(dea, dt.date(2027, 3, 30))
    time_machine.move_to(utc(2027, 3, 30, 22, 30))  # 23:30 BST, still the 30th
    response_dates.apply()
    assert "request_overdue" not in told(tuesday)
    time_machine.move_to(utc(2027, 3, 30, 23, 30))
    response_dates.apply()
    assert "request_overdue" in told(tuesday)


def test_a_request_due_on_the_31st_is_overdue_from_midnight(time_machine, deas):
    dea = deas[Nation.ENGLAND_AND_WALES]
    due = a_request(dea, dt.date(2027, 3, 31))  # a Wednesday
    time_machine.move_to(local(2027, 3, 31, 23, 59))
    response_dates.apply()
    assert told(due) == {"request_due_soon"}
    time_machine.move_to(local(2027, 4, 1, 0, 1))
    response_dates.apply()
    assert told(due) == {"request_due_soon", "request_overdue"}
    assert Notification.objects.filter(kind="request_overdue").count() == 2  # DEA and WCTL


# Every rule, run twice over the same data: the second run changes nothing


@pytest.fixture
def work_for_every_rule(time_machine):
    time_machine.move_to(utc(2027, 1, 20, 7))
    scene = a_led_cohort_of(11)
    book(scene, local(2027, 2, 2, 10), scene.coaches[:5])  # February short by one session
    claimant = ClaimantFactory()
    over_the_cap(claimant, scene.dea, 4)
    SupportRequestFactory(dea=scene.dea, required_by=dt.date(2027, 1, 19))  # overdue
    SupportRequestFactory(dea=scene.dea, required_by=dt.date(2027, 1, 21))  # due soon
    information = an_activity("informational_support", dea=scene.dea)
    Activity.objects.filter(pk=information.pk).update(
        state=ActivityState.HOLDING_RESPONSE,
        holding_message="Finding out.",
        expected_return=dt.date(2027, 1, 18),
    )
    return scene


@pytest.mark.parametrize(
    ("task", "name"),
    [
        (group_conference_compliance, "group_conference_compliance"),
        (csi_cap_audit_run, "csi_cap_audit"),
        (information_reminders, "information_reminders"),
        (response_dates, "response_dates"),
    ],
)
def test_each_rule_run_twice_changes_nothing_the_second_time(work_for_every_rule, task, name):
    task.apply().get()
    first = JobRun.objects.get(name=name)
    assert first.status == JobRun.Status.SUCCEEDED and first.finished_at is not None
    assert first.changed > 0
    told = Notification.objects.count()

    task.apply().get()
    second = JobRun.objects.filter(name=name).order_by("-id").first()
    assert second.pk != first.pk
    assert second.status == JobRun.Status.SUCCEEDED
    assert second.changed == 0
    assert Notification.objects.count() == told


def test_a_failing_rule_records_its_error_and_raises(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("conferences.tasks.csi_cap_audit", broken)
    with pytest.raises(RuntimeError):
        csi_cap_audit_run.apply(throw=True)
    run = JobRun.objects.get(name="csi_cap_audit")
    assert run.status == JobRun.Status.FAILED
    assert "the database went away" in run.error
