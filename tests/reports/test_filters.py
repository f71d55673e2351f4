"""The report filters are one set of rules: the pages, their downloads, the API and the export
command read the same values, fill in the same defaults and refuse the same values with the
same messages (``reports.forms``)."""

from __future__ import annotations

import datetime as dt
import json
from html import unescape
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from jomcase.months import add_months, first_of_month, parse_month
from reports.activity import default_months
from reports.years import FinancialYear, years_or_default
from tests.conftest import api_as
from tests.factories import DistrictFactory, JobcentreFactory, StaffFactory
from tests.reports.factories import load_month

pytestmark = pytest.mark.django_db

#: The page's name for each API parameter whose name differs.
ACTIVITY_NAMES = {"from": "month_from", "to": "month_to"}
HEADCOUNT_NAMES = {"from": "year_from", "to": "year_to", "adviser_type": "adviser_types"}


def _page_query(query: dict, names: dict) -> dict:
    return {names.get(name, name): value for name, value in query.items()}


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def analyst():
    return StaffFactory(analyst=True)


@pytest.fixture
def browser(analyst):
    client = Client()
    client.force_login(analyst)
    return client


# The rules themselves ------------------------------------------------------------------

TODAY = dt.date(2026, 9, 15)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (None, None, ("2026-04", "2026-09")),  # the six months to this one
        ("2026-01", None, ("2026-01", "2026-06")),  # six months from the first
        ("2026-07", None, ("2026-07", "2026-09")),  # ...but not past this month
        ("2026-11", None, ("2026-11", "2026-11")),  # a month ahead is a span of one
        (None, "2025-01", ("2024-08", "2025-01")),  # six months to the last
        ("2025-02", "2025-03", ("2025-02", "2025-03")),  # both given: as given
    ],
)
def test_months_left_out_default_to_six(first, last, expected):
    asked = [parse_month(m) if m else None for m in (first, last)]
    span = default_months(*asked, today=TODAY)
    assert tuple(f"{m:%Y-%m}" for m in span) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (None, None, (2014, 2026)),  # the years with returns, to this one
        (2016, None, (2016, 2026)),
        (None, 2012, (2012, 2012)),  # before the first returns: from there, not refused
        (None, 2016, (2014, 2016)),
        (2027, None, (2027, 2027)),  # next year: a span of one, not refused
    ],
)
def test_years_left_out_default_to_the_years_with_returns(first, last, expected):
    default = (FinancialYear(2014), FinancialYear(2026))
    asked = [FinancialYear(y) if y else None for y in (first, last)]
    span = years_or_default(*asked, default=default)
    assert tuple(y.start_year for y in span) == expected


# The activity report --------------------------------------------------------------------

BAD_ACTIVITY_CHOICES = [
    ({"from": "2026-13"}, "from", "Enter a month like 2015-03, not '2026-13'"),
    (
        {"from": "2026-09", "to": "2026-08"},
        "to",
        "Choose a month that is the same as or after the first",
    ),
    ({"from": "2024-01", "to": "2026-01"}, "to", "Choose at most 24 months"),
    ({"level": "team"}, "level", "Choose national, district, jobcentre or dea"),
    ({"district": "999999"}, "district", "No district has id 999999"),
]


@pytest.mark.parametrize(("query", "parameter", "message"), BAD_ACTIVITY_CHOICES)
def test_a_bad_activity_choice_has_one_message_on_the_page_downloads_and_api(
    browser, analyst, query, parameter, message
):
    for url in ("/api/reports/activity/", "/api/reports/activity-rows/"):
        response = api_as(analyst).get(url, query)
        assert response.status_code == 400, url
        assert response.json() == {
            "code": "invalid",
            "detail": message,
            "errors": {parameter: [message]},
        }
    page_query = _page_query(query, ACTIVITY_NAMES)
    for name in ("reports:activity_download", "reports:activity_rows"):
        response = browser.get(reverse(name), page_query)
        assert response.status_code == 400, name
        assert response.content.decode() == f"Check the choices: {message}"
    page = unescape(browser.get(reverse("reports:activity"), page_query).content.decode())
    assert "govuk-error-summary" in page and message in page


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"from": "2026-01"},
        {"to": "2025-01"},
        {"from": "2024-01"},
        # A month ahead (booked work), within the year ahead a report may reach.
        {"from": f"{add_months(first_of_month(dt.date.today()), 6):%Y-%m}"},
    ],
)
def test_activity_months_left_out_default_alike_on_the_page_downloads_and_api(
    browser, analyst, query
):
    api = api_as(analyst).get("/api/reports/activity/", query).json()
    page_query = _page_query(query, ACTIVITY_NAMES)
    download = browser.get(reverse("reports:activity_download"), page_query | {"format": "json"})
    assert json.loads(_content(download))["months"] == api["months"]
    form = browser.get(reverse("reports:activity"), page_query).context["form"]
    assert form.is_valid()
    assert [form["month_from"].value(), form["month_to"].value()] == [
        api["months"][0],
        api["months"][-1],
    ]
    api_rows = api_as(analyst).get("/api/reports/activity-rows/", query)
    page_rows = browser.get(reverse("reports:activity_rows"), page_query)
    assert page_rows["Content-Disposition"] == api_rows["Content-Disposition"]


def test_the_activity_page_shows_a_month_asked_for_outside_its_list(browser):
    form = browser.get(
        reverse("reports:activity"), {"month_from": "2019-01", "month_to": "2019-02-01"}
    ).context["form"]
    assert form.is_valid()
    assert form["month_to"].value() == "2019-02"  # written as the list writes it
    for name in ("month_from", "month_to"):
        assert form[name].value() in dict(form.fields[name].choices)


