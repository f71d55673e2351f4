"""The demo returns reproduce the FOI VTR 1150 headcount table, in every output.

The table below is copied by hand from seed 000 (the FOI response of 14 April 2015): every
adviser type name as published, every number, every blank (None). The headcount selector, the
export command (CSV, JSON, XLSX, ODS), the page and its downloads, and the API must all give
exactly this for 2012.13 to 2014.15, with notes saying that 2014.15 has 11 months and that
nothing is held before April 2012.

Loading the demo returns takes several seconds, so this module loads them once, inside a
transaction that is rolled back when the module ends; each test runs in a savepoint within it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from odf import table
from odf.namespaces import OFFICENS
from odf.opendocument import load as load_ods
from openpyxl import load_workbook

from claimants.models import Claimant
from claimants.nino import display as nino_display
from dea_support.demo import seed_demo_data
from jomcase.models import AdviserType, District, Jobcentre, Staff
from reports.demo import FOI_LAST_MONTH, seed_fte_returns
from reports.selectors import headcount
from reports.services import fte_snapshot_take
from reports.years import last_complete_month
from tests.conftest import api_as

YEARS = ["2012.13", "2013.14", "2014.15"]
# Seed 000, the table under "1. and 2.", row by row.
FOI_VTR_1150 = [
    ("Jobseekers Allowance (JSA) Adviser", 7793, 6626, 6822),
    ("Jobseekers Allowance (JSA) New Jobseekers Interview (NJI) Adviser", 2463, 2044, 1753),
    ("Post Work Programme Support (PWPS) Adviser", None, 988, None),
    ("Youth Contract Hot Spot Adviser", None, 437, None),
    ("Employment and Support Allowance (ESA) Adviser", 804, 890, 1136),
    ("Income Support (IS) Adviser", 1088, 983, 1163),
    ("16/17 Year Old Specialist Adviser", 176, 144, 115),
    ("Pilot for 16/17 Year Olds Adviser", None, None, 13),
    ("18-19 Not In Employment Education or Training (NEET) Adviser", None, None, 53),
    ("Disability Employment Adviser", 520, 444, 368),
    ("ESA 18-24 Pilot Adviser", None, 13, 24),
    ("Local Authorities Families Programme Adviser", None, 99, 161),
    ("Community Outreach Adviser", 91, None, None),
    ("Outreach Adviser", 230, 222, None),
    ("Remploy Personal Case Worker (PCW) Adviser", None, 33, 14),
    ("Discharged Prisoner Adviser", None, None, 121),
    ("Universal Credit (UC) Adviser / Coach", None, 33, 195),
    ("Employer Advisers", 1113, 1072, 1232),
]
EXPECTED_CSV = "Adviser type,2012.13,2013.14,2014.15\r\n" + "".join(
    ",".join([f'"{name}"' if "," in name else name, *("" if v is None else str(v) for v in values)])
    + "\r\n"
    for name, *values in FOI_VTR_1150
)
FOI_QUERY = {"from": "2012-13", "to": "2014-15"}
PAGE_QUERY = {"year_from": "2012", "year_to": "2014"}

pytestmark = pytest.mark.xdist_group("foi_table")  # load the returns once, on one worker

ACTIVITY_LEVELS = ("national", "district", "jobcentre", "dea")

# A National Insurance number in any common spelling: two letters, six digits, A to D.
NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b")


@pytest.fixture(scope="module")
def foi_world(django_db_setup, django_db_blocker):
    """The demo people, the demo returns to February 2015, and a register snapshot of last
    month (so that some returns belong to people with names), rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo_data()
            seed_fte_returns(until=FOI_LAST_MONTH)
            snapshot = fte_snapshot_take(month=last_complete_month())
            assert snapshot is not None and snapshot.row_count >= 50
            # Check the deferred foreign keys of those rows now, once. Otherwise every test's
            # teardown (which checks constraints inside its savepoint) would check them again.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def analyst1(foi_world, db):
    return Staff.objects.get(username="analyst1")


@pytest.fixture
def browser(analyst1):
    client = Client()
    client.force_login(analyst1)
    return client


