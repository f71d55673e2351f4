"""The filing journey's pages: each kind of request filed end to end, and every refusal.

A refusal leaves nothing saved; the last page files once however often it is sent.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

import pytest
from django.test import Client
from django.urls import resolve, reverse

from claimants.models import Benefit
from dea_support.models import RequestKind, SupportRequest
from dea_support.views.filing import JOURNEYS
from jomcase.models import Role
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    a_request_in_cohort,
    add_member,
    today,
    working_day,
)
from tests.races import at_once

pytestmark = pytest.mark.django_db

START = reverse("support_requests:new")


# Helpers


@pytest.fixture
def coach():
    """A work coach in a DEA's cohort today."""
    coach = StaffFactory(work_coach=True)
    add_member(CohortFactory(), coach)
    return coach


def signed_in(client, user):
    client.force_login(user)
    return client


def choose_kind(client, kind) -> str:
    """Choose the kind on the first page; return the journey's id."""
    response = client.post(START, {"kind": kind})
    assert response.status_code == 302, response.content.decode()
    return resolve(response.url).kwargs["journey"]


def url(step, journey, change=False):
    address = reverse(f"support_requests:new_{step}", args=[journey])
    return f"{address}?change=1" if change else address


def date_fields(day: dt.date) -> dict:
    return {
        "required_by_day": str(day.day),
        "required_by_month": str(day.month),
        "required_by_year": str(day.year),
    }


def next_week() -> dt.date:
    return working_day(7)


def answer(client, journey, step, data, *, change=False):
    """Answer one question; the page must move on. Returns where it went."""
    response = client.post(url(step, journey, change), data)
    assert response.status_code == 302, response.content.decode()
    return response.url


def refused(client, journey, step, data) -> str:
    """Answer one question badly; the page must stay, showing the error summary."""
    response = client.post(url(step, journey), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    return page


def file_claimant_request(client, claimant, *, send=True):
    journey = choose_kind(client, RequestKind.CLAIMANT_SUPPORT)
    answer(client, journey, "claimant", {"q": claimant.surname, "claimant": claimant.pk})
    answer(client, journey, "challenges", {"challenges": "Panic attacks in busy offices."})
    answer(client, journey, "reason", {"reason": "Advice on adjustments for interviews."})
    answer(client, journey, "required_by", date_fields(next_week()))
    if send:
        return journey, client.post(url("check", journey))
    return journey, None


# Each kind, end to end


def test_a_coach_files_claimant_support_through_the_pages(client, coach):
    claimant = ClaimantFactory(work_coach=coach, surname="Okafor")
    signed_in(client, coach)

    journey = choose_kind(client, RequestKind.CLAIMANT_SUPPORT)
    search = client.get(url("claimant", journey), {"q": "okafor"})
    assert claimant.nino_display in search.content.decode()
    assert answer(client, journey, "claimant", {"q": "okafor", "claimant": claimant.pk}) == url(
        "challenges", journey
    )
    assert answer(client, journey, "challenges", {"challenges": "Severe anxiety."}) == url(
        "reason", journey
    )
    assert answer(client, journey, "reason", {"reason": "Needs adjustments."}) == url(
        "required_by", journey
    )
    assert answer(client, journey, "required_by", date_fields(next_week())) == url("check", journey)
    check = client.get(url("check", journey)).content.decode()
    for shown in ("Severe anxiety.", "Needs adjustments.", claimant.full_name, "Send request"):
        assert shown in check
    assert not SupportRequest.objects.exists()

    sent = client.post(url("check", journey))

    sr = SupportRequest.objects.get()
    assert sent.url == reverse("support_requests:new_confirmation", args=[sr.pk])
    assert (sr.kind, sr.claimant, sr.requester) == (RequestKind.CLAIMANT_SUPPORT, claimant, coach)
    assert (sr.challenges, sr.reason, sr.required_by) == (
        "Severe anxiety.",
        "Needs adjustments.",
        next_week(),
    )
    page = client.get(sent.url).content.decode()
    assert "govuk-panel--confirmation" in page
    assert f"DSR-{sr.pk:06d}" in page
    assert reverse("support_requests:detail", args=[sr.pk]) in page
    assert reverse("support_requests:mine") in page
    assert journey not in client.session.get(JOURNEYS, {})


def test_a_coach_files_skill_support_through_the_pages(client, coach):
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.SKILL_SUPPORT)
    assert answer(client, journey, "knowledge_gap", {"knowledge_gap": "retention"}) == url(
        "description", journey
    )
    answer(client, journey, "description", {"description": "Keeping a job after a stroke."})
    answer(client, journey, "required_by", date_fields(working_day()))
    check = client.get(url("check", journey)).content.decode()
    assert "Keeping a job (retention)" in check

    client.post(url("check", journey))

    sr = SupportRequest.objects.get()
    assert (sr.kind, sr.knowledge_gap, sr.description, sr.required_by, sr.claimant) == (
        RequestKind.SKILL_SUPPORT,
        "retention",
        "Keeping a job after a stroke.",
        working_day(),
        None,
    )


