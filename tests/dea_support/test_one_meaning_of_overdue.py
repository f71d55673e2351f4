"""One meaning of "overdue" everywhere (issue 12, point 3).

Requests in each state, with their required date before, on and after one day, with and
without working days spent waiting for the requester, are set up against that day. Every
surface that speaks of timeliness must say the same of each: the request's own rule, the
API, the inbox's tags and filters, the requester's list, the home panel's counts, the
scheduled rule's alerts and the activity report's counts.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dea_support.models import RequestState, SupportRequest
from dea_support.services.due import response_dates_check
from dea_support.timeliness import Timeliness
from jomcase.models import Notification
from reports.activity import Scope, activity_figures
from tests.conftest import api_as
from tests.factories import ClaimantFactory, StaffFactory, SupportRequestFactory, managed_by

pytestmark = pytest.mark.django_db

#: The day everything is looked at: Wednesday 9 December 2026, in England.
TODAY = dt.date(2026, 12, 9)
NOW = dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC)
FILED = timezone.make_aware(dt.datetime(2026, 11, 30, 9, 0))  # Monday 30 November
ANSWERED = timezone.make_aware(dt.datetime(2026, 12, 8, 11, 0))  # Tuesday 8 December

#: Each required date, and its due date with no wait and after 3 working days' wait.
#: Worked out by hand from the calendar: weekends move to the Monday.
POSITIONS = {
    "well before": (dt.date(2026, 12, 15), dt.date(2026, 12, 15), dt.date(2026, 12, 18)),
    "just before": (dt.date(2026, 12, 10), dt.date(2026, 12, 10), dt.date(2026, 12, 15)),
    "on": (TODAY, TODAY, dt.date(2026, 12, 14)),
    "after": (dt.date(2026, 12, 7), dt.date(2026, 12, 7), dt.date(2026, 12, 10)),
    # Needed by Sunday 6 December: due on Monday 7.
    "on a sunday": (dt.date(2026, 12, 6), dt.date(2026, 12, 7), dt.date(2026, 12, 10)),
}
STATES = ("submitted", "info_requested", "accepted", "declined", "withdrawn")
#: Due soon runs to 2 working days after today: Friday 11 December.
DUE_SOON_UNTIL = dt.date(2026, 12, 11)

TAGGED = {
    Timeliness.OVERDUE: "Overdue",
    Timeliness.DUE_TODAY: "Due today",
    Timeliness.DUE_SOON: "Due soon",
    Timeliness.WAITING_FOR_REQUESTER: "Waiting for the requester",
    Timeliness.ANSWERED_LATE: "Answered late",
}


def expected(state: str, due_on: dt.date) -> Timeliness:
    """What every surface should say, from the rules as the issue states them."""
    if state == "info_requested":
        return Timeliness.WAITING_FOR_REQUESTER
    if state == "submitted":
        if due_on < TODAY:
            return Timeliness.OVERDUE
        if due_on == TODAY:
            return Timeliness.DUE_TODAY
        if due_on <= DUE_SOON_UNTIL:
            return Timeliness.DUE_SOON
        return Timeliness.ON_TRACK
    if state in ("accepted", "declined"):
        return Timeliness.ANSWERED_LATE if ANSWERED.date() > due_on else Timeliness.ANSWERED
    return Timeliness.CLOSED


def _answered(state: str) -> dict:
    if state == "accepted":
        return {
            "first_response_at": ANSWERED,
            "accepted_at": ANSWERED,
            "channel": "case_conference",
        }
    if state == "declined":
        return {
            "first_response_at": ANSWERED,
            "closed_at": ANSWERED,
            "decline_reason": "outside_remit",
        }
    if state == "withdrawn":
        return {"closed_at": ANSWERED}
    if state == "info_requested":
        return {"first_response_at": ANSWERED, "info_requested_at": ANSWERED}
    return {}


@pytest.fixture
def world(time_machine):
    time_machine.move_to(NOW, tick=False)
    coach = StaffFactory(work_coach=True, first_name="Dafydd", last_name="ap Gruffudd")
    dea = StaffFactory(dea=True, jobcentre=coach.jobcentre, first_name="Thanh", last_name="Lê")
    leader = StaffFactory(wctl=True)
    managed_by(dea, leader)
    cases = {}
    for state in STATES:
        for position, (required_by, due_plain, due_waited) in POSITIONS.items():
            for waited, due_on in ((0, due_plain), (3, due_waited)):
                sr = SupportRequestFactory(
                    requester=coach,
                    dea=dea,
                    claimant=ClaimantFactory(work_coach=coach, surname="Wiśniewska"),
                    state=state,
                    required_by=required_by,
                    # As the services leave it: on by the working days spent waiting.
                    due_on=due_on,
                    waiting_for_info=dt.timedelta(days=waited + 2 if waited else 0),
                    created_at=FILED,
                    **_answered(state),
                )
                cases[sr.reference] = (state, position, waited, expected(state, due_on))
    return {"coach": coach, "dea": dea, "leader": leader, "cases": cases}


def plural(count: int) -> str:
    return f"{count} request{'s' if count != 1 else ''}"


def refs(world, *statuses) -> set[str]:
    return {ref for ref, case in world["cases"].items() if case[3] in statuses}


def _tags_by_row(page: str) -> dict[str, set[str]]:
    """Each row's reference, and the timeliness tags in it."""
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.S):
        found = re.search(r"DSR-\d{6}", row)
        if found:
            tags = set(re.findall(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', row))
            rows[found.group(0)] = tags & set(TAGGED.values())
    return rows


def test_the_table_of_cases_covers_every_meaning(world):
    statuses = {case[3] for case in world["cases"].values()}
    assert statuses == set(Timeliness)


def test_the_request_and_the_api_say_the_same(world):
    for sr in SupportRequest.objects.select_related("dea__jobcentre"):
        assert sr.timeliness() == world["cases"][sr.reference][3], world["cases"][sr.reference]
    body = api_as(world["dea"]).get("/api/support-requests/", {"page_size": 100}).json()
    by_reference = {row["reference"]: row for row in body["results"]}
    assert len(by_reference) == len(world["cases"])
    for reference, (*_, status) in world["cases"].items():
        assert by_reference[reference]["timeliness"] == status, reference
        assert by_reference[reference]["overdue"] is (status == Timeliness.OVERDUE), reference
    overdue = api_as(world["dea"]).get("/api/support-requests/", {"due": "overdue"}).json()
    assert {row["reference"] for row in overdue["results"]} == refs(world, Timeliness.OVERDUE)


def test_the_inbox_and_the_requesters_list_tag_each_request_alike(client, world):
    client.force_login(world["dea"])
    inbox = reverse("support_requests:inbox")
    rows = _tags_by_row(client.get(inbox, {"state": "all", "size": 100}).content.decode())
    client.force_login(world["coach"])
    mine = reverse("support_requests:mine")
    their_rows = {}
    for page in (1, 2):
        their_rows |= _tags_by_row(client.get(mine, {"page": page}).content.decode())
    for reference, (*_, status) in world["cases"].items():
        shown = {TAGGED[status]} if status in TAGGED else set()
        assert rows[reference] == shown, (reference, world["cases"][reference])
        assert their_rows[reference] == shown, (reference, world["cases"][reference])


def test_the_inbox_filters_and_the_home_panel_count_the_same_requests(client, world):
    client.force_login(world["dea"])
    inbox = reverse("support_requests:inbox")

    def listed(due):
        page = client.get(inbox, {"state": "all", "due": due, "size": 100}).content.decode()
        return set(_tags_by_row(page))

    overdue = refs(world, Timeliness.OVERDUE)
    today = refs(world, Timeliness.DUE_TODAY)
    assert listed("overdue") == overdue
    assert listed("today") == today
    assert listed("soon") == today | refs(world, Timeliness.DUE_SOON)
    home = " ".join(client.get(reverse("home")).content.decode().split())
    assert f"{plural(len(overdue))} overdue</a>" in home
    assert f"{plural(len(today))} due today</a>" in home


def test_the_scheduled_rule_alerts_on_the_same_requests(world):
    summary = response_dates_check(today=TODAY)
    overdue = refs(world, Timeliness.OVERDUE)
    soon = refs(world, Timeliness.DUE_TODAY, Timeliness.DUE_SOON)
    assert (summary["overdue"], summary["due_soon"]) == (len(overdue), len(soon))

    def told(kind, person):
        titles = Notification.objects.filter(kind=kind, recipient=person).values_list(
            "title", flat=True
        )
        return {re.search(r"DSR-\d{6}", title).group(0) for title in titles}

    assert told("request_overdue", world["dea"]) == overdue
    assert told("request_overdue", world["leader"]) == overdue
    assert told("request_due_soon", world["dea"]) == soon


def test_the_report_counts_the_same_requests(world):
    figures = activity_figures(
        Scope(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 1), today=TODAY), ["responses"]
    )
    values = next(r.values for r in figures.section("responses").rows if r.is_total)
    assert values["overdue"] == len(refs(world, Timeliness.OVERDUE))
    assert values["late"] == len(refs(world, Timeliness.ANSWERED_LATE))
    assert values["on_time"] == len(refs(world, Timeliness.ANSWERED))
    assert values["decided"] == values["late"] + values["on_time"]


def test_waiting_for_the_requester_is_never_called_overdue(client, world):
    waiting = [
        ref for ref, case in world["cases"].items() if case[0] == RequestState.INFO_REQUESTED
    ]
    client.force_login(world["dea"])
    for reference in waiting:
        sr = SupportRequest.objects.get(pk=int(reference[4:]))
        page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
        assert "Waiting for the requester" in page
        assert ">Overdue<" not in page


def test_a_late_answer_names_its_due_date_as_written(client, world):
    late = next(
        ref
        for ref, case in world["cases"].items()
        if case[:3] == (RequestState.ACCEPTED, "after", 0)
    )
    client.force_login(world["coach"])
    page = client.get(reverse("support_requests:detail", args=[int(late[4:])])).content.decode()
    assert "after the due date of 7 December 2026" in page
