"""GOV.UK's date input, the same on every page that asks for a date: three boxes in a fieldset,
the names each form has always used, and only the boxes that are wrong marked in red (GOV.UK's
date input pattern: an empty box, or the year when only the year is wrong, else all three).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from claimants.models import SixPointPlanRecord
from dea_support.models import SupportRequest
from jomcase.date_input import DateInputField, date_boxes
from tests.factories import (
    ClaimantFactory,
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    join_team,
    managed_by,
    today,
)


class VisitForm(forms.Form):
    visit = DateInputField(label="Date of the visit", what="The date of the visit")
    ymweliad = DateInputField(label="Dyddiad", what="The date", separator="_", required=False)


def boxes(field: str = "visit", **typed) -> list[dict]:
    return date_boxes(VisitForm(typed)[field]) if typed else date_boxes(VisitForm()[field])


def marked(found: list[dict]) -> list[str]:
    return [box["label"] for box in found if box["error"]]


def test_each_box_has_its_id_name_label_width_and_what_was_typed():
    found = boxes(**{"visit-day": "3", "visit-month": "Rhag", "visit-year": "2026"})
    assert [(b["id"], b["name"], b["label"], b["width"], b["value"]) for b in found] == [
        ("id_visit", "visit-day", "Day", "2", "3"),
        ("id_visit-month", "visit-month", "Month", "2", "Rhag"),
        ("id_visit-year", "visit-year", "Year", "4", "2026"),
    ]


def test_a_form_that_names_its_boxes_with_an_underscore_reads_and_draws_them_so():
    form = VisitForm(
        {"visit-day": "1", "visit-month": "1", "visit-year": "2027"}
        | {"ymweliad_day": "1", "ymweliad_month": "Mar", "ymweliad_year": "2027"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ymweliad"] == dt.date(2027, 3, 1)
    assert [b["name"] for b in form["ymweliad"].boxes] == [
        "ymweliad_day",
        "ymweliad_month",
        "ymweliad_year",
    ]
    assert [b["id"] for b in form["ymweliad"].boxes] == [
        "id_ymweliad",
        "id_ymweliad-month",
        "id_ymweliad-year",
    ]


def test_a_date_given_before_anything_is_typed_fills_the_boxes():
    form = VisitForm(initial={"visit": dt.date(2026, 12, 7)})
    assert [b["value"] for b in form["visit"].boxes] == ["7", "12", "2026"]
    assert marked(form["visit"].boxes) == []


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "wrong"),
    [
        ("", "", "", "This field is required.", ["Day", "Month", "Year"]),
        ("7", "", "2026", "The date of the visit must include a month", ["Month"]),
        ("", "  ", "2026", "The date of the visit must include a day and month", ["Day", "Month"]),
        ("7", "12", "26", "Year must include 4 numbers", ["Year"]),
        ("31", "2", "2026", "The date of the visit must be a real date", ["Day", "Month", "Year"]),
        (
            "7",
            "Grudzień",
            "2026",
            "The date of the visit must be a real date",
            ["Day", "Month", "Year"],
        ),
        ("7", "Dec", "2026", None, []),
    ],
)
def test_only_the_boxes_that_are_wrong_are_marked(day, month, year, message, wrong):
    form = VisitForm({"visit-day": day, "visit-month": month, "visit-year": year})
    form.is_valid()
    assert form.errors.get("visit", [None])[0] == message
    assert marked(form["visit"].boxes) == wrong


# The pages


def html(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&amp;", "&")


def date_input(response, name: str) -> dict:
    """One date input as a user sees it: its legend, whether the legend is the page's heading,
    and each box's name with a star when it is marked wrong."""
    page = html(response)
    fieldset = re.search(
        rf'<fieldset class="govuk-fieldset" role="group"[^>]*>((?:(?!</fieldset>).)*'
        rf'name="{name}[-_]day".*?)</fieldset>',
        page,
        re.S,
    )
    assert fieldset, f"no date input named {name} on the page"
    legend = re.search(r'<legend class="([^"]*)">(.*?)</legend>', fieldset[1], re.S)
    inputs = re.findall(r'<input class="([^"]*)" id="[^"]*" name="([^"]*)"', fieldset[1])
    return {
        "legend": re.sub(r"<[^>]+>", "", legend[2]).strip(),
        "size": legend[1].rsplit("--", 1)[-1],
        "heading": "<h1" in legend[2],
        "boxes": [n + (" *" if "govuk-input--error" in c else "") for c, n in inputs],
    }