def test_a_colleague_chooses_between_the_deas_at_their_jobcentre(client, coach):
    first = StaffFactory(dea=True, jobcentre=coach.jobcentre, last_name="Adams")
    second = StaffFactory(dea=True, jobcentre=coach.jobcentre, last_name="Byrne")
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.COLLEAGUE_SUPPORT)
    assert answer(client, journey, "job_role", {"job_role": "Work coach"}) == url("reason", journey)
    answer(client, journey, "reason", {"reason": "Understanding autism at interviews."})
    assert answer(client, journey, "criticality", {"criticality": "urgent"}) == url("dea", journey)
    page = client.get(url("dea", journey)).content.decode()
    assert first.display_name in page and second.display_name in page
    answer(client, journey, "dea", {"dea": second.pk})
    answer(client, journey, "required_by", date_fields(next_week()))

    client.post(url("check", journey))

    sr = SupportRequest.objects.get()
    assert (sr.kind, sr.dea, sr.job_role, sr.criticality) == (
        RequestKind.COLLEAGUE_SUPPORT,
        second,
        "Work coach",
        "urgent",
    )


def test_a_service_delivery_coach_can_only_file_colleague_support(client):
    colleague = StaffFactory(service_delivery_coach=True, first_name="Huw", last_name="Jenkins")
    dea = StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    signed_in(client, colleague)

    first = client.get(START).content.decode()
    assert 'type="radio"' not in first
    assert RequestKind.CLAIMANT_SUPPORT not in first
    forged = client.post(START, {"kind": RequestKind.CLAIMANT_SUPPORT})
    assert forged.status_code == 200
    assert "There is a problem" in forged.content.decode()
    assert not client.session.get(JOURNEYS)

    journey = choose_kind(client, RequestKind.COLLEAGUE_SUPPORT)
    answer(client, journey, "job_role", {"job_role": "Service delivery coach"})
    answer(client, journey, "reason", {"reason": "Greeting claimants with anxiety well."})
    # With one DEA at the jobcentre there is no DEA to choose: straight to the date.
    assert answer(client, journey, "criticality", {"criticality": "non_urgent"}) == url(
        "required_by", journey
    )
    assert client.get(url("dea", journey)).status_code == 404
    answer(client, journey, "required_by", date_fields(next_week()))
    assert dea.display_name in client.get(url("check", journey)).content.decode()
    client.post(url("check", journey))

    sr = SupportRequest.objects.get()
    assert (sr.kind, sr.requester, sr.dea) == (RequestKind.COLLEAGUE_SUPPORT, colleague, dea)


# Each page refuses what will not do, and nothing is saved


def test_the_kind_must_be_chosen(client, coach):
    signed_in(client, coach)
    response = client.post(START, {})
    assert "Select the kind of support you need" in response.content.decode()
    assert not client.session.get(JOURNEYS)


