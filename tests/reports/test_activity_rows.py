"""Every activity as a CSV line: what a line holds, and that the file streams in flat memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc

import pytest
from django.db import connection
from django.db.models.query import QuerySet
from django.test import Client
from django.urls import reverse

from conferences.models import Activity
from reports.activity import Scope
from reports.activity.rows import activity_rows_csv
from tests.factories import ClaimantFactory, StaffFactory
from tests.reports.activity_builders import a_dea, a_place, an_activity_at, at

pytestmark = pytest.mark.django_db

AUG, SEP = dt.date(2026, 8, 1), dt.date(2026, 9, 1)


@pytest.fixture
def browser():
    client = Client()
    client.force_login(StaffFactory(analyst=True))
    return client


def _lines(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_a_line_per_activity_with_no_personal_data(browser):
    north = a_place("Northumberland, Tyne and Wear")  # a comma, so CSV quoting matters
    durham = a_place("Durham")
    dea = a_dea(north, first_name="Philippa", last_name="Okonkwo-Hartley")
    claimant = ClaimantFactory(surname="Featherstonehaugh")
    an_activity_at("case_conference", "held", dea, at(dt.date(2026, 8, 4)), claimant=claimant)
    an_activity_at("skill_conference", "booked", dea, at(dt.date(2026, 9, 30), 16))
    an_activity_at("three_way", "awaiting_consent", dea, None, created_at=at(dt.date(2026, 8, 20)))
    an_activity_at("case_conference", "held", dea, at(dt.date(2026, 7, 31)))  # July: left out
    an_activity_at("case_conference", "proposed", a_dea(durham), None,
                   created_at=at(dt.date(2026, 9, 2)))  # fmt: skip

    query = {"month_from": "2026-08", "month_to": "2026-09"}
    lines = _lines(browser.get(reverse("reports:activity_rows"), query))
    assert lines[0] == ["month", "kind", "state", "channel"]
    assert lines[1:] == [
        ["2026-08", "case_conference", "held", "face_to_face"],
        ["2026-09", "skill_conference", "booked", "face_to_face"],
        ["2026-08", "three_way", "awaiting_consent", ""],
        ["2026-09", "case_conference", "proposed", ""],
    ]
    text = "\n".join(",".join(line) for line in lines)
    for word in ("Philippa", "Okonkwo", "Featherstonehaugh", claimant.nino, dea.username,
                 "Northumberland", "Durham", north.name, durham.name):  # fmt: skip
        assert word not in text


def test_the_lines_of_one_district_are_refused_because_they_would_undo_suppression(browser):
    """The figures hide 1 to 4 below national level; lines for one district would not."""
    place = a_place("Durham")
    an_activity_at("case_conference", "held", a_dea(place), at(dt.date(2026, 8, 4)))
    query = {"month_from": "2026-08", "month_to": "2026-08", "district": place.district_id}

    page = browser.get(reverse("reports:activity_rows"), query)
    assert page.status_code == 400
    assert "whole country only" in page.content.decode()

    api = browser.get("/api/reports/activity-rows/", query)
    assert api.status_code == 400
    assert "whole country only" in str(api.json())


def test_the_figures_page_links_to_national_lines_for_its_months(browser):
    place = a_place("Durham")
    query = {"month_from": "2026-08", "month_to": "2026-09", "level": "jobcentre",
             "district": place.district_id}  # fmt: skip
    page = browser.get(reverse("reports:activity"), query).content.decode()
    rows_link = reverse("reports:activity_rows") + '?month_from=2026-08&amp;month_to=2026-09"'
    assert rows_link in page


def test_the_lines_come_through_a_server_side_cursor_a_batch_at_a_time(monkeypatch):
    dea = a_dea()
    for day in range(3, 10):
        an_activity_at("case_conference", "held", dea, at(dt.date(2026, 8, day)))
    chunk_sizes = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    chunks = list(activity_rows_csv(Scope(first=AUG, last=AUG), batch=3))
    assert chunk_sizes == [3]
    assert connection.features.can_use_chunked_reads
    # The heading with the first 3 lines, then 3, then 1.
    assert [chunk.count("\r\n") for chunk in chunks] == [4, 3, 1]


def _insert_activities(count: int, dea_id: int) -> None:
    """``count`` held case conferences in August 2026, written by PostgreSQL itself."""
    table = Activity._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (kind, state, dea_id, created_by_id, created_at, start, "end",
                channel, place, cancel_reason, summary, record_on_development_plan,
                information, links, holding_message)
            SELECT 'case_conference', 'held', %(dea)s, %(dea)s, t, t, t + INTERVAL '1 hour',
                   'face_to_face', '', '', '', FALSE, '', '', ''
            FROM (SELECT TIMESTAMPTZ '2026-08-03 09:00+01' + (g %% 600) * INTERVAL '1 hour' AS t
                  FROM generate_series(1, %(count)s) AS g) AS s
            """,
            {"dea": dea_id, "count": count},
        )


def _peak_while_streaming(browser, query) -> tuple[int, int]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        response = browser.get(reverse("reports:activity_rows"), query)
        lines = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return lines - 1, peak


def test_the_export_streams_in_flat_memory(browser):
    dea = a_dea(a_place("Memoryshire"))
    query = {"month_from": "2026-08", "month_to": "2026-09"}
    _insert_activities(5_000, dea.pk)
    small_lines, small_peak = _peak_while_streaming(browser, query)
    _insert_activities(35_000, dea.pk)
    large_lines, large_peak = _peak_while_streaming(browser, query)
    assert (small_lines, large_lines) == (5_000, 40_000)
    # Eight times the lines, about the same memory: a batch of lines at a time, never all.
    assert large_peak < 8 * 1024 * 1024, large_peak
    assert large_peak < 2 * small_peak + 1024 * 1024, (small_peak, large_peak)
