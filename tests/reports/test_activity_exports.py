"""The activity report's downloads (page and API) hold the report's own figures, read back
from each file: CSV, JSON, XLSX and ODS."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from odf import table
from odf.namespaces import OFFICENS
from odf.opendocument import load as load_ods
from openpyxl import load_workbook

from jomcase.months import month_code, month_name
from reports.activity import SUPPRESSED, Scope, activity_figures
from reports.activity.exports import CSV_HEADING
from tests.conftest import api_as
from tests.factories import StaffFactory
from tests.reports.activity_builders import (
    a_dea,
    a_place,
    a_request,
    accepted,
    an_activity_at,
    at,
)

pytestmark = pytest.mark.django_db

AUG, SEP = dt.date(2026, 8, 1), dt.date(2026, 9, 1)
PAGE_QUERY = {"month_from": "2026-08", "month_to": "2026-09", "level": "district"}
API_QUERY = {"from": "2026-08", "to": "2026-09", "level": "district"}


@pytest.fixture
def world():
    """Two districts, one busy and one quiet, so the files hold withheld figures, fractions
    and plain counts."""
    busy, quiet = a_place("Busyshire"), a_place("Quietshire")
    dea, other = a_dea(busy), a_dea(quiet)
    for n in range(14):
        filed = at(dt.date(2026, 8, 3 + n % 10), 9)
        answer = accepted(at(dt.date(2026, 8, 4 + n % 10 + n % 3))) if n % 4 else {}
        a_request(dea, filed, required_by=dt.date(2026, 8, 12), **answer)
    for n in range(3):
        a_request(other, at(dt.date(2026, 9, 1 + n)))
    for n in range(7):
        an_activity_at("case_conference", "concluded", dea, at(dt.date(2026, 8, 3 + n)))
    return activity_figures(Scope(first=AUG, last=SEP, level="district"))


def _expected_grid(figures, section) -> list[list]:
    return [
        [row.area, month_name(row.month), *(row.values[c.key] for c in section.measure.columns)]
        for row in section.rows
    ]


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _xlsx_grids(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    grids = {}
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        width = max(len(r) for r in rows)
        grids[sheet.title] = [r + [None] * (width - len(r)) for r in rows]
    return grids


def _ods_grids(content: bytes) -> dict[str, list[list]]:
    document = load_ods(io.BytesIO(content))
    grids = {}
    for sheet in document.spreadsheet.getElementsByType(table.Table):
        rows = []
        for row in sheet.getElementsByType(table.TableRow):
            values = []
            for cell in row.getElementsByType(table.TableCell):
                kind = cell.getAttrNS(OFFICENS, "value-type")
                if kind == "float":
                    values.append(float(cell.getAttrNS(OFFICENS, "value")))
                elif kind == "string":
                    values.append(str(cell))
                else:
                    values.append(None)
            rows.append(values)
        grids[sheet.getAttribute("name")] = rows
    return grids


def _check_sheets(grids: dict, figures) -> None:
    for section in figures.sections:
        grid = grids[section.measure.sheet]
        assert grid[0] == ["Area", "Month", *(c.label for c in section.measure.columns)]
        assert grid[1:] == _expected_grid(figures, section), section.key
    notes = "\n".join(str(row[0]) for row in grids["Notes"])
    assert "[c] means the figure is withheld" in notes
    assert "Answered by the due date" in notes


def test_the_world_has_withheld_figures_fractions_and_counts(world):
    values = [v for s in world.sections for r in s.rows for v in r.values.values()]
    assert SUPPRESSED in values
    assert any(isinstance(v, float) and not v.is_integer() for v in values)
    assert any(isinstance(v, int) and v >= 5 for v in values)


@pytest.mark.parametrize("source", ["page", "api"])
def test_xlsx_and_ods_hold_the_same_figures(world, source):
    for file_format, read in (("xlsx", _xlsx_grids), ("ods", _ods_grids)):
        if source == "page":
            client = Client()
            client.force_login(StaffFactory(analyst=True))
            url, query = reverse("reports:activity_download"), PAGE_QUERY
        else:
            client, url, query = (
                api_as(StaffFactory(analyst=True)),
                "/api/reports/activity/",
                API_QUERY,
            )
        response = client.get(url, query | {"format": file_format})
        assert response.status_code == 200
        assert "dea-activity-2026-08-to-2026-09-by-district" in response["Content-Disposition"]
        _check_sheets(read(_content(response)), world)


def test_csv_is_one_line_per_figure(world):
    client = Client()
    client.force_login(StaffFactory(analyst=True))
    response = client.get(reverse("reports:activity_download"), PAGE_QUERY | {"format": "csv"})
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(_content(response).decode())))
    assert lines[0] == CSV_HEADING
    expected = [
        [
            s.measure.title,
            "Total" if r.is_total else "District",
            r.area,
            month_code(r.month),
            c.label,
            "" if r.values[c.key] is None else str(r.values[c.key]),
        ]
        for s in world.sections
        for r in s.rows
        for c in s.measure.columns
    ]
    assert lines[1:] == expected


def test_json_from_the_page_and_the_api_are_the_report(world):
    client = Client()
    client.force_login(StaffFactory(analyst=True))
    page = json.loads(
        _content(client.get(reverse("reports:activity_download"), PAGE_QUERY | {"format": "json"}))
    )
    api = api_as(StaffFactory(analyst=True)).get("/api/reports/activity/", API_QUERY).json()
    assert page == api
    assert api["months"] == ["2026-08", "2026-09"] and api["level"] == "district"
    for section, tab in zip(world.sections, api["tables"], strict=True):
        assert tab["key"] == section.key
        assert [c["key"] for c in tab["columns"]] == [c.key for c in section.measure.columns]
        assert [(r["area"], r["month"], r["total"], r["values"]) for r in tab["rows"]] == [
            (r.area, month_code(r.month), r.is_total, r.values) for r in section.rows
        ]
    assert any("[c] means" in note for note in api["notes"])
