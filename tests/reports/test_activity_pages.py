"""The analyst's activity and compliance page: choices, GOV.UK tables, notes and downloads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from dea_support.models import RequestKind, SupportRequest
from reports.activity import MEASURES
from tests.factories import StaffFactory
from tests.reports.activity_builders import a_dea, a_place, a_request, an_activity_at, at

pytestmark = pytest.mark.django_db

QUERY = {"month_from": "2026-08", "month_to": "2026-09"}


@pytest.fixture
def browser():
    client = Client()
    client.force_login(StaffFactory(analyst=True))
    return client


def _many_requests(dea, count: int, day: dt.date) -> None:
    SupportRequest.objects.bulk_create(
        SupportRequest(
            kind=RequestKind.SKILL_SUPPORT,
            requester=dea,
            dea=dea,
            description="How to agree adjustments",
            required_by=day,
            due_on=day,
            created_at=at(day),
        )
        for _ in range(count)
    )


def test_the_page_shows_each_table_with_right_aligned_separated_numbers(browser):
    dea = a_dea(a_place("Hexham"))
    _many_requests(dea, 1234, dt.date(2026, 8, 4))
    a_request(a_dea(a_place("Alnwick")), at(dt.date(2026, 8, 5)))
    response = browser.get(reverse("reports:activity"), QUERY | {"level": "district"})
    assert response.status_code == 200
    html = response.content.decode()
    for measure in MEASURES.values():
        assert f'id="{measure.key}">{measure.title}</caption>' in html
    kinds = html[html.index('id="table-requests_by_kind"') : html.index("</table>")]
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert f"{numeric}1,234</td>" in kinds
    assert f"{numeric}1,235</td>" in kinds  # the national total
    # Alnwick's single request is withheld, with words for screen readers.
    assert f'{numeric}[c]<span class="govuk-visually-hidden"> withheld</span></td>' in kinds
    assert "August 2026 to September 2026, by district" in html
    assert "[c] means the figure is withheld to protect confidentiality" in html
    assert "Working days are Monday to Friday" in html  # a table's own definitions


def test_the_download_links_keep_the_choices(browser):
    response = browser.get(reverse("reports:activity"), QUERY | {"level": "jobcentre"})
    html = response.content.decode()
    links = re.findall(r'href="([^"]*activity/download/[^"]*)"', html)
    assert len(links) == 4
    for file_format in ("csv", "xlsx", "ods", "json"):
        assert any(f"format={file_format}" in link and "level=jobcentre" in link for link in links)
    assert "/reports/activity/rows/?month_from=2026-08" in html


def test_wrong_months_are_explained_and_show_no_tables(browser):
    response = browser.get(
        reverse("reports:activity"), {"month_from": "2026-09", "month_to": "2026-08"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose a month that is the same as or after the first" in html
    assert "<table" not in html


def test_many_areas_are_paged_and_the_totals_are_on_every_page(browser):
    for n in range(23):
        dea = a_dea(a_place(f"District {n:02d}"))
        an_activity_at("case_conference", "held", dea, at(dt.date(2026, 8, 3)))
    url = reverse("reports:activity")
    first = browser.get(url, QUERY | {"level": "district"}).content.decode()
    assert "Areas 1 to 20 of 23" in first
    assert ">District 19</th>" in first and ">District 20</th>" not in first
    assert ">All areas</th>" in first
    second = browser.get(url, QUERY | {"level": "district", "page": "2"}).content.decode()
    assert ">District 20</th>" in second and ">District 19</th>" not in second
    assert ">All areas</th>" in second


def test_the_reports_index_and_home_link_to_the_page(browser):
    link = f'href="{reverse("reports:activity")}"'
    assert link in browser.get(reverse("reports:index")).content.decode()
    assert link in browser.get(reverse("home")).content.decode()


def test_page_queries_are_pinned(browser, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qas.selectors import qas_done_against_due

    a_request(a_dea(a_place("Hexham")), at(dt.date(2026, 8, 4)))
    url = reverse("reports:activity")
    browser.get(url, QUERY)  # warm up: the session is read and saved once
    with CaptureQueriesContext(connection) as qas_queries:
        qas_done_against_due([dt.date(2026, 8, 1), dt.date(2026, 9, 1)])
    # session, user and roles, districts for the choices, one per set of rows counted (the
    # four tables of requests filed share one; the QAS table also runs the qas app's reads),
    # and the districts' names
    with django_assert_num_queries(3 + len(MEASURES) - 3 + len(qas_queries) + 1):
        response = browser.get(url, QUERY | {"level": "district"})
    assert response.status_code == 200


def test_the_page_and_its_download_share_one_working_out(browser, django_assert_num_queries):
    a_request(a_dea(a_place("Hexham")), at(dt.date(2026, 8, 4)))
    url = reverse("reports:activity")
    assert "Worked out at" in browser.get(url, QUERY).content.decode()
    # The download asks for the same figures: only the session, the user with their roles
    # and the districts its form offers are read.
    with django_assert_num_queries(3):
        response = browser.get(reverse("reports:activity_download"), QUERY | {"format": "csv"})
    assert response.status_code == 200
