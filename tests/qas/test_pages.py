"""The QAS pages: the team leader's dashboard and a DEA's checks, the checklist form with its
error summary, the check page with its history, the DEA's own list and acknowledgement, the
"I will observe" button and the home panels. Each list page runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import ActivityKind, ActivityState, DiaryEntry, Participant
from jomcase.models import Notification
from qas.models import PlannedObservation, QasCheck
from qas.selectors import due_checks_for
from tests.conferences.page_helpers import error_summary, html, text
from tests.factories import managed_by
from tests.qas.builders import a_check, a_led_dea, work_at

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("qas:dashboard")
MINE = reverse("qas:my_checks")


def this_month_hour(hours_ago: int = 2) -> dt.datetime:
    """A time earlier today, or just after midnight when the day has only begun."""
    now = timezone.now()
    start = now - dt.timedelta(hours=hours_ago)
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    return max(start, midnight + dt.timedelta(minutes=1))


@pytest.fixture
def recent(pair):
    """The pair's DEA started with their team leader this month, so only this month is due."""
    pair.dea.line_managers.update(start=timezone.localdate().replace(day=1))
    return pair


def checklist_post(template, *, skip: int | None = None, **changes) -> dict:
    data = {"result": "achieved", "positive_feedback": "Good use of local provision."}
    for c in template.criteria.all():
        if c.position != skip:
            data[f"answer_{c.pk}"] = "met"
    return data | changes


def test_the_dashboard_lists_each_dea_with_what_is_due_and_a_case_conference_to_check(
    client, recent, checklists
):
    conference = work_at(recent.dea, this_month_hour())
    client.force_login(recent.leader)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    words = text(response)
    assert "Dee Adviser" in words and "No checks are overdue" in words
    assert f'href="{reverse("qas:check_new", args=[conference.pk])}"' in html(response)
    assert "Start QAS 2 for Dee Adviser" in words


def test_the_checklist_with_an_answer_missing_shows_the_error_summary_and_saves_nothing(
    client, recent, checklists
):
    conference = work_at(recent.dea, this_month_hour())
    url = reverse("qas:check_new", args=[conference.pk])
    client.force_login(recent.leader)
    assert client.get(url).status_code == 200
    template = checklists["qas2"]
    response = client.post(url, checklist_post(template, skip=3, result=""))
    assert response.status_code == 200
    assert error_summary(response) == [
        "Select met, not met or not applicable for question 3",
        "Select whether the DEA achieved the standard",
    ]
    assert "<title>Error:" in html(response)
    assert not QasCheck.objects.exists()

    response = client.post(url, checklist_post(template, result="not_achieved"))
    assert error_summary(response) == ["Say what the DEA should improve"]
    assert not QasCheck.objects.exists()

    response = client.post(url, checklist_post(template))
    check = QasCheck.objects.get()
    assert response.status_code == 302 and response.url == reverse("qas:check", args=[check.pk])
    dashboard = text(client.get(DASHBOARD))
    assert "No checks are due" in dashboard and "QAS 2: 1" in dashboard


def test_a_check_already_done_or_work_not_held_redirects(client, pair, checklists):
    done = work_at(pair.dea, timezone.now() - dt.timedelta(days=1))
    check = a_check(pair.leader, done)
    coming = work_at(pair.dea, timezone.now() + dt.timedelta(days=3), state=ActivityState.BOOKED)
    client.force_login(pair.leader)
    response = client.get(reverse("qas:check_new", args=[done.pk]))
    assert response.url == reverse("qas:check", args=[check.pk])
    response = client.get(reverse("qas:check_new", args=[coming.pk]))
    assert response.url == reverse("qas:dea", args=[pair.dea.pk])


def test_the_dea_reads_the_check_and_acknowledges_it(client, pair, checklists):
    check = a_check(
        pair.leader,
        work_at(pair.dea, timezone.now() - dt.timedelta(days=1)),
        result="not_achieved",
        areas_to_improve="Agree actions with dates.",
    )
    client.force_login(pair.dea)
    mine = client.get(MINE)
    assert f'href="{reverse("qas:check", args=[check.pk])}"' in html(mine)
    page = client.get(reverse("qas:check", args=[check.pk]))
    words = text(page)
    assert "Agree actions with dates." in words and "Not achieved" in words
    assert "Acknowledge the check" in words and "Change the check" not in words
    response = client.post(reverse("qas:acknowledge", args=[check.pk]))
    assert response.url == reverse("qas:check", args=[check.pk])
    words = text(client.get(response.url))
    assert "Acknowledge the check" not in words
    assert "Acknowledged by Dee Adviser" in words


def test_changing_a_signed_off_check_is_kept_in_its_history(client, pair, checklists):
    check = a_check(pair.leader, work_at(pair.dea, timezone.now() - dt.timedelta(days=1)))
    client.force_login(pair.dea)
    client.post(reverse("qas:acknowledge", args=[check.pk]))
    template = checklists["qas2"]
    second = template.criteria.get(position=2)

    client.force_login(pair.leader)
    edit = reverse("qas:check_edit", args=[check.pk])
    assert 'value="met" checked' in html(client.get(edit))
    data = checklist_post(template) | {
        f"answer_{second.pk}": "not_met",
        f"comment_{second.pk}": "Booked after the date the coach needed.",
        "areas_to_improve": "Book within the required date.",
    }
    response = client.post(edit, data)
    assert response.url == reverse("qas:check", args=[check.pk])
    check.refresh_from_db()
    assert check.acknowledged_at is None
    words = text(client.get(response.url))
    for line in (
        "Signed off by",
        "Acknowledged by Dee Adviser",
        "Edited by",
        "Question 2: answer changed from 'Met' to 'Not met'",
        "Question 2: comment changed",
        "Areas to improve changed from nothing to 'Book within the required date.'",
        "Booked after the date the coach needed.",
    ):
        assert line in words, line
    assert Notification.objects.filter(recipient=pair.dea, kind="qas_check").count() == 2
    # Saving again with no change adds nothing to the history.
    before = check.history.count()
    client.post(edit, data)
    assert check.history.count() == before


