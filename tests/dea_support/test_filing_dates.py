"""Dates a coach can trust (issue 12, point 8): a required date on a weekend or a bank holiday
of the DEA's nation is offered the next working day, moved only with the coach's
confirmation; a date more than 6 months ahead is refused; month names are typed as GOV.UK
date inputs allow. The pages and the API give the same answer."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import resolve, reverse

from dea_support.models import RequestKind, SupportRequest
from jomcase.models import Nation
from tests.conftest import api_as
from tests.dea_support.request_page_helpers import COVER, cover_dates, error_summary, html, text
from tests.factories import (
    CohortFactory,
    JobcentreFactory,
    StaffFactory,
    SupportRequestFactory,
    add_member,
    managed_by,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
#: Monday 20 November 2028: St Andrew's Day, Christmas and Scotland's 2 January all fall on
#: weekdays within the next six months.
MONDAY = dt.datetime(2028, 11, 20, 10, tzinfo=LONDON)
START = reverse("support_requests:new")
API = reverse("api-support-requests")


@pytest.fixture(autouse=True)
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


def coach_of(nation: str, *, coach_nation: str | None = None):
    """A coach in the cohort of a DEA at a jobcentre in ``nation`` (the coach's own jobcentre
    may be in another nation: the DEA's nation is the one that counts)."""
    dea_centre = JobcentreFactory(name=f"Jobcentre in {nation}", nation=nation)
    coach_centre = JobcentreFactory(
        name=f"Coach's jobcentre in {coach_nation or nation}", nation=coach_nation or nation
    )
    dea = StaffFactory(dea=True, jobcentre=dea_centre, first_name="Eilidh", last_name="MacLeòid")
    coach = StaffFactory(
        work_coach=True, jobcentre=coach_centre, first_name="Gwenllian", last_name="Pryce"
    )
    add_member(CohortFactory(dea=dea), coach)
    return coach


def boxes(day: str, month: str, year: str) -> dict:
    return {"required_by_day": day, "required_by_month": month, "required_by_year": year}


def date_boxes(day: dt.date) -> dict:
    return boxes(str(day.day), str(day.month), str(day.year))


def step_url(step: str, journey: str) -> str:
    return reverse(f"support_requests:new_{step}", args=[journey])


def skill_journey(client, coach) -> str:
    """A skill support request answered up to its date; the journey's id."""
    client.force_login(coach)
    response = client.post(START, {"kind": RequestKind.SKILL_SUPPORT})
    journey = resolve(response.url).kwargs["journey"]
    for step, data in (
        ("knowledge_gap", {"knowledge_gap": "reasonable_adjustments"}),
        ("description", {"description": "Adjustments for a claimant with tinnitus."}),
    ):
        assert client.post(step_url(step, journey), data).status_code == 302
    return journey


def heading(response) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html(response), re.S)
    return text(found.group(1)) if found else ""


def radios(response, name: str) -> list[str]:
    page = html(response)
    return [
        text(label)
        for label in re.findall(
            rf'<input [^>]*name="{name}"[^>]*>\s*<label[^>]*>(.*?)</label>', page, re.S
        )
    ]


def api_file(coach, required_by: str):
    return api_as(coach).post(
        API,
        {
            "kind": "skill_support",
            "knowledge_gap": "reasonable_adjustments",
            "description": "Adjustments for a claimant with tinnitus.",
            "required_by": required_by,
        },
        format="json",
    )


# Not a working day of the DEA's nation ----------------------------------------------------

NOT_WORKING = [
    pytest.param(Nation.ENGLAND_AND_WALES, dt.date(2028, 11, 25), dt.date(2028, 11, 27), id="sat"),
    pytest.param(Nation.SCOTLAND, dt.date(2028, 11, 25), dt.date(2028, 11, 27), id="sat-scot"),
    pytest.param(
        Nation.ENGLAND_AND_WALES, dt.date(2028, 12, 25), dt.date(2028, 12, 27), id="christmas"
    ),
    pytest.param(Nation.SCOTLAND, dt.date(2028, 11, 30), dt.date(2028, 12, 1), id="st-andrew"),
    pytest.param(Nation.SCOTLAND, dt.date(2029, 1, 2), dt.date(2029, 1, 3), id="2-january"),
]