@pytest.mark.parametrize(
    ("kind", "step", "data", "message"),
    [
        ("claimant_support", "challenges", {"challenges": "  "}, "Enter the claimant&#x27;s"),
        ("claimant_support", "reason", {"reason": ""}, "Enter why the claimant needs"),
        ("skill_support", "knowledge_gap", {}, "Select what you need to know more about"),
        ("skill_support", "knowledge_gap", {"knowledge_gap": "x"}, "Select one of the subjects"),
        ("colleague_support", "job_role", {"job_role": ""}, "Enter your job role"),
        ("colleague_support", "job_role", {"job_role": "x" * 121}, "120 characters or fewer"),
        ("colleague_support", "criticality", {}, "Select whether your request is urgent"),
    ],
)
def test_each_question_refuses_a_missing_answer(client, coach, kind, step, data, message):
    StaffFactory(dea=True, jobcentre=coach.jobcentre)  # for colleague support
    signed_in(client, coach)
    journey = choose_kind(client, kind)
    if kind == "claimant_support":
        claimant = ClaimantFactory(work_coach=coach)
        answer(client, journey, "claimant", {"claimant": claimant.pk})
        if step == "reason":
            answer(client, journey, "challenges", {"challenges": "Anxiety"})
    if step == "criticality":
        answer(client, journey, "job_role", {"job_role": "Work coach"})
        answer(client, journey, "reason", {"reason": "Learning about ME"})

    page = refused(client, journey, step, data)

    assert message in page
    assert 'class="govuk-error-message"' in page
    assert "<title>Error: " in page
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({}, "Enter the date you need a response by"),
        ({"required_by_day": "3", "required_by_year": "2031"}, "must include a month"),
        ({"required_by_day": "31", "required_by_month": "2", "required_by_year": "2031"}, "real"),
        ({"required_by_day": "x", "required_by_month": "2", "required_by_year": "2031"}, "real"),
        ({"required_by_day": "3", "required_by_month": "2", "required_by_year": "31"}, "4 numbers"),
    ],
)
def test_the_date_must_be_a_real_date(client, coach, typed, message):
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.SKILL_SUPPORT)
    answer(client, journey, "knowledge_gap", {"knowledge_gap": "other"})
    answer(client, journey, "description", {"description": "Hearing loss"})
    assert message in refused(client, journey, "required_by", typed)


def test_a_date_in_the_past_is_refused(client, coach):
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.SKILL_SUPPORT)
    answer(client, journey, "knowledge_gap", {"knowledge_gap": "other"})
    answer(client, journey, "description", {"description": "Hearing loss"})

    page = refused(client, journey, "required_by", date_fields(today() - dt.timedelta(days=1)))

    assert "must be today or in the future" in page
    # The error summary links to the day box, which carries the field's id.
    assert 'href="#id_required_by"' in page and 'id="id_required_by"' in page
    assert client.get(url("check", journey)).url == url("required_by", journey)
    assert not SupportRequest.objects.exists()


# The claimant must be on the coach's own caseload and eligible


def test_another_coachs_claimant_is_neither_listed_nor_accepted(client, coach):
    theirs = ClaimantFactory(surname="Whitfield")
    ClaimantFactory(work_coach=coach, surname="Whitaker")
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.CLAIMANT_SUPPORT)

    listed = client.get(url("claimant", journey), {"q": "Whit"}).content.decode()
    assert "Whitaker" in listed and "Whitfield" not in listed
    by_nino = client.get(url("claimant", journey), {"q": theirs.nino}).content.decode()
    assert "No claimants on your caseload match" in by_nino
    assert reverse("claimants:add") in by_nino

    page = refused(client, journey, "claimant", {"q": "Whit", "claimant": theirs.pk})

    assert "Choose a claimant on your own caseload" in page
    assert "claimant_id" not in client.session[JOURNEYS][journey]["answers"]
    assert client.get(url("challenges", journey)).url == url("claimant", journey)