def _table_of(rows) -> list[tuple]:
    return [tuple(row) for row in rows]


def _from_headcount(result) -> list[tuple]:
    return [(r.adviser_type, *(r.values[y] for y in YEARS)) for r in result.rows]


def _xlsx_rows(content: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook["FTE headcount"].iter_rows(values_only=True))
    assert rows[0] == ("Adviser type", *YEARS)
    width = len(YEARS) + 1  # a row may stop at its last value; the cells after it are blank
    return [tuple(row) + (None,) * (width - len(row)) for row in rows[1:]]


def _ods_rows(content: bytes) -> list[tuple]:
    document = load_ods(io.BytesIO(content))
    sheet = next(
        t
        for t in document.spreadsheet.getElementsByType(table.Table)
        if t.getAttribute("name") == "FTE headcount"
    )
    rows = []
    for row in sheet.getElementsByType(table.TableRow):
        values = []
        for cell in row.getElementsByType(table.TableCell):
            kind = cell.getAttrNS(OFFICENS, "value-type")
            if kind == "float":
                number = float(cell.getAttrNS(OFFICENS, "value"))
                assert number.is_integer()
                values.append(int(number))
            elif kind == "string":
                values.append(str(cell))
            else:
                values.append(None)
        rows.append(tuple(values))
    assert rows[0] == ("Adviser type", *YEARS)
    return rows[1:]


def _csv_rows(text: str) -> list[tuple]:
    rows = list(csv.reader(StringIO(text)))
    assert rows[0] == ["Adviser type", *YEARS]
    return [(name, *(int(v) if v else None for v in values)) for name, *values in rows[1:]]


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_headcount_is_the_foi_table(foi_world, db):
    result = headcount(first_year=2012, last_year=2014)
    assert result.year_labels == YEARS
    assert _from_headcount(result) == FOI_VTR_1150


def test_notes_say_2014_15_has_11_months_and_nothing_before_april_2012(foi_world, db):
    notes = headcount(first_year=2012, last_year=2014).notes
    assert "2014.15 covers April 2014 to February 2015 (11 months)." in notes
    assert any("not available before April 2012" in note for note in notes)
    assert any("full-time equivalents" in note for note in notes)
    assert not any("2012.13 covers" in note or "2013.14 covers" in note for note in notes)


def test_years_before_the_first_returns_are_blank_and_not_available(foi_world, db):
    result = headcount(first_year=2010, last_year=2012)
    assert all(r.values["2010.11"] is None and r.values["2011.12"] is None for r in result.rows)
    assert "2010.11 and 2011.12 are before the first returns." in result.notes