@pytest.mark.parametrize(("nation", "typed", "moved"), NOT_WORKING)
def test_the_page_offers_the_next_working_day_and_uses_it_when_the_coach_agrees(
    client, nation, typed, moved
):
    coach = coach_of(nation)
    journey = skill_journey(client, coach)
    page = client.post(step_url("required_by", journey), date_boxes(typed))

    assert page.status_code == 200
    assert heading(page) == f"{typed:%A %-d %B %Y} is not a working day"
    warning = text(re.search(r'class="govuk-warning-text".*?</div>', html(page), re.S).group(0))
    assert f"bank holidays in {Nation(nation).label}" in warning
    assert f"The next working day is {moved:%A %-d %B %Y}" in warning
    assert radios(page, "instead") == [f"Use {moved:%A %-d %B %Y} instead", "Change the date"]
    # Nothing is taken until the coach chooses.
    assert client.get(step_url("check", journey)).url == step_url("required_by", journey)

    unanswered = client.post(
        step_url("required_by", journey), {**date_boxes(typed), "offered": "1"}
    )
    assert error_summary(unanswered) == [
        f"Select whether to use {moved:%A %-d %B %Y} or change the date"
    ]

    taken = client.post(
        step_url("required_by", journey), {**date_boxes(typed), "offered": "1", "instead": "next"}
    )
    assert taken.status_code == 302
    assert taken.url == step_url("check", journey)
    assert f"{moved:%-d %B %Y}" in text(html(client.get(taken.url)))
    client.post(step_url("check", journey))
    assert SupportRequest.objects.get().required_by == moved


def test_changing_the_date_brings_back_the_date_typed(client):
    coach = coach_of(Nation.ENGLAND_AND_WALES)
    journey = skill_journey(client, coach)
    saturday = dt.date(2028, 11, 25)
    page = client.post(
        step_url("required_by", journey),
        {**date_boxes(saturday), "offered": "1", "instead": "change"},
    )
    assert page.status_code == 200
    assert heading(page) == "When do you need a response by?"
    for part, value in (("day", "25"), ("month", "11"), ("year", "2028")):
        assert re.search(rf'name="required_by_{part}"[^>]*value="{value}"', html(page))
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(dt.date(2028, 11, 30), "30 November 2028"), (dt.date(2029, 1, 2), "2 January 2029")],
)
def test_scottish_holidays_are_working_days_for_an_english_dea(client, typed, shown):
    coach = coach_of(Nation.ENGLAND_AND_WALES)
    journey = skill_journey(client, coach)
    response = client.post(step_url("required_by", journey), date_boxes(typed))
    assert response.status_code == 302
    assert shown in text(html(client.get(response.url)))
    assert api_file(coach, typed.isoformat()).status_code == 201


def test_the_deas_nation_counts_not_the_coachs(client):
    """A coach at an English jobcentre whose DEA works in Scotland: St Andrew's Day is the
    DEA's holiday, so it is offered the next working day."""
    coach = coach_of(Nation.SCOTLAND, coach_nation=Nation.ENGLAND_AND_WALES)
    journey = skill_journey(client, coach)
    page = client.post(step_url("required_by", journey), date_boxes(dt.date(2028, 11, 30)))
    assert heading(page) == "Thursday 30 November 2028 is not a working day"


@pytest.mark.parametrize(("nation", "typed", "moved"), NOT_WORKING)
def test_the_api_refuses_a_day_that_is_not_a_working_day_and_saves_nothing(nation, typed, moved):
    coach = coach_of(nation)
    response = api_file(coach, typed.isoformat())
    assert response.status_code == 400
    body = str(response.json())
    assert f"{typed:%A %-d %B %Y} is not a working day for the DEA" in body
    assert f"bank holiday in {Nation(nation).label}" in body
    assert f"Choose a working day, such as {moved:%A %-d %B %Y}" in body
    assert not SupportRequest.objects.exists()
    assert api_file(coach, moved.isoformat()).status_code == 201


# Six months ahead at most -------------------------------------------------------------------