def test_a_claimant_with_no_out_of_work_benefit_is_refused_with_where_to_signpost(client, coach):
    claimant = ClaimantFactory(work_coach=coach, non_benefit=True)
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.CLAIMANT_SUPPORT)
    listed = client.get(url("claimant", journey), {"q": claimant.surname}).content.decode()
    assert "No out-of-work benefit" in listed

    page = refused(client, journey, "claimant", {"q": claimant.surname, "claimant": claimant.pk})

    assert "Access to Work" in page
    assert "gets no out-of-work benefit" in page
    assert not SupportRequest.objects.exists()


def test_a_vulnerability_exception_lets_a_non_benefit_claimant_through(client, coach):
    claimant = ClaimantFactory(
        work_coach=coach,
        benefits=[Benefit.PIP],
        vulnerability_exception="Declared self-harm at the last appointment.",
    )
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.CLAIMANT_SUPPORT)
    listed = client.get(url("claimant", journey), {"q": claimant.surname}).content.decode()
    assert "No out-of-work benefit" not in listed

    _, sent = file_claimant_request(client, claimant)

    assert sent.status_code == 302
    assert SupportRequest.objects.get().claimant == claimant


# The requester must have a DEA


def test_a_coach_in_no_cohort_is_told_to_ask_their_team_leader(client):
    loner = StaffFactory(work_coach=True)
    signed_in(client, loner)

    for kind in (RequestKind.CLAIMANT_SUPPORT, RequestKind.SKILL_SUPPORT):
        response = client.post(START, {"kind": kind})
        page = response.content.decode()
        assert response.status_code == 200
        assert "You are not in a DEA&#x27;s cohort today" in page
        assert "Ask your team leader" in page

    assert not client.session.get(JOURNEYS)
    assert not SupportRequest.objects.exists()


def test_a_colleague_at_a_jobcentre_with_no_dea_is_told_so_at_once(client):
    signed_in(client, StaffFactory(sdtl=True))
    response = client.post(START, {"kind": RequestKind.COLLEAGUE_SUPPORT})
    assert "There is no DEA at your jobcentre" in response.content.decode()
    assert not client.session.get(JOURNEYS)


def test_leaving_the_cohort_before_sending_is_shown_on_the_check_page(client, coach):
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.SKILL_SUPPORT)
    answer(client, journey, "knowledge_gap", {"knowledge_gap": "other"})
    answer(client, journey, "description", {"description": "Tinnitus"})
    answer(client, journey, "required_by", date_fields(next_week()))
    coach.cohort_memberships.update(end=today() - dt.timedelta(days=1))

    response = client.post(url("check", journey))

    assert response.status_code == 200
    assert "You are not in a DEA&#x27;s cohort today" in response.content.decode()
    assert not SupportRequest.objects.exists()
    assert journey in client.session[JOURNEYS]


# Warnings, changes and going back


def test_an_open_request_for_the_claimant_is_a_warning_not_a_refusal(client):
    earlier = a_request_in_cohort()
    coach, claimant = earlier.requester, earlier.claimant
    closed = SupportRequestFactory(requester=coach, claimant=claimant, declined=True)
    signed_in(client, coach)

    journey, _ = file_claimant_request(client, claimant, send=False)
    page = client.get(url("check", journey)).content.decode()

    assert "govuk-warning-text" in page
    assert earlier.reference in page
    assert closed.reference not in page
    client.post(url("check", journey))
    assert SupportRequest.objects.filter(claimant=claimant).count() == 3


def test_a_change_from_the_check_page_comes_back_to_it(client, coach):
    first = ClaimantFactory(work_coach=coach, surname="Ashworth")
    second = ClaimantFactory(work_coach=coach, surname="Brennan")
    signed_in(client, coach)
    journey, _ = file_claimant_request(client, first, send=False)
    check = client.get(url("check", journey)).content.decode()
    assert url("reason", journey, change=True) in check

    changing = client.get(url("reason", journey, change=True)).content.decode()
    assert f'href="{url("check", journey)}"' in changing  # the back link
    assert "Advice on adjustments for interviews." in changing
    assert answer(client, journey, "reason", {"reason": "Now about travel."}, change=True) == url(
        "check", journey
    )
    assert answer(
        client, journey, "claimant", {"q": "Brennan", "claimant": second.pk}, change=True
    ) == url("check", journey)

    client.post(url("check", journey))
    sr = SupportRequest.objects.get()
    assert (sr.reason, sr.claimant) == ("Now about travel.", second)


