"""A request waiting for the requester never waits unseen (issue 12, point 4).

Over simulated days: reminders after 2 and 5 working days of the DEA's nation, each sent
once; the DEA told at 5; the DEA chases or closes it as no_response; the coach's home lists
every request waiting for their answer; withdrawing tells the DEA.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from dea_support.models import DeclineReason, RequestState, SupportRequest
from dea_support.services import (
    support_request_decline,
    support_request_file,
    support_request_provide_info,
    support_request_request_info,
    support_request_withdraw,
)
from dea_support.tasks import info_request_reminders
from dea_support.timeliness import Timeliness
from jomcase.models import JobRun, Nation, Notification
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    JobcentreFactory,
    StaffFactory,
    SupportRequestFactory,
    add_member,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def people():
    jobcentre = JobcentreFactory(nation=Nation.ENGLAND_AND_WALES)
    coach = StaffFactory(
        work_coach=True, jobcentre=jobcentre, first_name="Bronwen", last_name="Pryce"
    )
    dea = StaffFactory(dea=True, jobcentre=jobcentre, first_name="Tomasz", last_name="Wójcik")
    add_member(CohortFactory(dea=dea), coach, start=dt.date(2026, 1, 1))
    return coach, dea


def file_and_ask(coach, dea, time_machine, asked: dt.datetime):
    time_machine.move_to(asked - dt.timedelta(hours=1), tick=False)
    claimant = ClaimantFactory(work_coach=coach, forenames="Nguyễn Thị", surname="Hoa")
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        claimant_id=claimant.pk,
        challenges="Anxiety in busy offices.",
        reason="Advice on adjustments for interviews.",
        required_by=dt.date(2026, 12, 23),
    )
    time_machine.move_to(asked, tick=False)
    support_request_request_info(request_id=sr.pk, actor=dea, message="Which office is best?")
    return sr


def reminders(sr, person) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person, key__startswith=f"info-reminder:{sr.pk}:")
        .order_by("created_at", "pk")
        .values_list("title", flat=True)
    )


def run_on(time_machine, day: dt.date, hour: int = 7):
    time_machine.move_to(at(day, hour), tick=False)
    info_request_reminders.apply()


def test_reminders_after_2_and_5_working_days_each_once_then_the_dea_is_told(people, time_machine):
    coach, dea = people
    # Asked on Tuesday 8 December 2026.
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    for day in range(9, 18):  # Wednesday 9 to Thursday 17 December, twice a day
        for hour in (7, 15):
            run_on(time_machine, dt.date(2026, 12, day), hour)
            sent = reminders(sr, coach)
            told_dea = reminders(sr, dea)
            if day < 10:
                assert sent == [], day
            elif day < 15:
                # Thursday 10 is 2 working days after Tuesday 8.
                assert len(sent) == 1, day
                assert told_dea == []
            else:
                # Tuesday 15 is 5 working days after (the weekend does not count).
                assert len(sent) == 2, day
                assert told_dea == [f"No answer on {sr.reference} after 5 working days"]
    assert sent[0] == f"Reminder: Tomasz Wójcik is waiting for your answer on {sr.reference}"
    events = sr.events.filter(action="info_reminder").order_by("at")
    assert [e.message for e in events] == [
        "Reminder sent to Bronwen Pryce after 2 working days without an answer",
        "Reminder sent to Bronwen Pryce after 5 working days without an answer; "
        "Tomasz Wójcik was told",
    ]
    assert JobRun.objects.filter(name="info_request_reminders").count() == 18

    # The DEA closes it from the page: declined, no response, and the coach is told why.
    client = api_as(dea)
    response = client.post(
        f"/api/support-requests/{sr.pk}/decline/",
        {"reason": "no_response", "note": "Make a new request when you can."},
        format="json",
    )
    assert response.status_code == 200, response.content
    sr.refresh_from_db()
    assert (sr.state, sr.decline_reason) == (RequestState.DECLINED, DeclineReason.NO_RESPONSE)
    assert Notification.objects.filter(recipient=coach, kind="support_request_close_unanswered")
    # Closed: the rule sends nothing more.
    run_on(time_machine, dt.date(2026, 12, 18))
    assert len(reminders(sr, coach)) == 2


def test_working_days_are_the_deas_nations(time_machine):
    # Asked on Thursday 26 November 2026; Monday 30 is St Andrew's Day in Scotland.
    asked = at(dt.date(2026, 11, 26), 10)
    found = {}
    for nation in (Nation.ENGLAND_AND_WALES, Nation.SCOTLAND):
        jobcentre = JobcentreFactory(nation=nation)
        coach = StaffFactory(work_coach=True, jobcentre=jobcentre)
        dea = StaffFactory(dea=True, jobcentre=jobcentre)
        add_member(CohortFactory(dea=dea), coach, start=dt.date(2026, 1, 1))
        found[nation] = (coach, file_and_ask(coach, dea, time_machine, asked))
    run_on(time_machine, dt.date(2026, 11, 30))
    england, scotland = found[Nation.ENGLAND_AND_WALES], found[Nation.SCOTLAND]
    assert len(reminders(england[1], england[0])) == 1
    assert reminders(scotland[1], scotland[0]) == []
    run_on(time_machine, dt.date(2026, 12, 1))
    assert len(reminders(scotland[1], scotland[0])) == 1


def test_an_answer_stops_the_reminders_and_a_new_question_starts_them_afresh(people, time_machine):
    coach, dea = people
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    run_on(time_machine, dt.date(2026, 12, 10))
    assert len(reminders(sr, coach)) == 1
    time_machine.move_to(at(dt.date(2026, 12, 10), 11), tick=False)
    support_request_provide_info(request_id=sr.pk, actor=coach, message="Leeds, ground floor")
    run_on(time_machine, dt.date(2026, 12, 16))
    assert len(reminders(sr, coach)) == 1  # answered: nothing more

    time_machine.move_to(at(dt.date(2026, 12, 16), 10), tick=False)
    support_request_request_info(request_id=sr.pk, actor=dea, message="And the best day?")
    run_on(time_machine, dt.date(2026, 12, 18))
    assert len(reminders(sr, coach)) == 2  # the new question's first reminder


def test_the_dea_chases_from_the_page_and_it_goes_on_the_timeline(client, people, time_machine):
    coach, dea = people
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    client.force_login(dea)
    page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
    assert "Waiting for an answer" in page
    assert reverse("support_requests:chase", args=[sr.pk]) in page
    assert reverse("support_requests:close_unanswered", args=[sr.pk]) in page

    empty = client.post(reverse("support_requests:chase", args=[sr.pk]), {"chase-message": " "})
    assert empty.status_code == 200
    assert "Enter a message for the requester" in empty.content.decode()
    assert not sr.events.filter(action="chase").exists()

    response = client.post(
        reverse("support_requests:chase", args=[sr.pk]),
        {"chase-message": "Could you answer by Friday, please?"},
    )
    assert response.status_code == 302
    told = Notification.objects.get(recipient=coach, kind="support_request_chase")
    assert told.title == f"Tomasz Wójcik is waiting for your answer on {sr.reference}"
    assert told.body == "Could you answer by Friday, please?"
    page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
    assert "Chased for an answer" in page
    assert "Could you answer by Friday, please?" in page
    assert SupportRequest.objects.get(pk=sr.pk).state == RequestState.INFO_REQUESTED


def test_the_dea_closes_an_unanswered_request_from_the_page(client, people, time_machine):
    coach, dea = people
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    client.force_login(dea)
    url = reverse("support_requests:close_unanswered", args=[sr.pk])
    missing = client.post(url, {"close-note": ""})
    assert "Enter a note for the requester saying why" in missing.content.decode()
    assert SupportRequest.objects.get(pk=sr.pk).state == RequestState.INFO_REQUESTED

    assert (
        client.post(url, {"close-note": "No answer came; ask again any time."}).status_code == 302
    )
    sr.refresh_from_db()
    assert (sr.state, sr.decline_reason) == (RequestState.DECLINED, DeclineReason.NO_RESPONSE)
    page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
    assert "Closed: the requester did not answer" in page


def test_only_the_dea_chases_and_only_while_waiting_for_the_requester(people, time_machine):
    coach, dea = people
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    url = f"/api/support-requests/{sr.pk}/chase/"
    assert api_as(coach).post(url, {"message": "Me?"}, format="json").status_code == 403
    blank = api_as(dea).post(url, {"message": ""}, format="json")
    assert blank.status_code == 400
    ok = api_as(dea).post(url, {"message": "Any news?"}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["state"] == "info_requested"

    support_request_provide_info(request_id=sr.pk, actor=coach, message="Leeds")
    late = api_as(dea).post(url, {"message": "Any news?"}, format="json")
    assert late.status_code == 409
    assert late.json()["code"] == "transition_not_allowed"
    assert sr.events.filter(action="chase").count() == 1


def test_declining_a_request_waiting_for_the_dea_does_not_offer_no_response(client, people):
    coach, dea = people
    sr = SupportRequestFactory(requester=coach, dea=dea)
    client.force_login(dea)
    page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
    assert 'value="outside_remit"' in page
    assert 'value="no_response"' not in page
    assert reverse("support_requests:chase", args=[sr.pk]) not in page


def test_the_coachs_home_lists_every_request_waiting_for_their_answer(client, people):
    coach, dea = people
    waiting = SupportRequestFactory.create_batch(7, requester=coach, dea=dea, info_requested=True)
    others = SupportRequestFactory.create_batch(6, requester=coach, dea=dea)
    client.force_login(coach)
    page = client.get(reverse("home")).content.decode()
    assert "7 requests waiting for your answer" in page
    for sr in waiting:
        assert f"{reverse('support_requests:detail', args=[sr.pk])}#answer" in page
    listed_others = [sr for sr in others if sr.reference in page]
    assert len(listed_others) == 5  # the newest five of the rest
    # Who each is about, as the requester may always see.
    assert waiting[0].claimant.full_name in html.unescape(page)


def test_withdrawing_tells_the_dea(people, time_machine):
    coach, dea = people
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    support_request_withdraw(request_id=sr.pk, actor=coach, message="Found a job")
    told = Notification.objects.get(recipient=dea, kind="support_request_withdraw")
    assert told.title == f"Bronwen Pryce withdrew {sr.reference}"
    assert "Found a job" in told.body


def test_closing_an_unanswered_request_is_not_answered_late(client, people, time_machine):
    coach, dea = people
    # Asked on Tuesday 8 December 2026 and due on Wednesday 23; closed on Wednesday 30.
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    time_machine.move_to(at(dt.date(2026, 12, 30), 11), tick=False)
    support_request_decline(
        request_id=sr.pk, actor=dea, reason=DeclineReason.NO_RESPONSE, note="No answer came."
    )
    sr.refresh_from_db()
    # The wait does not count against the DEA: the due date moves on by its 14 working days
    # (England and Wales: Christmas Day, Boxing Day moved to Monday 28 and New Year's Day
    # do not count).
    assert sr.due_on == dt.date(2027, 1, 15)
    assert sr.timeliness() == Timeliness.ANSWERED
    client.force_login(coach)
    page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
    assert "Answered late" not in page
    assert "Within a working day" in page


def test_a_reminder_on_the_timeline_is_the_services_not_the_deas(client, people, time_machine):
    coach, dea = people
    sr = file_and_ask(coach, dea, time_machine, at(dt.date(2026, 12, 8), 10))
    run_on(time_machine, dt.date(2026, 12, 10))
    client.force_login(coach)
    page = client.get(reverse("support_requests:detail", args=[sr.pk])).content.decode()
    timeline = page[page.index("Timeline") :]
    reminder = timeline[timeline.index("Reminder sent") :][:600]
    assert "by JOMCase, automatically" in reminder
    assert "by Tomasz Wójcik" not in reminder