def test_export_command_prints_the_foi_table_as_csv(foi_world, db):
    out, err = StringIO(), StringIO()
    call_command(
        "export_headcount", "--from", "2012-13", "--to", "2014-15", "--format", "csv",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert out.getvalue() == EXPECTED_CSV
    assert "2014.15 covers April 2014 to February 2015 (11 months)" in err.getvalue()


@pytest.mark.parametrize("file_format", ["json", "xlsx", "ods", "csv"])
def test_export_command_files_hold_the_same_numbers(file_format, foi_world, db, tmp_path):
    path = tmp_path / f"headcount.{file_format}"
    call_command(
        "export_headcount", "--from", "2012-13", "--to", "2014-15", "--format", file_format,
        "--output", str(path), stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    content = path.read_bytes()
    if file_format == "json":
        data = json.loads(content)
        assert data["years"] == YEARS
        rows = [(r["adviser_type"], *(r["values"][y] for y in YEARS)) for r in data["rows"]]
    elif file_format == "xlsx":
        rows = _xlsx_rows(content)
    elif file_format == "ods":
        rows = _ods_rows(content)
    else:
        assert content.decode() == EXPECTED_CSV
        rows = _csv_rows(content.decode())
    assert rows == FOI_VTR_1150


def test_api_as_analyst_returns_the_foi_table(analyst1):
    response = api_as(analyst1).get("/api/reports/headcount/", FOI_QUERY | {"format": "json"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"years", "rows", "notes"}
    assert data["years"] == YEARS
    assert [set(r) for r in data["rows"]] == [{"adviser_type", "values"}] * len(FOI_VTR_1150)
    rows = [(r["adviser_type"], *(r["values"][y] for y in YEARS)) for r in data["rows"]]
    assert rows == FOI_VTR_1150
    assert "2014.15 covers April 2014 to February 2015 (11 months)." in data["notes"]
    assert any("not available before April 2012" in note for note in data["notes"])


def test_api_files_hold_the_same_numbers(analyst1):
    client = api_as(analyst1)
    csv_response = client.get("/api/reports/headcount/", FOI_QUERY | {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert _content(csv_response).decode() == EXPECTED_CSV
    xlsx = client.get("/api/reports/headcount/", FOI_QUERY | {"format": "xlsx"})
    assert _xlsx_rows(_content(xlsx)) == FOI_VTR_1150
    ods = client.get("/api/reports/headcount/", FOI_QUERY | {"format": "ods"})
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert _ods_rows(_content(ods)) == FOI_VTR_1150


def test_page_downloads_hold_the_same_numbers(browser):
    url = reverse("reports:headcount_download")
    csv_response = browser.get(url, PAGE_QUERY | {"format": "csv"})
    assert csv_response.streaming
    assert "fte-headcount-2012-13-to-2014-15.csv" in csv_response["Content-Disposition"]
    assert _content(csv_response).decode() == EXPECTED_CSV
    assert _xlsx_rows(_content(browser.get(url, PAGE_QUERY | {"format": "xlsx"}))) == FOI_VTR_1150
    assert _ods_rows(_content(browser.get(url, PAGE_QUERY | {"format": "ods"}))) == FOI_VTR_1150
    json_response = browser.get(url, PAGE_QUERY | {"format": "json"})
    assert json_response.streaming
    data = json.loads(_content(json_response))
    assert [(r["adviser_type"], *r["values"].values()) for r in data["rows"]] == FOI_VTR_1150


def test_page_shows_the_table_with_separators_and_hidden_blanks(browser):
    response = browser.get(reverse("reports:headcount"), PAGE_QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    table_html = html[html.index("<table") : html.index("</table>")]
    for name, *_ in FOI_VTR_1150:
        assert f'<th scope="row" class="govuk-table__header">{name}</th>' in table_html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">7,793</td>' in table_html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1,232</td>' in table_html
    blanks = sum(v is None for _, *values in FOI_VTR_1150 for v in values)
    assert table_html.count('<span class="govuk-visually-hidden">no returns</span>') == blanks
    assert ">0</td>" not in table_html
    assert "2014.15 covers April 2014 to February 2015 (11 months)." in html
    assert 'id="headcount-chart"' in html


def test_headcount_page_queries_are_pinned(browser, django_assert_num_queries):
    url = reverse("reports:headcount")
    browser.get(url, PAGE_QUERY)  # warm up: the session is read and saved once
    # session, user and roles, year span, adviser types, districts, jobcentres, headcount
    chosen = [
        str(pk)
        for pk in AdviserType.objects.filter(position__in=[1, 10]).values_list("pk", flat=True)
    ]
    with django_assert_num_queries(7):
        response = browser.get(url, PAGE_QUERY | {"adviser_types": chosen})
    assert response.status_code == 200


def _texts_of(content: bytes, content_type: str) -> str:
    """The text in a response: spreadsheets are zip files of XML, so look inside them."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8")


def test_no_output_gives_an_analyst_a_name_or_a_nino(browser, analyst1, tmp_path):
    people = Staff.objects.exclude(pk=analyst1.pk)  # a page may greet the viewer by name
    names = list(people.values_list("username", "first_name", "last_name"))
    assert len(names) >= 40
    words = {w for person in names for w in person if w}
    claimants = list(Claimant.objects.values_list("surname", "forenames", "nino"))
    assert len(claimants) >= 100
    words |= {w for surname, forenames, _ in claimants for w in (surname, *forenames.split())}
    # Places are named after streets and towns, some of which are people's names too
    # ("Stirling Wallace Street"): a word of a published place name is not a person's.
    places = [
        *District.objects.values_list("name", flat=True),
        *Jobcentre.objects.values_list("name", flat=True),
        *AdviserType.objects.values_list("name", flat=True),
    ]
    words -= {w for place in places for w in re.split(r"[\s,()/]+", place)}
    words -= {analyst1.first_name, analyst1.last_name}  # the viewer's own, as above
    ninos = {nino for *_, nino in claimants}
    ninos |= {nino_display(nino) for nino in ninos}  # AB 12 34 56 C as well as AB123456C
    outputs: dict[str, str] = {}

    everything = {"year_from": "2010", "year_to": str(last_complete_month().year)}
    pages = {
        "index": (reverse("reports:index"), {}),
        "headcount": (reverse("reports:headcount"), everything),
        "headcount default": (reverse("reports:headcount"), {}),
        "returns": (reverse("reports:returns"), {}),
        "import": (reverse("reports:returns_import"), {}),
        "home": (reverse("home"), {}),
    }
    for level in ACTIVITY_LEVELS:
        pages[f"activity by {level}"] = (reverse("reports:activity"), {"level": level})
    for label, (url, query) in pages.items():
        response = browser.get(url, query)
        assert response.status_code == 200, label
        outputs[label] = response.content.decode()
    for file_format in ("csv", "xlsx", "ods", "json"):
        response = browser.get(
            reverse("reports:headcount_download"), everything | {"format": file_format}
        )
        outputs[f"download {file_format}"] = _texts_of(_content(response), response["Content-Type"])
        response = api_as(analyst1).get("/api/reports/headcount/", {"format": file_format})
        outputs[f"api {file_format}"] = _texts_of(_content(response), response["Content-Type"])
        path = tmp_path / f"all.{file_format}"
        call_command(
            "export_headcount", "--from", "2010-11", "--format", file_format, "--output",
            str(path), stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
        outputs[f"command {file_format}"] = _texts_of(path.read_bytes(), "")
        for level in ACTIVITY_LEVELS:
            query = {"level": level, "format": file_format}
            response = browser.get(reverse("reports:activity_download"), query)
            assert response.status_code == 200
            outputs[f"activity download {file_format} by {level}"] = _texts_of(
                _content(response), response["Content-Type"]
            )
        # The API serves the same files as the page downloads; ask it at the finest level.
        query = {"level": "dea", "format": file_format}
        response = api_as(analyst1).get("/api/reports/activity/", query)
        assert response.status_code == 200
        outputs[f"activity api {file_format}"] = _texts_of(
            _content(response), response["Content-Type"]
        )
    outputs["activity rows"] = _content(browser.get(reverse("reports:activity_rows"))).decode()
    response = api_as(analyst1).get("/api/reports/activity-rows/")
    outputs["activity rows api"] = _content(response).decode()
    # A bad upload's error report must not repeat a person's name either.
    bad = b"staff_number,adviser_type,jobcentre,fte\nHelen Marsden,Work Coach,Nowhere,2\n"
    upload = io.BytesIO(bad)
    upload.name = "returns.csv"
    response = browser.post(reverse("reports:returns_import"), {"month": "2015-03", "file": upload})
    outputs["import errors"] = response.content.decode()
    assert "Nothing was loaded" in outputs["import errors"]

    # Register staff really are in the returns the report sums (from the snapshot), and the
    # demo's requests and activities in the activity figures and lines.
    assert "Work Coach" in outputs["api json"]
    activity = json.loads(outputs["activity download json by national"])
    requests = next(t for t in activity["tables"] if t["key"] == "requests_by_kind")
    assert sum(row["values"]["total"] for row in requests["rows"]) > 0
    assert outputs["activity rows"].count("\n") > 1
    for label, text in outputs.items():
        text = unescape(text)  # so that "O&#x27;Brien" on a page is read as O'Brien
        found = sorted(w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))
        assert not found, f"{label} shows {found}"
        assert not NINO.search(text), f"{label} shows a National Insurance number"
        shown = sorted(n for n in ninos if n in text)
        assert not shown, f"{label} shows {shown}"