def test_activity_lines_take_csv_only_on_the_page_and_the_api(browser, analyst):
    api = api_as(analyst).get("/api/reports/activity-rows/", {"format": "json"})
    assert api.json()["errors"] == {"format": ["Choose csv"]}
    page = browser.get(reverse("reports:activity_rows"), {"format": "json"})
    assert page.status_code == 400
    assert page.content.decode() == "Check the choices: Choose csv"


# The headcount --------------------------------------------------------------------------


@pytest.fixture
def some_returns():
    load_month(dt.date(2014, 4, 1), {"Disability Employment Adviser": ["1", "0.5"]})


BAD_HEADCOUNT_FILTERS = [
    ({"from": "twenty"}, "from", "Enter a financial year like 2012-13, not 'twenty'"),
    (
        {"from": "2014-15", "to": "2012-13"},
        "to",
        "Choose a year that is the same as or after the first",
    ),
    ({"adviser_type": "999999"}, "adviser_type", "No adviser type has id 999999"),
    ({"district": "999999"}, "district", "No district has id 999999"),
    ({"jobcentre": "999999"}, "jobcentre", "No jobcentre has id 999999"),
]


def _check_headcount_refused(browser, analyst, query, parameter, message):
    response = api_as(analyst).get("/api/reports/headcount/", query)
    assert response.status_code == 400
    body = response.json()
    assert body == {"code": "invalid", "detail": message, "errors": {parameter: [message]}}
    page_query = _page_query(query, HEADCOUNT_NAMES)
    response = browser.get(reverse("reports:headcount_download"), page_query)
    assert response.status_code == 400
    assert response.content.decode() == f"Check the filters: {message}"
    page = unescape(browser.get(reverse("reports:headcount"), page_query).content.decode())
    assert "govuk-error-summary" in page and message in page


@pytest.mark.parametrize(("query", "parameter", "message"), BAD_HEADCOUNT_FILTERS)
def test_a_bad_headcount_filter_has_one_message_on_the_page_download_and_api(
    browser, analyst, some_returns, query, parameter, message
):
    _check_headcount_refused(browser, analyst, query, parameter, message)


def test_a_jobcentre_outside_the_district_has_one_message_everywhere(browser, analyst):
    north, south = DistrictFactory(), DistrictFactory()
    jobcentre = JobcentreFactory(district=north)
    query = {"district": str(south.pk), "jobcentre": str(jobcentre.pk)}
    message = "Choose a jobcentre in the district you chose, or All"
    _check_headcount_refused(browser, analyst, query, "jobcentre", message)


@pytest.mark.parametrize(
    "query",
    [{}, {"from": "2016-17"}, {"to": "2012-13"}, {"to": "2016-17"}, {"from": "2005-06"}],
)
def test_headcount_years_left_out_default_alike_on_the_page_api_and_command(
    browser, analyst, some_returns, query
):
    api = api_as(analyst).get("/api/reports/headcount/", query).json()["years"]
    page_query = _page_query(query, HEADCOUNT_NAMES)
    download = browser.get(reverse("reports:headcount_download"), page_query | {"format": "json"})
    assert json.loads(_content(download))["years"] == api
    form = browser.get(reverse("reports:headcount"), page_query).context["form"]
    assert form.is_valid()
    labels = [FinancialYear(int(form[name].value())).label for name in ("year_from", "year_to")]
    assert labels == [api[0], api[-1]]
    out = StringIO()
    options = [arg for name, value in query.items() for arg in (f"--{name}", value)]
    call_command("export_headcount", *options, "--format", "json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["years"] == api


def test_the_headcount_page_shows_a_year_asked_for_as_the_api_spells_it(browser, some_returns):
    form = browser.get(reverse("reports:headcount"), {"year_from": "2005-06"}).context["form"]
    assert form.is_valid()
    assert form["year_from"].value() == "2005"
    assert (2005, "2005.06") in form.fields["year_from"].choices


def test_the_command_refuses_years_with_the_forms_message():
    with pytest.raises(
        CommandError, match="--to: Choose a year that is the same as or after the first"
    ):
        call_command(
            "export_headcount", "--from", "2014-15", "--to", "2012-13",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip


def test_each_download_refuses_a_format_it_does_not_offer_by_naming_those_it_does(browser, analyst):
    for url in ("/api/reports/headcount/", "/api/reports/activity/"):
        response = api_as(analyst).get(url, {"format": "pdf"})
        assert response.json()["errors"] == {"format": ["Choose json, csv, xlsx or ods"]}, url
    for name, what in (("headcount_download", "filters"), ("activity_download", "choices")):
        response = browser.get(reverse(f"reports:{name}"), {"format": "pdf"})
        assert response.status_code == 400
        assert response.content.decode() == f"Check the {what}: Choose csv, xlsx, ods or json"


@pytest.mark.parametrize("query", ["to=9999-12", "from=9999-07&to=9999-12", "from=1850-01"])
def test_a_month_far_outside_any_report_is_400_not_a_crash(query):
    client = api_as(StaffFactory(analyst=True))
    client.raise_request_exception = False
    response = client.get(f"/api/reports/activity/?{query}")
    assert response.status_code == 400
    assert "Choose a month from January 2000 to" in str(response.json()["errors"])
    page_query = query.replace("from=", "month_from=").replace("to=", "month_to=")
    browser = Client()
    browser.force_login(StaffFactory(analyst=True))
    page = browser.get(f"{reverse('reports:activity')}?{page_query}")
    assert page.status_code == 200
    assert "Choose a month from January 2000 to" in page.content.decode()
