"""The referral-trends rule: coaches with repeated inappropriate requests and topics that keep
coming up go to the team leaders, once per subject per window (DESIGN.md sections 4 and 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from dea_support.models import DeclineReason
from dea_support.services.trends import referral_trends_check
from dea_support.tasks import referral_trends
from jomcase.models import JobRun, Notification
from tests.factories import (
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    join_team,
    managed_by,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 10)  # a Wednesday
NOON = dt.time(12, 0)


def at(day: dt.date, time: dt.time = NOON) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def days_ago(n: int, time: dt.time = NOON) -> dt.datetime:
    return at(TODAY - dt.timedelta(days=n), time)


class World:
    """A DEA managed by ``leader``; ``coach`` is in ``leader``'s team, ``other`` in another's."""

    def __init__(self):
        self.dea = StaffFactory(dea=True, first_name="Dana", last_name="Adviser")
        self.leader = StaffFactory(wctl=True)
        managed_by(self.dea, self.leader)
        team = TeamFactory(leader=self.leader)
        self.coach = StaffFactory(work_coach=True, first_name="Colin", last_name="Coach")
        join_team(self.coach, team)
        self.other_leader = StaffFactory(wctl=True)
        self.other = StaffFactory(work_coach=True)
        join_team(self.other, TeamFactory(leader=self.other_leader))

    def inappropriate(self, coach=None, **kwargs):
        """A request from ``coach`` that the DEA declined as inappropriate, 5 days ago."""
        fields = {"dea": self.dea, "created_at": days_ago(5), **kwargs}
        fields.setdefault("decline_reason", DeclineReason.INAPPROPRIATE)
        return SupportRequestFactory(requester=coach or self.coach, declined=True, **fields)

    def tagged(self, *topics, coach=None, **kwargs):
        """A request from ``coach`` that the DEA tagged with ``topics``, 5 days ago."""
        fields = {"dea": self.dea, "created_at": days_ago(5), **kwargs}
        return SupportRequestFactory(requester=coach or self.coach, topics=list(topics), **fields)


@pytest.fixture
def world():
    return World()


def told(**filters) -> list[tuple[str, str]]:
    """(recipient username, kind) of every notification, sorted."""
    rows = Notification.objects.filter(**filters).values_list("recipient__username", "kind")
    return sorted(rows)


def test_a_coach_with_three_inappropriate_requests_in_the_window_is_a_trend(world):
    for n in (1, 30, 80):
        world.inappropriate(created_at=days_ago(n))

    summary = referral_trends_check(today=TODAY)

    assert summary["coach_trends"] == 1 and summary["topic_trends"] == 0
    # The coach's team leader is the DEA's own line manager: told once, and the DEA too.
    assert told() == sorted(
        [
            (world.leader.username, "referral_trend_coach"),
            (world.dea.username, "referral_trend_coach"),
        ]
    )
    note = Notification.objects.get(recipient=world.leader)
    assert note.title == "Referral trend: 3 of Colin Coach's requests declined as inappropriate"
    assert "One-to-one up-skilling" in note.body and "Dana Adviser" in note.body
    assert note.key == f"trend:coach:{world.dea.pk}:{world.coach.pk}:2026-06-10"
    assert note.link == f"/requests/inbox/?state=all&coach={world.coach.pk}"


def test_below_the_threshold_or_declined_for_another_reason_is_no_trend(world):
    world.inappropriate()
    world.inappropriate()
    world.inappropriate(decline_reason=DeclineReason.OUTSIDE_REMIT)
    SupportRequestFactory(requester=world.coach, dea=world.dea, created_at=days_ago(3))
    # A third inappropriate one, but sent to another DEA: cohorts are counted apart.
    world.inappropriate(dea=StaffFactory(dea=True))

    assert referral_trends_check(today=TODAY)["alerts"] == 0
    assert not Notification.objects.exists()


def test_the_threshold_and_window_come_from_the_settings(world, settings):
    settings.TREND_THRESHOLD = 2
    settings.TREND_WINDOW_DAYS = 30
    world.inappropriate(created_at=days_ago(29))
    world.inappropriate(created_at=days_ago(30))  # the day before a 30-day window
    assert referral_trends_check(today=TODAY)["coach_trends"] == 0
    world.inappropriate(created_at=days_ago(2))
    summary = referral_trends_check(today=TODAY)
    assert summary["coach_trends"] == 1
    assert summary["window_start"] == "2026-05-12"


@pytest.mark.parametrize(
    ("first_filed", "counted"),
    [
        (days_ago(89, dt.time(0, 0)), True),  # the first moment of the 90th day back
        (days_ago(90, dt.time(23, 59, 59)), False),  # the last moment before the window
    ],
)
def test_the_window_is_the_last_90_days_including_today(world, time_machine, first_filed, counted):
    time_machine.move_to(at(TODAY, dt.time(6, 30)))  # when beat runs the rule
    world.inappropriate(created_at=first_filed)
    world.inappropriate(created_at=days_ago(40))
    world.inappropriate(created_at=at(TODAY, dt.time(6, 0)))  # filed earlier this morning

    summary = referral_trends_check()

    assert summary["window_start"] == "2026-03-13" and summary["window_end"] == "2026-06-10"
    assert summary["coach_trends"] == (1 if counted else 0)


def test_a_topic_across_the_cohort_suggests_group_upskilling(world):
    world.tagged("autism", "housing")
    world.tagged("autism", coach=world.other)
    world.tagged("autism", "mental health", coach=world.other)
    world.tagged("housing")
    world.tagged("autism", dea=StaffFactory(dea=True))  # another DEA's request

    summary = referral_trends_check(today=TODAY)

    assert summary["topic_trends"] == 1 and summary["coach_trends"] == 0
    note = Notification.objects.get(recipient=world.leader)
    assert note.kind == "referral_trend_topic"
    assert note.title == "Referral trend: 3 requests to Dana Adviser about autism"
    assert "2 work coaches" in note.body and "group up-skilling on autism" in note.body
    assert note.key == f"trend:topic:{world.dea.pk}:autism:2026-06-10"
    # The DEA, the DEA's WCTL, and the other coach's team leader, who is someone else.
    assert told() == sorted(
        [
            (world.dea.username, "referral_trend_topic"),
            (world.leader.username, "referral_trend_topic"),
            (world.other_leader.username, "referral_trend_topic"),
        ]
    )
    # The other team leader does not manage the DEA, so cannot open the DEA's inbox.
    assert Notification.objects.get(recipient=world.other_leader).link == ""


def test_a_topic_from_one_coach_suggests_one_to_one_upskilling(world):
    for n in range(3):
        world.tagged("retention", created_at=days_ago(n + 1))
    referral_trends_check(today=TODAY)
    note = Notification.objects.get(recipient=world.leader)
    assert "All came from Colin Coach, so one-to-one up-skilling on retention" in note.body


def test_the_coachs_team_leader_is_told_when_someone_else_manages_the_dea(world):
    for _ in range(3):
        world.inappropriate(world.other)

    referral_trends_check(today=TODAY)

    assert told() == sorted(
        [
            (world.dea.username, "referral_trend_coach"),
            (world.leader.username, "referral_trend_coach"),
            (world.other_leader.username, "referral_trend_coach"),
        ]
    )


def test_a_team_leader_who_has_left_the_team_is_not_told(world):
    world.other.team_memberships.update(end=TODAY - dt.timedelta(days=1))
    for _ in range(3):
        world.inappropriate(world.other)
    referral_trends_check(today=TODAY)
    assert {name for name, _ in told()} == {world.dea.username, world.leader.username}


def test_the_trend_task_run_twice_sends_each_alert_once(
    world, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(at(TODAY, dt.time(6, 30)))
    for _ in range(3):
        world.inappropriate(world.other)
    for coach in (world.coach, world.other, world.coach):
        world.tagged("autism", coach=coach)

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            referral_trends.delay()

    # Coach trend: DEA, DEA's WCTL, the coach's WCTL; topic trend: the same three people.
    assert Notification.objects.count() == 6
    assert len(mail.outbox) == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Notification.objects.values_list("recipient__email", flat=True)
    )
    assert not Notification.objects.filter(emailed_at=None).exists()
    runs = JobRun.objects.filter(name="referral_trends").order_by("started_at", "id")
    assert [(r.status, r.changed) for r in runs] == [("succeeded", 6), ("succeeded", 0)]


def test_each_subject_is_told_once_per_window_and_again_only_on_new_requests(world, time_machine):
    time_machine.move_to(at(TODAY, dt.time(6, 30)))
    for _ in range(3):
        world.inappropriate(created_at=days_ago(1))
    assert referral_trends_check()["alerts"] == 2

    # The next day the same requests (and one more) are still in the window: nothing new.
    time_machine.move_to(at(TODAY + dt.timedelta(days=1), dt.time(6, 30)))
    world.inappropriate(created_at=timezone.now())
    summary = referral_trends_check()
    assert summary["alerts"] == 0 and summary["already_told"] == 1

    # A whole window after the alert, three newer requests make a new trend.
    later = TODAY + dt.timedelta(days=90)
    time_machine.move_to(at(later, dt.time(6, 30)))
    for n in range(3):
        world.inappropriate(created_at=at(later - dt.timedelta(days=n + 1)))
    assert referral_trends_check()["alerts"] == 2
    keys = sorted(set(Notification.objects.values_list("key", flat=True)))
    assert keys == [
        f"trend:coach:{world.dea.pk}:{world.coach.pk}:2026-06-10",
        f"trend:coach:{world.dea.pk}:{world.coach.pk}:2026-09-08",
    ]


def test_a_recipient_without_an_email_address_is_told_in_the_service_only(
    world, django_capture_on_commit_callbacks
):
    world.leader.email = ""
    world.leader.save(update_fields=["email"])
    for _ in range(3):
        world.inappropriate()
    with django_capture_on_commit_callbacks(execute=True):
        referral_trends_check(today=TODAY)
    assert Notification.objects.filter(recipient=world.leader).exists()
    assert [m.to for m in mail.outbox] == [[world.dea.email]]
