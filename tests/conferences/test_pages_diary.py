"""Diaries: the week view, whose diaries may be opened, blocking out time, and iCalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conferences.models import CalendarFeedToken, DiaryEntry
from conferences.services import activity_book, unavailability_add
from tests.conferences.page_helpers import booked, date_post, error_summary, html, slot, text
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

DIARY = reverse("conferences:diary")
ADD = reverse("conferences:unavailability_add")
FEED_SETTINGS = reverse("conferences:calendar_feed_settings")


def week_of(day: dt.date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def diary_of(person) -> str:
    return reverse("conferences:diary_of", args=[person.pk])


@pytest.fixture
def coach(db):
    return StaffFactory(work_coach=True, first_name="Carol", last_name="Coach")


@pytest.fixture
def dea(coach):
    dea = StaffFactory(dea=True, first_name="Dee", last_name="Adviser")
    add_member(CohortFactory(dea=dea), coach)
    return dea


def test_your_week_shows_bookings_and_time_blocked_out(client, coach, dea):
    claimant = ClaimantFactory(work_coach=coach, forenames="Sam", surname="Jones")
    activity = booked(
        an_activity("three_way", claimant=claimant, dea=dea, work_coach=coach), days=1
    )
    start, end = slot(1, 14)
    unavailability_add(actor=coach, start=start, end=end, title="Dentist")
    client.force_login(coach)
    response = client.get(DIARY, {"week": week_of(activity.start.date())})
    assert response.status_code == 200
    page = text(response)
    assert "Your diary" in page
    assert "10:00 to 11:00 Three-way intervention with Sam Jones (face to face)" in page
    assert "14:00 to 15:00 Dentist" in page
    assert reverse("conferences:activity", args=[activity.pk]) in html(response)


def test_weeks_move_back_and_forth(client, coach, dea):
    activity = booked(an_activity("case_conference", dea=dea, work_coach=coach), days=14)
    client.force_login(coach)
    this_week = client.get(DIARY)
    assert "Case conference" not in text(this_week)
    later = week_of(timezone.localtime(activity.start).date())
    assert "Case conference" in text(client.get(DIARY, {"week": later}))
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    assert f"?week={week_of(monday + dt.timedelta(days=7))}" in html(this_week)
    assert f"?week={week_of(monday - dt.timedelta(days=7))}" in html(this_week)
    # A week that is not a real week shows this week.
    assert client.get(DIARY, {"week": "2027-W99"}).status_code == 200


def test_leave_over_several_days_shows_on_each(client, coach):
    monday = dt.date(2030, 6, 3)
    start = timezone.make_aware(dt.datetime(2030, 6, 3, 13, 0))
    end = timezone.make_aware(dt.datetime(2030, 6, 5, 12, 0))
    unavailability_add(actor=coach, start=start, end=end, title="Leave")
    client.force_login(coach)
    page = text(client.get(DIARY, {"week": week_of(monday)}))
    assert page.count("Remove Leave,") == 3  # one row, with its button, on each day
    assert "13:00 to 24:00 Leave" in page
    assert "00:00 to 12:00 Leave" in page


def test_a_dea_sees_a_cohort_coachs_diary_without_what_is_not_theirs(client, coach, dea):
    mine = booked(an_activity("case_conference", dea=dea, work_coach=coach), days=1)
    other_dea = StaffFactory(dea=True)
    booked(an_activity("skill_conference", dea=other_dea, work_coach=coach), days=1, hour=12)
    start, end = slot(1, 15)
    unavailability_add(actor=coach, start=start, end=end, title="Hospital appointment")
    client.force_login(dea)
    response = client.get(diary_of(coach), {"week": week_of(mine.start.date())})
    assert response.status_code == 200
    page = text(response)
    assert "Carol Coach's diary" in page
    assert "10:00 to 11:00 Case conference" in page
    assert "12:00 to 13:00 Busy" in page
    assert "15:00 to 16:00 Unavailable" in page
    assert "Hospital appointment" not in page
    assert "Remove" not in page


def test_who_may_open_whose_diary(client, coach, dea):
    team = TeamFactory()
    join_team(coach, team)
    managed_by(dea, team.leader)
    stranger = StaffFactory(work_coach=True)
    cases = [
        (dea, coach, 200),  # the DEA and a coach in their cohort
        (coach, dea, 200),  # the coach and their cohort's DEA
        (team.leader, coach, 200),  # a team leader and a member of their team
        (team.leader, dea, 200),  # a team leader and a DEA they manage
        (dea, stranger, 404),
        (coach, stranger, 404),
        (team.leader, stranger, 404),
        (stranger, coach, 404),
    ]
    for viewer, owner, status in cases:
        client.force_login(viewer)
        assert client.get(diary_of(owner)).status_code == status, (viewer, owner)
    client.force_login(StaffFactory(analyst=True))
    assert client.get(DIARY).status_code == 403


def test_blocking_out_time(client, coach):
    client.force_login(coach)
    day = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(ADD, {**date_post("date", day), "start_time": "9am"})
    assert error_summary(response) == ["Enter the end time, or select all day"]
    assert not DiaryEntry.objects.exists()
    response = client.post(
        ADD,
        {**date_post("date", day), "start_time": "9am", "end_time": "12:30", "title": "Training"},
        follow=True,
    )
    assert "Your diary shows you as unavailable" in text(response)
    entry = DiaryEntry.objects.get()
    assert timezone.localtime(entry.start).time() == dt.time(9, 0)
    assert timezone.localtime(entry.end).time() == dt.time(12, 30)
    assert "09:00 to 12:30 Training" in text(response)

    response = client.post(ADD, {**date_post("date", day), "all_day": "true"})
    whole = DiaryEntry.objects.latest("pk")
    assert whole.end - whole.start == dt.timedelta(days=1)
    assert whole.title == "Unavailable"


def test_removing_time_blocked_out_is_for_its_owner(client, coach):
    start, end = slot(2, 9)
    entry = unavailability_add(actor=coach, start=start, end=end, title="Leave")
    remove = reverse("conferences:unavailability_remove", args=[entry.pk])
    client.force_login(StaffFactory(work_coach=True))
    assert client.post(remove).status_code == 404
    client.force_login(coach)
    assert client.get(remove).status_code == 405
    response = client.post(remove, follow=True)
    assert "The time was removed from your diary" in text(response)
    assert not DiaryEntry.objects.exists()


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def fill_week(dea, coach, n: int, monday: dt.date, offset: int = 0):
    for index in range(offset, offset + n):
        day = monday + dt.timedelta(days=index % 5)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(8 + index // 5)))
        activity = an_activity("case_conference", dea=dea, work_coach=coach)
        activity_book(
            activity_id=activity.pk,
            actor=dea,
            start=start,
            end=start + dt.timedelta(minutes=30),
            channel="phone",
        )


def test_a_diary_week_runs_the_same_queries_for_5_and_25_entries(client, coach, dea):
    monday = dt.date(2030, 6, 3)
    params = {"week": week_of(monday)}
    fill_week(dea, coach, 5, monday)
    client.force_login(dea)
    # Own diary: session, user and roles, the people whose diaries the DEA may open, the week.
    assert count_queries(client, DIARY, params) == 4
    # Someone else's: the same, and which of their bookings the viewer may open.
    few = count_queries(client, diary_of(coach), params)
    fill_week(dea, coach, 20, monday, offset=5)
    assert count_queries(client, DIARY, params) == 4
    assert count_queries(client, diary_of(coach), params) == few == 5


# iCalendar


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_a_booking_downloads_as_an_ics_file_in_utc(client, coach, dea):
    claimant = ClaimantFactory(work_coach=coach, surname="Jones")
    activity = booked(an_activity("case_conference", claimant=claimant, dea=dea, work_coach=coach))
    address = reverse("conferences:activity_calendar", args=[activity.pk])
    client.force_login(coach)
    response = client.get(address)
    [event] = parse(response).walk("VEVENT")
    assert event.decoded("dtstart") == activity.start
    assert event.decoded("dtend") == activity.end
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert b"Z" in response.content.split(b"DTSTART")[1].split(b"\r\n")[0]
    assert str(event["uid"]) == f"activity-{activity.pk}@jomcase"
    assert event.get("dtstamp") is not None
    assert str(event["summary"]) == "Case conference (face to face)"
    assert str(event["location"]) == "Room 2"
    assert b"Jones" not in response.content

    # Moving the booking keeps the same UID, so calendars update it in place.
    start, end = slot(4, 15)
    activity_book(activity_id=activity.pk, actor=dea, start=start, end=end, channel="phone")
    [moved] = parse(client.get(address)).walk("VEVENT")
    assert str(moved["uid"]) == str(event["uid"])
    assert moved.decoded("dtstart") == start


def test_an_unbooked_or_unseen_activity_has_no_ics(client, coach, dea):
    activity = an_activity("case_conference", dea=dea, work_coach=coach)
    client.force_login(coach)
    assert (
        client.get(reverse("conferences:activity_calendar", args=[activity.pk])).status_code == 404
    )
    booked(activity)
    client.force_login(StaffFactory(work_coach=True))
    assert (
        client.get(reverse("conferences:activity_calendar", args=[activity.pk])).status_code == 404
    )


def test_the_calendar_feed_needs_its_token_and_lists_the_persons_bookings(client, coach, dea):
    claimant = ClaimantFactory(work_coach=coach, surname="Jones")
    first = booked(an_activity("case_conference", claimant=claimant, dea=dea, work_coach=coach))
    second = booked(an_activity("skill_conference", dea=dea, work_coach=coach), days=3)
    booked(an_activity("case_conference"))  # someone else's
    start, end = slot(5, 9)
    unavailability_add(actor=coach, start=start, end=end, title="Leave")

    client.force_login(coach)
    assert "Make my calendar address" in text(client.get(FEED_SETTINGS))
    client.post(FEED_SETTINGS)
    token = CalendarFeedToken.objects.get(staff=coach).token
    assert len(token) >= 40
    feed_url = reverse("conferences:calendar_feed", args=[token])
    page = client.get(FEED_SETTINGS)
    assert f"http://testserver{feed_url}" in html(page)

    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200
    events = parse(response).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"activity-{a.pk}@jomcase" for a in (first, second)
    )
    assert {e.decoded("dtstart") for e in events} == {first.start, second.start}
    assert b"Jones" not in response.content and b"Leave" not in response.content

    assert client.get(reverse("conferences:calendar_feed", args=["x" + token])).status_code == 404

    # A new address replaces the old one at once.
    client.force_login(coach)
    response = client.post(FEED_SETTINGS, follow=True)
    assert "The old one no longer works" in text(response)
    client.logout()
    assert client.get(feed_url).status_code == 404
    new = CalendarFeedToken.objects.get(staff=coach).token
    assert client.get(reverse("conferences:calendar_feed", args=[new])).status_code == 200


def test_the_feed_runs_the_same_queries_for_5_and_25_bookings(client, coach, dea):
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    fill_week(dea, coach, 5, monday)
    client.force_login(coach)
    client.post(FEED_SETTINGS)
    client.logout()
    feed_url = reverse(
        "conferences:calendar_feed", args=[CalendarFeedToken.objects.get(staff=coach).token]
    )
    # the token with its owner, the bookings with their activities
    assert count_queries(client, feed_url) == 2
    fill_week(dea, coach, 20, monday, offset=5)
    assert count_queries(client, feed_url) == 2
