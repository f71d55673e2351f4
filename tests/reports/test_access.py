"""Reports are for analysts and administrators only; everyone else gets 403 (DESIGN.md 10)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import FteImport
from tests.conftest import api_as
from tests.factories import StaffFactory
from tests.reports.factories import load_month, returns_csv

pytestmark = pytest.mark.django_db

PAGES = [
    ("reports:index", {}),
    ("reports:headcount", {}),
    ("reports:headcount", {"year_from": "2012", "year_to": "2014"}),
    ("reports:headcount_download", {"format": "csv"}),
    ("reports:headcount_download", {"format": "xlsx"}),
    ("reports:headcount_download", {"format": "ods"}),
    ("reports:headcount_download", {"format": "json"}),
    ("reports:returns", {}),
    ("reports:returns_import", {}),
    ("reports:activity", {}),
    ("reports:activity", {"month_from": "2026-08", "month_to": "2026-09", "level": "dea"}),
    ("reports:activity_download", {"format": "csv"}),
    ("reports:activity_download", {"format": "xlsx"}),
    ("reports:activity_download", {"format": "ods"}),
    ("reports:activity_download", {"format": "json", "level": "jobcentre"}),
    ("reports:activity_rows", {}),
]
API = "/api/reports/headcount/"
API_FORMATS = ["json", "csv", "xlsx", "ods"]
#: Every report endpoint of the API with the formats it gives.
APIS = [
    (API, API_FORMATS),
    ("/api/reports/activity/", API_FORMATS),
    ("/api/reports/activity-rows/", ["csv"]),
]
OUTSIDERS = ["work_coach", "dea", "wctl", "sdtl"]


@pytest.fixture(autouse=True)
def some_returns():
    load_month(dt.date(2014, 4, 1), {"Disability Employment Adviser": ["1", "0.5"]})


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize("role", OUTSIDERS)
def test_casework_roles_get_403_on_every_report_page_and_the_api(role):
    person = StaffFactory(**{role: True})
    client = _client(person)
    for name, query in PAGES:
        assert client.get(reverse(name), query).status_code == 403, name
    upload = io.BytesIO(returns_csv([]))
    upload.name = "r.csv"
    response = client.post(reverse("reports:returns_import"), {"month": "2014-05", "file": upload})
    assert response.status_code == 403
    for url, formats in APIS:
        for file_format in formats:
            response = api_as(person).get(url, {"format": file_format, "level": "dea"})
            assert response.status_code == 403, (url, file_format)
            assert response.json()["code"] == "forbidden"
    assert FteImport.objects.count() == 1


@pytest.mark.parametrize("role", ["analyst", "administrator"])
def test_analysts_and_administrators_see_every_report_page_and_the_api(role):
    person = StaffFactory(**{role: True})
    client = _client(person)
    for name, query in PAGES:
        assert client.get(reverse(name), query).status_code == 200, name
    for url, formats in APIS:
        for file_format in formats:
            assert api_as(person).get(url, {"format": file_format}).status_code == 200, url


def test_signed_out_visitors_sign_in_first_and_the_api_answers_401():
    client = Client()
    for name, query in PAGES:
        response = client.get(reverse(name), query)
        assert response.status_code == 302 and "/sign-in/" in response.url, name
    for url, _ in APIS:
        assert client.get(url).status_code == 401, url


def test_the_reports_link_is_in_the_navigation_for_analysts_only():
    link = f'href="{reverse("reports:index")}"'
    analyst_home = _client(StaffFactory(analyst=True)).get(reverse("home")).content.decode()
    coach_home = _client(StaffFactory(work_coach=True)).get(reverse("home")).content.decode()
    assert link in analyst_home
    assert link not in coach_home


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2012-14"}, "from"),
        ({"from": "twenty"}, "from"),
        ({"from": "2014-15", "to": "2012-13"}, "to"),
        ({"format": "pdf"}, "format"),
        ({"adviser_type": "999999"}, "adviser_type"),
        ({"adviser_type": "x"}, "adviser_type"),
        ({"district": "999999"}, "district"),
    ],
)
def test_the_api_refuses_bad_parameters_with_400(query, field):
    response = api_as(StaffFactory(analyst=True)).get(API, query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]


def test_the_api_defaults_to_every_year_with_returns_up_to_this_one():
    data = api_as(StaffFactory(analyst=True)).get(API).json()
    assert data["years"][0] == "2014.15"
    assert data["rows"] == [
        {
            "adviser_type": "Disability Employment Adviser",
            "values": {year: (2 if year == "2014.15" else None) for year in data["years"]},
        }
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-13"}, "from"),
        ({"from": "2026-09", "to": "2026-08"}, "to"),
        ({"from": "2024-01", "to": "2026-01"}, "to"),
        ({"level": "team"}, "level"),
        ({"district": "999999"}, "district"),
        ({"format": "pdf"}, "format"),
    ],
)
def test_the_activity_api_refuses_bad_parameters_with_400(query, field):
    response = api_as(StaffFactory(analyst=True)).get("/api/reports/activity/", query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]


def test_the_activity_rows_api_is_csv_only():
    response = api_as(StaffFactory(analyst=True)).get(
        "/api/reports/activity-rows/", {"format": "json"}
    )
    assert response.status_code == 400 and "format" in response.json()["errors"]


def test_a_bad_download_format_is_400():
    client = _client(StaffFactory(analyst=True))
    assert client.get(reverse("reports:headcount_download"), {"format": "pdf"}).status_code == 400
    bad_years = {"year_from": "2014", "year_to": "2012"}
    assert client.get(reverse("reports:headcount_download"), bad_years).status_code == 400
    for name in ("reports:activity_download", "reports:activity_rows"):
        bad_months = {"month_from": "2026-09", "month_to": "2026-08"}
        assert client.get(reverse(name), bad_months).status_code == 400, name
    bad_format = {"format": "pdf"}
    assert client.get(reverse("reports:activity_download"), bad_format).status_code == 400