def test_only_the_team_leader_changes_a_check(client, pair, checklists):
    check = a_check(pair.leader, work_at(pair.dea, timezone.now() - dt.timedelta(days=1)))
    client.force_login(pair.dea)
    assert client.get(reverse("qas:check_edit", args=[check.pk])).status_code == 403
    assert client.get(reverse("qas:dea", args=[pair.dea.pk])).url == MINE


def test_i_will_observe_puts_a_booked_conference_in_the_leaders_diary(client, pair, checklists):
    coming = work_at(pair.dea, timezone.now() + dt.timedelta(days=3), state=ActivityState.BOOKED)
    client.force_login(pair.leader)
    page = text(client.get(reverse("qas:dea", args=[pair.dea.pk])))
    assert "I will observe" in page
    response = client.post(reverse("qas:observe", args=[coming.pk]))
    assert response.url == reverse("qas:dea", args=[pair.dea.pk])
    assert PlannedObservation.objects.filter(activity=coming, wctl=pair.leader).exists()
    assert Participant.objects.get(activity=coming, staff=pair.leader).role == "observer"
    assert DiaryEntry.objects.filter(activity=coming, staff=pair.leader).exists()
    assert "You will observe" in text(client.get(reverse("qas:dea", args=[pair.dea.pk])))
    held = work_at(pair.dea, timezone.now() - dt.timedelta(days=1))
    client.post(reverse("qas:observe", args=[held.pk]))
    assert not PlannedObservation.objects.filter(activity=held).exists()


def test_home_panels_and_navigation(client, pair, checklists):
    client.force_login(pair.leader)
    home = text(client.get(reverse("home")))
    assert "QAS checks" in home and "See QAS checks" in home
    # The panel counts what the dashboard lists (it only skips the suggestions).
    items = due_checks_for(wctl=pair.leader)
    due = sum(1 for i in items if not i.overdue)
    assert due >= 1
    assert f"Your DEAs have {due} check{'s' if due != 1 else ''} due and " in home
    assert f" and {len(items) - due} overdue." in home
    client.force_login(pair.dea)
    a_check(pair.leader, work_at(pair.dea, timezone.now() - dt.timedelta(days=1)))
    home = text(client.get(reverse("home")))
    assert "1 check of your work is waiting for you to acknowledge" in home
    assert "Checks of your work" in home


def _busy_dea(leader, n_checks: int):
    """Another DEA of the leader's, with held work, checks of it and booked work to come."""
    pair = a_led_dea()
    managed_by(pair.dea, leader)
    past = timezone.now() - dt.timedelta(days=2)
    for i in range(n_checks):
        a_check(leader, work_at(pair.dea, past - dt.timedelta(days=i, hours=1)))
    work_at(pair.dea, past, kind=ActivityKind.GROUP_CONFERENCE)
    work_at(pair.dea, timezone.now() + dt.timedelta(days=2), state=ActivityState.BOOKED)
    work_at(
        pair.dea,
        timezone.now() + dt.timedelta(days=4),
        kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
        state=ActivityState.BOOKED,
    )
    return pair.dea


def test_list_pages_run_the_same_queries_for_one_dea_or_many(
    client, pair, checklists, django_assert_num_queries
):
    _busy_dea(pair.leader, 1)
    client.force_login(pair.leader)
    # session, user and roles, the leader's DEAs, first publications, checks, first group
    # conferences, work to suggest, CSIs to suggest
    with django_assert_num_queries(8):
        assert client.get(DASHBOARD).status_code == 200
    for _ in range(3):
        _busy_dea(pair.leader, 4)
    with django_assert_num_queries(8):
        response = client.get(DASHBOARD)
    assert len(re.findall(r'href="/qas/deas/\d+/"', html(response))) >= 4

    dea = _busy_dea(pair.leader, 2)
    url = reverse("qas:dea", args=[dea.pk])
    # session, user and roles, may-check (line management), the DEA, the leader's line of
    # this DEA, first publications, checks, first group conferences, work to suggest, CSIs,
    # work to observe, count and page of checks
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    for _ in range(3):
        a_check(pair.leader, work_at(dea, timezone.now() - dt.timedelta(days=9, hours=_)))
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200

    client.force_login(dea)
    # session, user and roles, count and page of checks with their people and work
    with django_assert_num_queries(4):
        response = client.get(MINE)
    assert len(re.findall(r'href="/qas/checks/\d+/"', html(response))) == 5


def test_the_team_leader_starts_and_then_finds_the_check_from_the_activity_page(client, pair):
    held = work_at(pair.dea, timezone.now() - dt.timedelta(days=1))
    page = reverse("conferences:activity", args=[held.pk])
    client.force_login(pair.leader)
    assert f'href="{reverse("qas:check_new", args=[held.pk])}"' in html(client.get(page))
    check = a_check(pair.leader, held)
    shown = html(client.get(page))
    assert f'href="{reverse("qas:check", args=[check.pk])}"' in shown
    assert "Record a QAS 2" not in shown


def test_only_the_deas_own_team_leader_is_offered_the_check(client, pair):
    held = work_at(pair.dea, timezone.now() - dt.timedelta(days=1))
    page = reverse("conferences:activity", args=[held.pk])
    client.force_login(pair.dea)
    assert "Quality assurance" not in html(client.get(page))
    client.force_login(a_led_dea().leader)  # another DEA's team leader may not open it at all
    assert client.get(page).status_code == 404