def test_a_date_more_than_six_months_ahead_is_refused_on_the_page_and_in_the_api(client):
    coach = coach_of(Nation.ENGLAND_AND_WALES)
    journey = skill_journey(client, coach)
    message = "The date you need a response by must be within 6 months, on or before 20 May 2029"
    too_far = dt.date(2029, 5, 22)  # a Tuesday
    page = client.post(step_url("required_by", journey), date_boxes(too_far))
    assert page.status_code == 200
    assert error_summary(page) == [message]
    response = api_file(coach, too_far.isoformat())
    assert response.status_code == 400
    assert message in str(response.json())
    assert not SupportRequest.objects.exists()
    # The last working day within the six months will do.
    assert api_file(coach, "2029-05-18").status_code == 201


# Month names --------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["Dec", "december", "DECEMBER", "dec.", " Dec ", "12"])
def test_month_names_are_accepted_on_the_date_page(client, month):
    coach = coach_of(Nation.SCOTLAND)
    journey = skill_journey(client, coach)
    response = client.post(step_url("required_by", journey), boxes("5", month, "2028"))
    assert response.status_code == 302, error_summary(response)
    client.post(step_url("check", journey))
    assert SupportRequest.objects.get().required_by == dt.date(2028, 12, 5)


def test_sept_is_september(client, time_machine):
    time_machine.move_to(dt.datetime(2028, 7, 3, 10, tzinfo=LONDON), tick=False)
    coach = coach_of(Nation.ENGLAND_AND_WALES)
    journey = skill_journey(client, coach)
    response = client.post(step_url("required_by", journey), boxes("5", "Sept", "2028"))
    assert response.status_code == 302, error_summary(response)
    client.post(step_url("check", journey))
    assert SupportRequest.objects.get().required_by == dt.date(2028, 9, 5)


@pytest.mark.parametrize("month", ["Decembre", "13", "0", "Dezember", "de", "12th", "-1"])
def test_a_month_that_is_not_one_gives_the_govuk_message(client, month):
    coach = coach_of(Nation.ENGLAND_AND_WALES)
    journey = skill_journey(client, coach)
    page = client.post(step_url("required_by", journey), boxes("5", month, "2028"))
    assert page.status_code == 200
    assert error_summary(page) == ["The date you need a response by must be a real date"]
    # The month typed comes back to be corrected.
    assert re.search(rf'name="required_by_month"[^>]*value="{re.escape(month)}"', html(page))
    assert not SupportRequest.objects.exists()


def test_month_names_are_accepted_on_the_cover_page_too(client):
    leader = StaffFactory(wctl=True, first_name="Bronwen", last_name="Ellis")
    away = StaffFactory(dea=True, first_name="Kacper", last_name="Wójcik")
    covering = StaffFactory(dea=True, first_name="Minh", last_name="Đặng")
    managed_by(away, leader)
    sr = SupportRequestFactory(dea=away)
    client.force_login(leader)
    dates = cover_dates(dt.date(2028, 12, 4), dt.date(2028, 12, 15))
    dates |= {"start_month": "Dec", "end_month": "december", "to_dea": covering.pk}
    dates["requests"] = [sr.pk]
    response = client.post(f"{COVER}?dea={away.pk}", dates)
    assert error_summary(response) == []
    assert "Arrange cover by Minh Đặng from 4 December 2028?" in text(html(response))

    nonsense = client.post(f"{COVER}?dea={away.pk}", {**dates, "end_month": "Decembre"})
    assert error_summary(nonsense) == ["The last day of the cover must be a real date"]


def test_a_weekend_at_the_end_of_the_six_months_is_not_offered_a_day_past_them(client):
    """Saturday 19 May 2029 is within six months of Monday 20 November 2028, but the next
    working day, Monday 21 May, is not: the page must not offer a date it then refuses."""
    coach = coach_of(Nation.ENGLAND_AND_WALES)
    journey = skill_journey(client, coach)
    saturday = dt.date(2029, 5, 19)
    message = (
        "Saturday 19 May 2029 is not a working day for the DEA (a weekend or a bank holiday in "
        "England and Wales), and the next working day is more than 6 months ahead. Choose a "
        "working day on or before Friday 18 May 2029"
    )
    page = client.post(step_url("required_by", journey), date_boxes(saturday))
    assert page.status_code == 200
    assert radios(page, "instead") == []
    assert error_summary(page) == [message]
    response = api_file(coach, saturday.isoformat())
    assert response.status_code == 400
    assert message in str(response.json())
    assert client.post(
        step_url("required_by", journey), date_boxes(dt.date(2029, 5, 18))
    ).url == step_url("check", journey)
