"""Group work coach conferences: the planner's sessions, the limit of 10, the 60 minutes [29]."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conferences.models import ActivityKind, DiaryEntry, ParticipantRole
from conferences.planner import divide, nth_weekday, sessions_needed
from conferences.services import group_conference_create, group_conferences_block_diaries
from conferences.services.groups import sessions_in_month
from jomcase.errors import GroupTooLarge
from tests.factories import StaffFactory, a_cohort_of, add_member, managed_by


@pytest.mark.parametrize(("coaches", "sessions"), [(0, 0), (7, 1), (10, 1), (11, 2), (30, 3)])
def test_a_cohort_of_n_needs_ceil_n_over_10_sessions(coaches, sessions):
    assert sessions_needed(coaches) == sessions
    groups = divide(list(range(coaches)), sessions)
    assert len(groups) == sessions
    assert all(len(g) <= 10 for g in groups)
    assert sorted(c for g in groups for c in g) == list(range(coaches))


def test_sessions_are_balanced_and_fall_on_different_weeks():
    assert [len(g) for g in divide(list(range(21)), sessions_needed(21))] == [7, 7, 7]
    march = dt.date(2027, 3, 1)
    days = [nth_weekday(march, 1, n) for n in (1, 2, 3)]
    assert days == [dt.date(2027, 3, 2), dt.date(2027, 3, 9), dt.date(2027, 3, 16)]
    assert nth_weekday(march, 1, 9) == dt.date(2027, 3, 30)  # the last Tuesday if too few
    assert divide([1, 2, 3], 2) == [[1, 2], [3]]


pytestmark_db = pytest.mark.django_db


def _start(days=10, hour=10):
    return (timezone.now() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


@pytestmark_db
def test_an_eleventh_attendee_is_refused_and_nothing_is_booked():
    cohort = a_cohort_of(11)
    coaches = list(cohort.memberships.values_list("work_coach_id", flat=True))
    start = _start()
    with pytest.raises(GroupTooLarge) as error:
        group_conference_create(
            actor=cohort.dea,
            dea_id=cohort.dea_id,
            start=start,
            end=start + dt.timedelta(hours=1),
            attendee_ids=coaches,
        )
    assert "at most 10" in error.value.detail
    assert not cohort.dea.activities_led.exists()


@pytestmark_db
def test_a_45_minute_session_is_refused():
    cohort = a_cohort_of(3)
    start = _start()
    with pytest.raises(ValidationError) as error:
        group_conference_create(
            actor=cohort.dea,
            dea_id=cohort.dea_id,
            start=start,
            end=start + dt.timedelta(minutes=45),
        )
    assert "at least 60 minutes" in error.value.message_dict["end"][0]


@pytestmark_db
def test_block_diaries_for_a_cohort_of_30_books_3_sessions_a_month_for_4_months(time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 1, 9, 0, tzinfo=dt.UTC))
    cohort = a_cohort_of(30, start=dt.date(2026, 12, 1))
    leader = StaffFactory(wctl=True)
    managed_by(cohort.dea, leader)
    busy_coach = cohort.memberships.first().work_coach
    result = group_conferences_block_diaries(
        actor=leader, dea_id=cohort.dea_id, first_month=dt.date(2027, 1, 1)
    )
    assert len(result.created) == 12
    members = set(cohort.memberships.values_list("work_coach_id", flat=True))
    for month in (dt.date(2027, m, 1) for m in (1, 2, 3, 4)):
        sessions = list(sessions_in_month(cohort.dea_id, month))
        assert len(sessions) == 3
        invited = Counter(
            p.staff_id
            for s in sessions
            for p in s.participants.all()
            if p.role == ParticipantRole.WORK_COACH
        )
        assert set(invited) == members and set(invited.values()) == {1}
        assert all(s.kind == ActivityKind.GROUP_CONFERENCE for s in sessions)
    assert DiaryEntry.objects.filter(staff=busy_coach).count() == 4
    again = group_conferences_block_diaries(
        actor=leader, dea_id=cohort.dea_id, first_month=dt.date(2027, 1, 1)
    )
    assert again.created == [] and again.already_planned == 12


@pytestmark_db
def test_a_coach_joining_mid_month_is_placed_in_a_session_to_come(time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 1, 9, 0, tzinfo=dt.UTC))
    cohort = a_cohort_of(29, start=dt.date(2026, 12, 1))
    group_conferences_block_diaries(
        actor=cohort.dea, dea_id=cohort.dea_id, first_month=dt.date(2027, 1, 1)
    )
    time_machine.move_to(dt.datetime(2027, 1, 12, 9, 0, tzinfo=dt.UTC))
    newcomer = StaffFactory(work_coach=True)
    add_member(cohort, newcomer, start=dt.date(2027, 1, 12))
    again = group_conferences_block_diaries(
        actor=cohort.dea, dea_id=cohort.dea_id, first_month=dt.date(2027, 1, 1)
    )
    assert again.created == []  # the January session on the 19th had a free place
    entries = DiaryEntry.objects.filter(staff=newcomer).order_by("start")
    assert entries.count() == 4
    assert entries[0].start.date() == dt.date(2027, 1, 19)


@pytestmark_db
def test_clashes_are_reported_not_overwritten(time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 1, 9, 0, tzinfo=dt.UTC))
    cohort = a_cohort_of(7, start=dt.date(2026, 12, 1))
    coach = cohort.memberships.first().work_coach
    first_tuesday = timezone.make_aware(dt.datetime(2027, 1, 5, 9, 30))
    DiaryEntry.objects.create(
        staff=coach,
        start=first_tuesday,
        end=first_tuesday + dt.timedelta(hours=3),
        title="Training",
        created_by=coach,
    )
    result = group_conferences_block_diaries(
        actor=cohort.dea, dea_id=cohort.dea_id, first_month=dt.date(2027, 1, 1), months=1
    )
    assert len(result.created) == 1
    assert any(coach.display_name in clash for clash in result.clashes)
    assert DiaryEntry.objects.filter(staff=coach).count() == 1  # the training stays
