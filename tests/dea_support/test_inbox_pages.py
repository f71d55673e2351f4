"""The DEA's inbox, the team leader's view of their DEAs' requests, the requester's own list,
and the home page panels: filters, counts, days waiting, who sees what, and query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from conferences.services import support_requests_cover
from dea_support.models import SupportRequest
from tests.dea_support.request_page_helpers import (
    INBOX,
    MINE,
    detail_url,
    error_summary,
    html,
    references,
    rows,
    tabs,
)
from tests.factories import (
    ClaimantFactory,
    JobcentreFactory,
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    join_team,
    managed_by,
)

pytestmark = pytest.mark.django_db

# A Monday with no bank holiday in the week, at ten in the morning in London.
MONDAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
TODAY = MONDAY.date()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def dea(monday):
    return StaffFactory(dea=True, first_name="Dee", last_name="Adviser")


@pytest.fixture
def coach():
    return StaffFactory(work_coach=True, first_name="Cara", last_name="Coach")


def a_request(dea, coach, **kwargs) -> SupportRequest:
    kwargs.setdefault("claimant", ClaimantFactory(work_coach=coach))
    return SupportRequestFactory(dea=dea, requester=coach, **kwargs)


@pytest.fixture
def one_of_each(dea, coach):
    """One request to the DEA in each state, and one to another DEA."""
    made = {
        state: a_request(dea, coach, **({state: True} if state != "submitted" else {}))
        for state in (
            "submitted",
            "info_requested",
            "accepted",
            "declined",
            "withdrawn",
            "resolved",
        )
    }
    made["elsewhere"] = a_request(StaffFactory(dea=True), coach)
    return made


def test_the_inbox_opens_on_the_open_requests_with_a_count_for_each_state(client, dea, one_of_each):
    client.force_login(dea)
    response = client.get(INBOX)

    assert response.status_code == 200
    shown = set(references(response))
    assert shown == {one_of_each[s].reference for s in ("submitted", "info_requested", "accepted")}
    assert tabs(response) == {
        "Open": "Open (3) *",
        "Submitted": "Submitted (1)",
        "Information requested": "Information requested (1)",
        "Accepted": "Accepted (1)",
        "Declined": "Declined (1)",
        "Withdrawn": "Withdrawn (1)",
        "Resolved": "Resolved (1)",
        "All": "All (6)",
    }
    assert "<strong>3</strong> open requests" in html(response)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("declined", ["declined"]),
        ("info_requested", ["info_requested"]),
        ("all", ["submitted", "info_requested", "accepted", "declined", "withdrawn", "resolved"]),
    ],
)
def test_a_state_tab_lists_that_state_alone(client, dea, one_of_each, state, expected):
    client.force_login(dea)
    response = client.get(INBOX, {"state": state})
    assert set(references(response)) == {one_of_each[s].reference for s in expected}
    current = [label for label in tabs(response).values() if label.endswith("*")]
    assert len(current) == 1


def test_filters_by_kind_and_by_the_coach_who_asked(client, dea, coach):
    other_coach = StaffFactory(work_coach=True, first_name="Olu", last_name="Other")
    claimant_request = a_request(dea, coach)
    skill_request = SupportRequestFactory(dea=dea, requester=coach, skill=True)
    colleague_request = SupportRequestFactory(dea=dea, requester=other_coach, colleague=True)
    client.force_login(dea)

    by_kind = client.get(INBOX, {"kind": "skill_support"})
    assert references(by_kind) == [skill_request.reference]
    by_coach = client.get(INBOX, {"coach": other_coach.pk})
    assert references(by_coach) == [colleague_request.reference]
    both = client.get(INBOX, {"coach": coach.pk, "kind": "claimant_support"})
    assert references(both) == [claimant_request.reference]
    # The coach list offers those who have asked this DEA, and nobody else.
    page = html(client.get(INBOX))
    assert f'<option value="{coach.pk}">Cara Coach</option>' in page
    assert f'<option value="{other_coach.pk}">Olu Other</option>' in page


def test_due_filters_count_working_days(client, dea, coach):
    overdue = a_request(dea, coach, required_by=days(-3))  # last Friday
    # Needed by Sunday is due on Monday, today: due, not overdue.
    sunday = a_request(dea, coach, required_by=days(-1))
    # Waiting for the requester past its date is never overdue.
    a_request(dea, coach, required_by=days(-3), info_requested=True)
    today = a_request(dea, coach, required_by=days(0))
    wednesday = a_request(dea, coach, required_by=days(2))
    friday = a_request(dea, coach, required_by=days(4))
    next_week = a_request(dea, coach, required_by=days(8))
    # A closed request past its date is not overdue: nothing is waiting on it.
    a_request(dea, coach, required_by=days(-3), declined=True)
    client.force_login(dea)

    def due(value):
        return references(client.get(INBOX, {"due": value, "state": "all"}))

    assert due("overdue") == [overdue.reference]
    assert due("today") == [sunday.reference, today.reference]
    assert due("soon") == [sunday.reference, today.reference, wednesday.reference]
    assert due("this_week") == [
        sunday.reference,
        today.reference,
        wednesday.reference,
        friday.reference,
    ]
    assert next_week.reference not in due("this_week")


def test_sorting_by_the_date_needed_or_by_age(client, dea, coach, time_machine):
    oldest = a_request(dea, coach, required_by=days(9), created_at=MONDAY - dt.timedelta(days=9))
    middle = a_request(dea, coach, required_by=days(3), created_at=MONDAY - dt.timedelta(days=5))
    newest = a_request(dea, coach, required_by=days(6), created_at=MONDAY - dt.timedelta(days=1))
    client.force_login(dea)

    def order(sort):
        return references(client.get(INBOX, {"sort": sort}))

    assert order("required_by") == [middle.reference, newest.reference, oldest.reference]
    assert order("-required_by") == [oldest.reference, newest.reference, middle.reference]
    assert order("oldest") == [oldest.reference, middle.reference, newest.reference]
    assert order("newest") == [newest.reference, middle.reference, oldest.reference]
    # With no sort chosen, the soonest needed comes first.
    assert references(client.get(INBOX)) == order("required_by")


def test_each_row_says_how_long_it_has_waited_and_marks_overdue_ones(client, dea, coach):
    # Filed on Monday a week ago: five working days to this Monday.
    # Needed by Friday: overdue on Monday. (A date on Sunday would be due on the Monday.)
    waiting = a_request(dea, coach, required_by=days(-3), created_at=MONDAY - dt.timedelta(days=7))
    asked = a_request(dea, coach, info_requested=True, created_at=MONDAY - dt.timedelta(days=7))
    client.force_login(dea)

    found = {row.split(" ")[0]: row for row in rows(client.get(INBOX))}
    assert "5 working days" in found[waiting.reference]
    assert "Overdue" in found[waiting.reference]
    assert "Waiting for the requester" in found[asked.reference]
    assert "Overdue" not in found[asked.reference]
    # The DEA sees who each request is about, with the National Insurance number spaced.
    assert waiting.claimant.nino_display in found[waiting.reference]


def test_days_waiting_skip_the_bank_holidays_of_the_viewers_nation(client, coach, time_machine):
    # Filed on Friday 27 November; Monday 30 November is St Andrew's Day in Scotland only.
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    filed = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
    scottish = StaffFactory(dea=True, jobcentre=JobcentreFactory(nation="scotland"))
    english = StaffFactory(dea=True)
    for dea, expected in ((scottish, "1 working day"), (english, "2 working days")):
        sr = a_request(dea, coach, created_at=filed)
        client.force_login(dea)
        assert f"{sr.reference} " in rows(client.get(INBOX))[0]
        assert expected in rows(client.get(INBOX))[0]


def test_an_answered_request_shows_how_long_the_answer_took_not_days_waiting(client, dea, coach):
    filed = MONDAY - dt.timedelta(days=7)  # Monday 26 October
    two_days = a_request(
        dea, coach, accepted=True, created_at=filed, accepted_at=filed + dt.timedelta(days=2)
    )
    same_day = a_request(
        dea, coach, declined=True, created_at=filed, closed_at=filed + dt.timedelta(hours=3)
    )
    # Asked for more on the day it came; the answer came on Thursday, the decision on Friday:
    # the three days waiting for the coach do not count.
    after_asking = a_request(
        dea,
        coach,
        resolved=True,
        created_at=filed,
        waiting_for_info=dt.timedelta(days=3),
        accepted_at=filed + dt.timedelta(days=4),
        closed_at=MONDAY,
    )
    withdrawn = a_request(dea, coach, withdrawn=True, created_at=filed, closed_at=MONDAY)
    client.force_login(dea)

    listed = client.get(INBOX, {"state": "all"})
    found = dict(zip(references(listed), rows(listed), strict=True))
    assert "Answered in 2 working days" in found[two_days.reference]
    assert "Answered within a working day" in found[same_day.reference]
    assert "Answered in 1 working day" in found[after_asking.reference]
    assert "working day" not in found[withdrawn.reference]
    assert not any(" 0 working days" in row for row in found.values())

    # The request's page says the same under its own heading.
    page = html(client.get(detail_url(two_days)))
    assert "Time to answer" in page and "Working days waiting" not in page
    assert re.search(r"Time to answer</dt>\s*<dd[^>]*>2 working days</dd>", page)
    waiting = a_request(dea, coach, created_at=filed)
    page = html(client.get(detail_url(waiting)))
    assert re.search(r"Working days waiting</dt>\s*<dd[^>]*>5 working days</dd>", page)
    page = html(client.get(detail_url(withdrawn)))
    assert "Time to answer" not in page and "Working days waiting" not in page


def test_pages_of_the_inbox_and_page_sizes_up_to_200(client, dea, coach):
    for n in range(30):
        SupportRequestFactory(dea=dea, requester=coach, skill=True, required_by=days(n))
    client.force_login(dea)

    assert len(references(client.get(INBOX))) == 25
    second = client.get(INBOX, {"page": 2})
    assert len(references(second)) == 5
    assert "Showing 26 to 30 of <strong>30</strong>" in html(second)
    assert len(references(client.get(INBOX, {"size": 10}))) == 10
    assert len(references(client.get(INBOX, {"size": 200}))) == 30
    # A page size that is not offered is refused, and the usual size used.
    too_many = client.get(INBOX, {"size": 5000})
    assert len(references(too_many)) == 25
    assert error_summary(too_many) == ["Choose one of the options in the list"]


def test_each_filter_has_its_own_empty_state(client, dea, coach):
    client.force_login(dea)
    assert "There are no open requests" in html(client.get(INBOX))
    a_request(dea, coach)
    assert "There are no declined requests" in html(client.get(INBOX, {"state": "declined"}))
    page = html(client.get(INBOX, {"due": "overdue"}))
    assert "No open requests match the filters" in page
    assert "Clear the filters" in page


def test_only_deas_team_leaders_and_administrators_have_an_inbox(client, coach, analyst):
    for person in (coach, analyst, StaffFactory(sdtl=True)):
        client.force_login(person)
        assert client.get(INBOX).status_code == 403


def test_a_dea_sees_only_their_own_requests_and_those_moved_to_them_for_cover(client, dea, coach):
    mine = a_request(dea, coach)
    away = StaffFactory(dea=True)
    leader = StaffFactory(wctl=True)
    managed_by(away, leader)
    covered = a_request(away, coach)
    not_moved = a_request(away, coach)
    client.force_login(dea)
    assert references(client.get(INBOX)) == [mine.reference]

    support_requests_cover(
        actor=leader, from_dea_id=away.pk, to_dea_id=dea.pk, request_ids=[covered.pk]
    )

    shown = references(client.get(INBOX, {"sort": "oldest"}))
    assert shown == [mine.reference, covered.reference]
    assert not_moved.reference not in shown


@pytest.fixture
def team_leader_of_two_deas(dea, coach):
    leader = StaffFactory(wctl=True)
    second = StaffFactory(dea=True, first_name="Sam", last_name="Second")
    managed_by(dea, leader)
    managed_by(second, leader)
    team = TeamFactory(leader=leader)
    join_team(coach, team)
    return leader, second


def test_a_team_leader_sees_their_deas_requests_and_can_narrow_to_one(
    client, dea, coach, team_leader_of_two_deas
):
    leader, second = team_leader_of_two_deas
    first_request = a_request(dea, coach)
    second_request = a_request(second, StaffFactory(work_coach=True))
    outside = a_request(StaffFactory(dea=True), StaffFactory(work_coach=True))
    client.force_login(leader)

    response = client.get(INBOX)
    assert set(references(response)) == {first_request.reference, second_request.reference}
    assert outside.reference not in html(response)
    assert f'<option value="{second.pk}">Sam Second</option>' in html(response)
    assert references(client.get(INBOX, {"dea": second.pk})) == [second_request.reference]
    # A DEA the leader does not manage is not a choice.
    refused = client.get(INBOX, {"dea": outside.dea_id})
    assert error_summary(refused) == ["Choose one of the options in the list"]


def test_a_team_leader_sees_a_claimant_named_only_when_the_claimant_is_theirs_to_see(
    client, dea, coach, team_leader_of_two_deas
):
    leader, second = team_leader_of_two_deas
    in_their_team = a_request(dea, coach)
    other_team = a_request(second, StaffFactory(work_coach=True))
    client.force_login(leader)

    found = {row.split(" ")[0]: row for row in rows(client.get(INBOX))}
    assert in_their_team.claimant.surname in found[in_their_team.reference]
    assert other_team.claimant.surname not in found[other_team.reference]
    assert other_team.claimant.nino_display not in html(client.get(INBOX))
    assert "A claimant" in found[other_team.reference]


@pytest.mark.parametrize("role", ["dea", "wctl", "administrator"])
def test_the_inbox_never_lists_a_request_its_viewer_cannot_open(
    client, dea, coach, team_leader_of_two_deas, role
):
    leader, second = team_leader_of_two_deas
    for owner in (dea, second, StaffFactory(dea=True)):
        for state in ("submitted", "accepted", "declined"):
            a_request(
                owner,
                StaffFactory(work_coach=True),
                **{state: True} if state != "submitted" else {},
            )
    viewer = {"dea": dea, "wctl": leader, "administrator": StaffFactory(administrator=True)}[role]
    client.force_login(viewer)

    listed = references(client.get(INBOX, {"state": "all", "size": 200}))
    assert listed
    for reference in listed:
        sr = SupportRequest.objects.get(pk=int(reference.removeprefix("DSR-")))
        assert client.get(detail_url(sr)).status_code == 200, reference


def test_an_administrator_sees_requests_without_claimants_names(client, dea, coach):
    sr = a_request(dea, coach)
    client.force_login(StaffFactory(administrator=True))
    page = html(client.get(INBOX))
    assert sr.reference in page
    assert sr.claimant.surname not in page
    assert sr.claimant.nino_display not in page


def many_requests(dea, coach, count: int):
    """Requests of every kind, each with its own claimant where it has one."""
    for n in range(count):
        kind = ("claimant", "skill", "colleague")[n % 3]
        if kind == "claimant":
            a_request(dea, coach, required_by=days(n % 20))
        else:
            SupportRequestFactory(
                dea=dea, requester=coach, required_by=days(n % 20), **{kind: True}
            )


def test_the_inbox_runs_the_same_queries_for_25_or_200_rows(
    client, dea, coach, django_assert_num_queries
):
    many_requests(dea, coach, 25)
    client.force_login(dea)
    # session, user with roles, unread count and jobcentre (for their nation), the coaches
    # and the topics for the filters, counts per state (the open tab's count is the number
    # of rows), one page of requests with their people
    with django_assert_num_queries(6):
        response = client.get(INBOX, {"size": 200})
    assert len(references(response)) == 25
    many_requests(dea, coach, 175)
    with django_assert_num_queries(6):
        response = client.get(INBOX, {"size": 200})
    assert len(references(response)) == 200
    # a filter other than the state tab counts its rows: one more
    with django_assert_num_queries(7):
        response = client.get(INBOX, {"size": 200, "sort": "oldest", "due": "this_week"})
    assert len(references(response)) > 25


def test_a_team_leaders_inbox_runs_the_same_queries_for_25_or_200_rows(
    client, dea, coach, team_leader_of_two_deas, django_assert_num_queries
):
    leader, second = team_leader_of_two_deas
    many_requests(dea, coach, 25)
    client.force_login(leader)
    # as the DEA's, and the DEAs for the filter and which claimants the leader may see named
    with django_assert_num_queries(8):
        assert len(references(client.get(INBOX, {"size": 200}))) == 25
    many_requests(second, StaffFactory(work_coach=True), 175)
    with django_assert_num_queries(8):
        assert len(references(client.get(INBOX, {"size": 200}))) == 200


# Your requests


def test_your_requests_lists_your_own_newest_first_with_state_and_next_step(client, dea, coach):
    older = a_request(dea, coach, created_at=MONDAY - dt.timedelta(days=3), accepted=True)
    asked = a_request(dea, coach, created_at=MONDAY - dt.timedelta(days=2), info_requested=True)
    newest = a_request(dea, coach, created_at=MONDAY - dt.timedelta(days=1))
    someone_elses = a_request(dea, StaffFactory(work_coach=True))
    client.force_login(coach)

    response = client.get(MINE)
    assert response.status_code == 200
    assert references(response) == [newest.reference, asked.reference, older.reference]
    assert someone_elses.reference not in html(response)
    found = dict(zip(references(response), rows(response), strict=True))
    assert "Submitted" in found[newest.reference]
    assert "Waiting for Dee Adviser to decide" in found[newest.reference]
    assert "Answer the DEA's question" in found[asked.reference]
    assert f"{detail_url(asked)}#answer" in html(response)
    assert "case conference" in found[older.reference]
    assert "Dee Adviser" in found[older.reference]
    assert older.required_by.strftime("%-d %b %Y") in found[older.reference]


def test_your_requests_filters_open_and_closed(client, dea, coach):
    open_one = a_request(dea, coach)
    declined = a_request(dea, coach, declined=True)
    withdrawn = a_request(dea, coach, withdrawn=True)
    client.force_login(coach)

    assert references(client.get(MINE, {"show": "open"})) == [open_one.reference]
    closed = client.get(MINE, {"show": "closed"})
    assert set(references(closed)) == {declined.reference, withdrawn.reference}
    assert tabs(closed) == {"All": "All (3)", "Open": "Open (1)", "Closed": "Closed (2) *"}


def test_your_requests_when_you_have_made_none(client, coach):
    client.force_login(coach)
    page = html(client.get(MINE))
    assert "You have not asked for DEA support yet" in page
    assert f'href="{reverse("support_requests:new")}"' in page


def test_your_requests_is_not_for_analysts(client, analyst):
    client.force_login(analyst)
    assert client.get(MINE).status_code == 403


def test_your_requests_runs_the_same_queries_for_25_or_200(
    client, dea, coach, django_assert_num_queries
):
    many_requests(dea, coach, 25)
    client.force_login(coach)
    # session, user with roles, unread count and jobcentre, open and closed counts, count,
    # one page of requests with their people
    with django_assert_num_queries(5):
        assert len(references(client.get(MINE))) == 25
    many_requests(dea, coach, 175)
    with django_assert_num_queries(5):
        assert len(references(client.get(MINE, {"page": 8}))) == 25


# Home page panels


def test_the_deas_home_counts_their_requests_and_the_overdue_ones(client, dea, coach):
    a_request(dea, coach)
    a_request(dea, coach, required_by=days(-3))  # last Friday: overdue
    a_request(dea, coach, info_requested=True, required_by=days(-3))  # waiting: not overdue
    a_request(dea, coach, declined=True)
    client.force_login(dea)

    page = " ".join(html(client.get(reverse("home"))).split())
    assert "Your inbox" in page
    assert "2 waiting for a decision" in page
    assert "1 waiting for more information" in page
    assert "0 accepted, with work under way" in page
    assert f'href="{INBOX}?due=overdue">1 request overdue</a>' in page


def test_the_coachs_home_lists_their_open_requests(client, dea, coach):
    open_one = a_request(dea, coach, info_requested=True)
    closed = a_request(dea, coach, withdrawn=True)
    client.force_login(coach)

    page = html(client.get(reverse("home")))
    assert "Your support requests" in page
    assert open_one.reference in page and "Answer the DEA's question" in page
    assert closed.reference not in page
    assert f'href="{MINE}"' in page


def test_the_service_navigation_leads_to_the_inbox_and_your_requests(client, dea, coach):
    client.force_login(dea)
    assert f'href="{INBOX}"' in html(client.get(reverse("home")))
    client.force_login(coach)
    page = html(client.get(reverse("home")))
    assert f'href="{INBOX}"' not in page
    assert f'href="{MINE}"' in page
    assert f'href="{reverse("support_requests:new")}"' in page
