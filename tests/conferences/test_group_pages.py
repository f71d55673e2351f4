"""The group conference pages: a cohort's sessions and pending cases, blocking diaries,
booking one session, a session's page with holding and recording it, and compliance."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conferences.models import Activity, ActivityKind, ActivityState, AgendaCase, DiaryEntry
from tests.conferences.group_helpers import (
    a_held_session,
    a_led_cohort_of,
    a_session,
    a_slot,
    pending_cases,
)
from tests.conferences.page_helpers import checkbox_values, date_post, error_summary, html, text
from tests.factories import StaffFactory, add_member

pytestmark = pytest.mark.django_db

#: Where each group conference's page lives, without its id.
GROUPS = reverse("conferences:group", args=[0]).removesuffix("0/")


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(queries)


def sessions_listed(response) -> list[int]:
    return [int(pk) for pk in re.findall(rf'href="{GROUPS}(\d+)/"', html(response))]


@pytest.fixture
def scene(db):
    return a_led_cohort_of(12)


def url(name, *args):
    return reverse(f"conferences:{name}", args=args)


# The cohort's sessions


def test_a_dea_goes_to_their_cohort_and_a_team_leader_chooses_one(client, scene):
    client.force_login(scene.dea)
    response = client.get(url("groups_home"))
    assert response.status_code == 302 and response.url == url("groups", scene.cohort.pk)
    client.force_login(scene.leader)
    page = text(client.get(url("groups_home")))
    assert scene.dea.display_name in page
    client.force_login(scene.coaches[0])
    assert client.get(url("groups_home")).status_code == 403


def test_the_list_shows_sessions_from_last_month_on_and_the_pending_cases(client, scene):
    old = a_session(scene, days=-70)
    soon = a_session(scene, days=3)
    later = a_session(scene, days=20, coaches=scene.coaches[10:])
    case, *_ = pending_cases(scene, 2)
    client.force_login(scene.dea)
    response = client.get(url("groups", scene.cohort.pk))
    assert sessions_listed(response) == [soon.pk, later.pk]
    assert case.claimant.full_name in text(response)
    assert "2 cases" in text(response)
    assert sessions_listed(client.get(url("groups", scene.cohort.pk), {"earlier": "1"})) == [old.pk]


def test_claimant_names_are_for_those_who_may_see_them(client, scene):
    (case,) = pending_cases(scene, 1)
    admin = StaffFactory(administrator=True)
    client.force_login(admin)
    page = text(client.get(url("groups", scene.cohort.pk)))
    assert case.claimant.full_name not in page
    assert f"A claimant of {scene.coaches[0].display_name}" in page


def test_others_cannot_see_a_cohorts_sessions(client, scene):
    for person in (scene.coaches[0], StaffFactory(wctl=True), StaffFactory(dea=True)):
        client.force_login(person)
        assert client.get(url("groups", scene.cohort.pk)).status_code == 404


def test_the_list_runs_the_same_queries_for_few_and_many_sessions_and_cases(client, scene):
    a_session(scene, days=3)
    pending_cases(scene, 1)
    for person in (scene.dea, scene.leader):
        client.force_login(person)
        few = count_queries(client, url("groups", scene.cohort.pk))
        for days in range(4, 14):
            a_session(scene, days=days, coaches=scene.coaches[:2])
        pending_cases(scene, 6, coach=scene.coaches[1])
        many = count_queries(client, url("groups", scene.cohort.pk))
        assert few == many
    # session, user, roles, cohort, sessions count and page, pending cases, names, planner,
    # compliance (the team leader's line management asked twice)
    assert many <= 11


# Blocking diaries


def test_the_team_leader_blocks_four_months_and_sees_what_was_made(client, scene, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC))
    # Coaches are divided in name order, so the first by name is in the first session.
    coach = min(scene.coaches, key=lambda s: (s.last_name, s.first_name, s.pk))
    busy = timezone.make_aware(dt.datetime(2027, 1, 5, 9, 0))
    DiaryEntry.objects.create(
        staff=coach, start=busy, end=busy + dt.timedelta(hours=4), title="Leave", created_by=coach
    )
    client.force_login(scene.leader)
    form = client.get(url("groups_block", scene.cohort.pk))
    assert "January 2027" in text(form)
    response = client.post(
        url("groups_block", scene.cohort.pk),
        {
            "first_month": "2027-01",
            "weekday": "1",
            "start_time": "10:00",
            "minutes": "90",
            "channel": "face_to_face",
            "place": "Room 4",
        },
    )
    assert response.status_code == 302 and response.url == url("groups_blocked", scene.cohort.pk)
    page = text(client.get(response.url))
    assert "Diaries blocked" in page
    assert "8 sessions booked from January 2027" in page  # 12 coaches: 2 a month for 4 months
    assert f"{coach.display_name} already has Leave at 5 January 2027 09:00" in page
    sessions = Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE, dea=scene.dea)
    assert sessions.count() == 8
    assert {(s.end - s.start) for s in sessions} == {dt.timedelta(minutes=90)}
    # A second run adds nothing.
    client.post(
        url("groups_block", scene.cohort.pk),
        {
            "first_month": "2027-01",
            "weekday": "1",
            "start_time": "10:00",
            "minutes": "90",
            "channel": "face_to_face",
        },
    )
    assert "0 sessions booked" in text(client.get(url("groups_blocked", scene.cohort.pk)))
    assert sessions.count() == 8


def test_blocking_refuses_sessions_under_an_hour(client, scene):
    client.force_login(scene.dea)
    month = f"{timezone.localdate():%Y-%m}"
    response = client.post(
        url("groups_block", scene.cohort.pk),
        {
            "first_month": month,
            "weekday": "2",
            "start_time": "10:00",
            "minutes": "45",
            "channel": "face_to_face",
        },
    )
    assert response.status_code == 200
    assert error_summary(response) == ["At least 60 minutes"]
    assert not Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE).exists()


def test_the_confirmation_opened_cold_goes_back_to_the_form(client, scene):
    client.force_login(scene.dea)
    response = client.get(url("groups_blocked", scene.cohort.pk))
    assert response.status_code == 302 and response.url == url("groups_block", scene.cohort.pk)


def test_only_the_dea_and_their_team_leader_plan(client, scene):
    admin = StaffFactory(administrator=True)
    client.force_login(admin)
    assert client.get(url("groups_block", scene.cohort.pk)).status_code == 200
    client.force_login(scene.coaches[0])
    assert client.get(url("groups_block", scene.cohort.pk)).status_code == 404
    assert client.get(url("group_book", scene.cohort.pk)).status_code == 404


# Booking one session


def book_post(coaches, *, minutes=60, cases=(), invitees=()):
    start, end = a_slot(5, 10, minutes)
    return {
        **date_post("date", start.date()),
        "start_time": f"{timezone.localtime(start):%H:%M}",
        "end_time": f"{timezone.localtime(end):%H:%M}",
        "channel": "face_to_face",
        "place": "Room 1",
        "attendees": [c.pk for c in coaches],
        "invitees": [p.pk for p in invitees],
        "cases": [c.pk for c in cases],
    }


def test_booking_offers_the_cohort_its_team_leader_and_the_pending_cases(client, scene):
    cases = pending_cases(scene, 2)
    client.force_login(scene.dea)
    response = client.get(url("group_book", scene.cohort.pk))
    assert set(checkbox_values(response, "attendees")) == {str(c.pk) for c in scene.coaches}
    assert checkbox_values(response, "invitees") == [str(scene.leader.pk)]
    assert checkbox_values(response, "cases") == [str(c.pk) for c in cases]


def test_an_eleventh_coach_is_refused_with_the_rules_message(client, scene):
    client.force_login(scene.dea)
    response = client.post(url("group_book", scene.cohort.pk), book_post(scene.coaches[:11]))
    assert response.status_code == 200
    (message,) = error_summary(response)
    assert message.startswith("11 work coaches is too many for one group conference: at most 10")
    assert not Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE).exists()


def test_a_session_under_an_hour_is_refused(client, scene):
    client.force_login(scene.dea)
    response = client.post(
        url("group_book", scene.cohort.pk), book_post(scene.coaches[:5], minutes=45)
    )
    assert error_summary(response) == ["A group conference lasts at least 60 minutes"]
    assert not Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE).exists()


def test_booking_two_cases_books_and_then_warns_about_the_three_to_four(client, scene):
    cases = pending_cases(scene, 2)
    client.force_login(scene.leader)
    response = client.post(
        url("group_book", scene.cohort.pk),
        book_post(scene.coaches[:6], cases=cases, invitees=[scene.leader]),
        follow=True,
    )
    session = Activity.objects.get(kind=ActivityKind.GROUP_CONFERENCE)
    assert response.redirect_chain[-1][0] == url("group", session.pk)
    page = text(response)
    assert "Group conference booked for" in page
    assert "The guidance expects 3 to 4 cases a session; this one has 2." in page
    assert session.state == ActivityState.BOOKED
    assert set(AgendaCase.objects.filter(group_conference=session)) == set(cases)
    assert DiaryEntry.objects.filter(activity=session).count() == 8  # DEA, 6 coaches, leader


# One session


def test_the_session_page_shows_its_agenda_and_people_to_those_who_may_see_it(client, scene):
    mine, theirs = pending_cases(scene, 1), pending_cases(scene, 1, coach=scene.coaches[1])
    session = a_session(scene, cases=[*mine, *theirs])
    client.force_login(scene.dea)
    page = text(client.get(url("group", session.pk)))
    assert mine[0].claimant.full_name in page and theirs[0].claimant.full_name in page
    assert "Change who attends" in page and "Cancel the session" in page
    assert "Mark as held" not in page  # it has not started
    # An invited coach sees the session and their own claimant, not another coach's.
    client.force_login(scene.coaches[0])
    page = text(client.get(url("group", session.pk)))
    assert mine[0].claimant.full_name in page
    assert theirs[0].claimant.full_name not in page
    assert "Change who attends" not in page
    # The generic activity page sends group conferences here.
    assert client.get(reverse("conferences:activity", args=[session.pk])).url == url(
        "group", session.pk
    )
    client.force_login(scene.coaches[11])  # not invited
    assert client.get(url("group", session.pk)).status_code == 404


def test_changing_attendees_keeps_to_ten(client, scene):
    session = a_session(scene, coaches=scene.coaches[:10])
    client.force_login(scene.leader)
    response = client.post(
        url("group_attendees", session.pk), {"attendees": [c.pk for c in scene.coaches[:11]]}
    )
    assert error_summary(response)[0].startswith("11 work coaches is too many")
    response = client.post(
        url("group_attendees", session.pk), {"attendees": [c.pk for c in scene.coaches[2:12]]}
    )
    assert response.status_code == 302
    assert not DiaryEntry.objects.filter(activity=session, staff=scene.coaches[0]).exists()
    assert DiaryEntry.objects.filter(activity=session, staff=scene.coaches[11]).exists()


def test_the_dea_holds_and_records_a_session_with_outcomes_per_case(client, scene):
    reached, missed = pending_cases(scene, 2)
    session = a_session(scene, days=-1, coaches=scene.coaches[:3], cases=[reached, missed])
    client.force_login(scene.dea)
    assert "Mark as held" in text(client.get(url("group", session.pk)))
    response = client.post(url("group_hold", session.pk), follow=True)
    assert "Marked as held" in text(response)

    form = client.get(url("group_record", session.pk))
    assert set(checkbox_values(form, "attended")) == {str(c.pk) for c in scene.coaches[:3]}
    assert checkbox_values(form, f"case_{reached.pk}") == [
        "case_conference",
        "claimant_support_intervention",
        "three_way",
        "work_psychologist_action",
        "employer_adviser_action",
        "third_party_provision_action",
        "no_further_support",
    ]
    refused = client.post(url("group_record", session.pk), {"summary": ""})
    assert error_summary(refused) == ["Enter the summary of outputs"]

    response = client.post(
        url("group_record", session.pk),
        {
            "attended": [scene.coaches[0].pk, scene.coaches[1].pk],
            "summary": "Agreed a coaching approach for two cases.",
            f"case_{reached.pk}": ["case_conference"],
        },
        follow=True,
    )
    page = text(response)
    assert "Recorded: 1 case discussed, 1 follow-on; 1 back on the pending list" in page
    assert "Did not attend" in page and "Agreed a coaching approach" in page
    assert missed.claimant.full_name not in page  # back on the cohort's pending list
    assert missed.claimant.full_name in text(client.get(url("groups", scene.cohort.pk)))
    session.refresh_from_db()
    assert session.state == ActivityState.CONCLUDED
    # Recording again is not open.
    assert client.get(url("group_record", session.pk)).status_code == 302


def test_only_the_dea_records(client, scene):
    session = a_held_session(scene)
    client.force_login(scene.leader)
    assert client.get(url("group_record", session.pk)).status_code == 403


def test_holding_before_the_start_is_refused_on_the_page(client, scene):
    session = a_session(scene, days=2)
    client.force_login(scene.dea)
    response = client.post(url("group_hold", session.pk))
    assert response.status_code == 200
    assert error_summary(response)[0].startswith("This cannot be recorded before the activity")


def test_the_session_page_runs_the_same_queries_for_small_and_large_sessions(client, scene):
    small = a_session(scene, coaches=scene.coaches[:1], cases=pending_cases(scene, 1))
    large = a_session(scene, days=8, coaches=scene.coaches[:10], cases=pending_cases(scene, 4))
    client.force_login(scene.dea)
    assert count_queries(client, url("group", small.pk)) == count_queries(
        client, url("group", large.pk)
    )


# Compliance


def compliance_rows(response) -> dict[str, list[str]]:
    table = re.search(
        r'<table class="govuk-table" id="compliance">.*?</table>', html(response), re.S
    )
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table.group(0), re.S)[1:]:
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0].split(" This month")[0]] = cells[1:]
    return rows


def test_compliance_month_by_month(client, scene, time_machine):
    time_machine.move_to(dt.datetime(2027, 2, 10, 9, 0, tzinfo=dt.UTC))
    january = timezone.make_aware(dt.datetime(2027, 1, 12, 10, 0))
    from conferences.services import activity_hold, group_conference_create

    held = group_conference_create(
        actor=scene.dea,
        dea_id=scene.dea.pk,
        start=january,
        end=january + dt.timedelta(minutes=75),
        attendee_ids=[c.pk for c in scene.coaches[:10]],
    ).activity
    activity_hold(activity_id=held.pk, actor=scene.dea)
    march = timezone.make_aware(dt.datetime(2027, 3, 9, 10, 0))
    group_conference_create(
        actor=scene.dea,
        dea_id=scene.dea.pk,
        start=march,
        end=march + dt.timedelta(hours=1),
        attendee_ids=[c.pk for c in scene.coaches[:10]],
    )
    client.force_login(scene.leader)
    response = client.get(url("compliance", scene.cohort.pk))
    rows = compliance_rows(response)
    assert list(rows) == ["January 2027", "February 2027", "March 2027", "April 2027", "May 2027"]
    missing_two = f"{scene.coaches[10].display_name} {scene.coaches[11].display_name}"
    names = sorted(scene.coaches[10:], key=lambda s: (s.last_name, s.first_name, s.pk))
    missing_two = " ".join(s.display_name for s in names)
    assert rows["January 2027"] == ["12", "2", "1", "1", "75", missing_two, "Not kept"]
    assert rows["March 2027"][:5] == ["12", "2", "1", "0", "0"]
    assert rows["March 2027"][-1] == "Gaps"
    # "Show earlier months" adds the three months before the first one shown.
    assert "?from=2026-10" in response.content.decode()
    earlier = client.get(url("compliance", scene.cohort.pk), {"from": "2026-11"})
    assert list(compliance_rows(earlier))[:3] == ["November 2026", "December 2026", "January 2027"]
    assert "?from=2026-08" in earlier.content.decode()


def test_compliance_is_for_the_dea_and_their_team_leader(client, scene):
    client.force_login(scene.dea)
    assert client.get(url("compliance", scene.cohort.pk)).status_code == 200
    client.force_login(StaffFactory(administrator=True))
    assert client.get(url("compliance", scene.cohort.pk)).status_code == 403
    for person in (scene.coaches[0], StaffFactory(wctl=True)):
        client.force_login(person)
        assert client.get(url("compliance", scene.cohort.pk)).status_code == 404


def test_compliance_runs_the_same_queries_for_a_small_and_a_large_cohort(client):
    small, large = a_led_cohort_of(3), a_led_cohort_of(30)
    for scene in (small, large):
        a_session(scene, coaches=scene.coaches[:2])
        a_held_session(scene, coaches=scene.coaches[:2])
    client.force_login(small.leader)
    few = count_queries(client, url("compliance", small.cohort.pk))
    client.force_login(large.leader)
    many = count_queries(client, url("compliance", large.cohort.pk))
    # session, user, roles, cohort, line management, memberships, sessions, coaches, names
    assert few == many <= 10


def test_a_coach_who_joined_is_offered_for_booking(client, scene):
    newcomer = StaffFactory(work_coach=True)
    add_member(scene.cohort, newcomer, start=timezone.localdate() + dt.timedelta(days=20))
    client.force_login(scene.dea)
    assert str(newcomer.pk) in checkbox_values(
        client.get(url("group_book", scene.cohort.pk)), "attendees"
    )