@pytest.mark.django_db
def test_the_cover_page_marks_only_the_empty_month_of_the_first_day(client):
    leader = StaffFactory(wctl=True, first_name="Aoife", last_name="Ó Briain")
    away = StaffFactory(dea=True, first_name="Siân", last_name="Prydderch")
    covering = StaffFactory(dea=True, first_name="Bartosz", last_name="Wiśniewski")
    managed_by(away, leader)
    open_request = SupportRequestFactory(dea=away)
    last = today() + dt.timedelta(days=13)
    client.force_login(leader)
    response = client.post(
        f"{reverse('support_requests:cover')}?dea={away.pk}",
        {
            "start_day": today().day,
            "start_month": "",
            "start_year": today().year,
            "end_day": last.day,
            "end_month": last.month,
            "end_year": last.year,
            "to_dea": covering.pk,
            "requests": [open_request.pk],
        },
    )
    assert date_input(response, "start") == {
        "legend": "First day of the cover",
        "size": "m",
        "heading": False,
        "boxes": ["start_day", "start_month *", "start_year"],
    }
    assert date_input(response, "end")["boxes"] == ["end_day", "end_month", "end_year"]
    # The error summary leads to the box that is wrong, not to the day.
    summary = response.content.decode().split('class="govuk-error-summary', 1)[1].split("</ul>")[0]
    assert 'href="#id_start-month"' in summary
    assert not SupportRequest.objects.filter(dea=covering).exists()


@pytest.mark.django_db
def test_the_six_point_plan_page_marks_only_a_two_figure_year():
    team = TeamFactory(leader=StaffFactory(wctl=True, first_name="Siân", last_name="Llewellyn"))
    coach = StaffFactory(work_coach=True, first_name="Dafydd", last_name="ap Gwilym")
    join_team(coach, team)
    claimant = ClaimantFactory(work_coach=coach, forenames="Thị Hương", surname="Nguyễn")
    client = Client()
    client.force_login(coach)
    yesterday = today() - dt.timedelta(days=1)
    response = client.post(
        reverse("claimants:six_point_plan_new", args=[claimant.pk]),
        {
            "declared_on-day": yesterday.day,
            "declared_on-month": yesterday.month,
            "declared_on-year": str(yesterday.year)[2:],
        },
    )
    assert response.status_code == 200
    assert date_input(response, "declared_on") == {
        "legend": "When did the claimant make the declaration?",
        "size": "s",
        "heading": False,
        "boxes": ["declared_on-day", "declared_on-month", "declared_on-year *"],
    }
    assert "Year must include 4 numbers" in html(response)
    assert not SixPointPlanRecord.objects.exists()


@pytest.mark.django_db
def test_blocking_out_time_marks_only_the_empty_day(client):
    coach = StaffFactory(work_coach=True, first_name="Małgorzata", last_name="Kowalczyk")
    client.force_login(coach)
    day = today() + dt.timedelta(days=3)
    response = client.post(
        reverse("conferences:unavailability_add"),
        {"date-day": "", "date-month": day.month, "date-year": day.year, "all_day": "true"},
    )
    assert date_input(response, "date") == {
        "legend": "Date",
        "size": "s",
        "heading": False,
        "boxes": ["date-day *", "date-month", "date-year"],
    }
    assert "The date must include a day" in html(response)
