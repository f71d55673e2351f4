"""Reads of diaries and calendar feeds: a person's week, whose diaries they may open."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from conferences.models import CalendarFeedToken, DiaryEntry
from conferences.selectors.activities import activities_visible_to
from dea_support.models import Cohort, CohortMembership
from jomcase.models import LineManagement, Role, Staff, TeamMembership

#: How far back the calendar feed reaches; calendar apps keep what they have already read.
FEED_DAYS_BACK = 90
#: A ceiling on one feed, so a very old diary cannot make a huge download.
FEED_MAX_EVENTS = 2000


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The week from Monday 00:00 to the next Monday 00:00, local time, as aware datetimes."""
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min))
    return start, end


def diary_week(*, staff: Staff, monday: dt.date) -> list[DiaryEntry]:
    """Every booking and block of unavailability in one person's week, in time order."""
    start, end = week_bounds(monday)
    return list(
        DiaryEntry.objects.filter(staff=staff, start__lt=end, end__gt=start)
        .select_related("activity__claimant")
        .order_by("start", "id")
    )


def diary_owners_for(user: Staff) -> QuerySet[Staff]:
    """Whose diaries the user may open: their own, and those of the people they book with.

    A DEA sees the diaries of the work coaches in their cohort today and a work coach their
    cohort DEA's, because the two agree a time together before booking [14][25]; a WCTL sees
    their teams' members and the DEAs they line-manage, whose diaries they block for group
    conferences [31].
    """
    rule = Q(pk=user.pk)
    if user.has_role(Role.DEA):
        coaches = CohortMembership.objects.current_on().filter(cohort__dea=user)
        rule |= Q(pk__in=coaches.values("work_coach_id"))
    if user.has_role(Role.WORK_COACH):
        mine = CohortMembership.objects.current_on().filter(work_coach=user)
        rule |= Q(pk__in=Cohort.objects.filter(memberships__in=mine).values("dea_id"))
    if user.has_role(Role.WCTL):
        team = TeamMembership.objects.current_on().filter(team__leader=user)
        managed = LineManagement.objects.current_on().filter(manager=user)
        rule |= Q(pk__in=team.values("staff_id")) | Q(pk__in=managed.values("staff_id"))
    return Staff.objects.filter(rule, is_active=True).order_by("last_name", "first_name", "pk")


def visible_activity_ids(user: Staff, ids) -> set[int]:
    """Which of these activities the user may open (one query for a whole diary week)."""
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(activities_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def calendar_feed_owner(token: str) -> Staff | None:
    feed = (
        CalendarFeedToken.objects.select_related("staff")
        .filter(token=token, staff__is_active=True)
        .first()
    )
    return feed.staff if feed else None


def calendar_feed_token_of(staff: Staff) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(staff=staff).first()


def calendar_feed_bookings(staff: Staff) -> list[DiaryEntry]:
    """The person's bookings from a while back onwards, for their calendar app."""
    since = timezone.now() - dt.timedelta(days=FEED_DAYS_BACK)
    return list(
        DiaryEntry.objects.filter(staff=staff, activity__isnull=False, end__gte=since)
        .select_related("activity")
        .order_by("start", "id")[:FEED_MAX_EVENTS]
    )