def test_the_kind_can_be_changed_from_the_check_page(client, coach):
    claimant = ClaimantFactory(work_coach=coach, surname="Ashworth")
    signed_in(client, coach)
    journey, _ = file_claimant_request(client, claimant, send=False)
    change_kind = f"{START}?journey={journey}&amp;change=1"
    check = client.get(url("check", journey)).content.decode()
    assert re.search(
        rf'<dt class="govuk-summary-list__key">Kind of support</dt>.*?'
        rf'<a class="govuk-link" href="{re.escape(change_kind)}">Change'
        r'<span class="govuk-visually-hidden"> kind of support</span></a>',
        check,
        re.S,
    )
    # Screen readers hear "Change why you need the DEA's support", with DEA still capitals.
    hidden = '<span class="govuk-visually-hidden"> why you need the DEA&#x27;s support</span>'
    assert hidden in check

    kind_page = client.get(f"{START}?journey={journey}&change=1").content.decode()
    assert f'href="{url("check", journey)}" class="govuk-back-link"' in kind_page
    assert re.search(r'value="claimant_support"[^>]* checked>', kind_page)
    # Keeping the kind goes straight back to the check page with every answer.
    kept = client.post(f"{START}?journey={journey}&change=1", {"kind": "claimant_support"})
    assert kept.url == url("check", journey)
    assert len(client.session[JOURNEYS][journey]["answers"]) == 4

    # Another kind goes on through its own questions, keeping the date needed by.
    changed = client.post(f"{START}?journey={journey}&change=1", {"kind": "skill_support"})
    assert changed.url == url("knowledge_gap", journey)
    assert client.session[JOURNEYS][journey]["answers"] == {"required_by": next_week().isoformat()}
    assert answer(client, journey, "knowledge_gap", {"knowledge_gap": "retention"}) == url(
        "description", journey
    )
    assert answer(client, journey, "description", {"description": "Keeping a job."}) == url(
        "required_by", journey
    )
    date_page = client.get(url("required_by", journey)).content.decode()
    assert f'value="{next_week().day}"' in date_page
    assert answer(client, journey, "required_by", date_fields(next_week())) == url("check", journey)
    check = client.get(url("check", journey)).content.decode()
    assert "One to one skill support" in check and "Ashworth" not in check

    client.post(url("check", journey))
    sr = SupportRequest.objects.get()
    assert (sr.kind, sr.knowledge_gap, sr.required_by, sr.claimant, sr.challenges) == (
        RequestKind.SKILL_SUPPORT,
        "retention",
        next_week(),
        None,
        "",
    )


def test_someone_who_may_ask_for_one_kind_only_is_not_offered_a_change_of_kind(client):
    colleague = StaffFactory(work_psychologist=True, first_name="Thi Mai", last_name="Pham")
    StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    signed_in(client, colleague)
    journey = choose_kind(client, RequestKind.COLLEAGUE_SUPPORT)
    answer(client, journey, "job_role", {"job_role": "Work psychologist"})
    answer(client, journey, "reason", {"reason": "Advice for coaches on autism."})
    answer(client, journey, "criticality", {"criticality": "non_urgent"})
    answer(client, journey, "required_by", date_fields(next_week()))
    check = client.get(url("check", journey)).content.decode()
    assert "Kind of support" in check
    assert "change=1" in check  # the other answers can be changed
    assert f"{START}?journey={journey}" not in check


def test_back_links_retrace_the_journey(client, coach):
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.SKILL_SUPPORT)
    answer(client, journey, "knowledge_gap", {"knowledge_gap": "retention"})

    description = client.get(url("description", journey)).content.decode()
    assert f'href="{url("knowledge_gap", journey)}" class="govuk-back-link"' in description
    first = client.get(url("knowledge_gap", journey)).content.decode()
    assert f'href="{START}?journey={journey}" class="govuk-back-link"' in first
    # Going back to the first page keeps the answers when the kind stays the same.
    again = client.get(f"{START}?journey={journey}").content.decode()
    assert re.search(r'value="skill_support"[^>]* checked>', again)
    client.post(f"{START}?journey={journey}", {"kind": RequestKind.SKILL_SUPPORT})
    assert client.session[JOURNEYS][journey]["answers"] == {"knowledge_gap": "retention"}


def test_questions_cannot_be_skipped_and_other_kinds_pages_are_not_found(client, coach):
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.SKILL_SUPPORT)
    assert client.get(url("required_by", journey)).url == url("knowledge_gap", journey)
    assert client.get(url("check", journey)).url == url("knowledge_gap", journey)
    assert client.get(url("challenges", journey)).status_code == 404
    assert client.get(url("claimant", journey)).status_code == 404


def test_an_unknown_journey_starts_again(client, coach):
    signed_in(client, coach)
    response = client.get(url("challenges", "not-a-journey"))
    assert response.url == START
    assert client.post(url("check", "not-a-journey")).url == START
    assert not SupportRequest.objects.exists()


def test_two_journeys_in_two_tabs_keep_their_answers_apart(client, coach):
    signed_in(client, coach)
    one = choose_kind(client, RequestKind.SKILL_SUPPORT)
    two = choose_kind(client, RequestKind.SKILL_SUPPORT)
    answer(client, one, "knowledge_gap", {"knowledge_gap": "retention"})
    answer(client, two, "knowledge_gap", {"knowledge_gap": "other"})
    journeys = client.session[JOURNEYS]
    assert journeys[one]["answers"] != journeys[two]["answers"]


# Sending once


def test_sending_twice_files_once_and_shows_the_first_request(client, coach):
    signed_in(client, coach)
    claimant = ClaimantFactory(work_coach=coach)
    journey, first = file_claimant_request(client, claimant)

    again = client.post(url("check", journey))

    assert SupportRequest.objects.count() == 1
    assert again.status_code == 302
    assert again.url == first.url
    assert client.get(url("check", journey)).url == first.url


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_file_once():
    coach = StaffFactory(work_coach=True)
    add_member(CohortFactory(), coach)
    claimant = ClaimantFactory(work_coach=coach)
    tab = signed_in(Client(), coach)
    journey, _ = file_claimant_request(tab, claimant, send=False)
    other_tab = Client()
    other_tab.cookies = tab.cookies  # the same browser: one session
    answers = at_once(
        [partial(browser.post, url("check", journey)) for browser in (tab, other_tab)]
    )

    sr = SupportRequest.objects.get()
    confirmation = reverse("support_requests:new_confirmation", args=[sr.pk])
    assert [a.url for a in answers] == [confirmation, confirmation]


def test_the_confirmation_is_only_for_the_requester(client):
    sr = a_request_in_cohort()
    address = reverse("support_requests:new_confirmation", args=[sr.pk])
    assert signed_in(client, sr.requester).get(address).status_code == 200
    for other in (sr.dea, StaffFactory(work_coach=True), StaffFactory(roles=[Role.ADMINISTRATOR])):
        assert signed_in(Client(), other).get(address).status_code == 404


# Query counts


@pytest.mark.parametrize("matches", [5, 25])
def test_the_claimant_search_costs_the_same_whatever_it_finds(
    client, coach, matches, django_assert_num_queries
):
    for _ in range(matches):
        ClaimantFactory(work_coach=coach, surname="Patel")
    ClaimantFactory(surname="Patel")  # another coach's
    signed_in(client, coach)
    journey = choose_kind(client, RequestKind.CLAIMANT_SUPPORT)

    with django_assert_num_queries(3):  # session, user and roles, claimants
        response = client.get(url("claimant", journey), {"q": "patel"})

    assert response.content.decode().count('name="claimant"') == matches
