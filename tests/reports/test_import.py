"""Loading a month of FTE returns from CSV: all or nothing, named errors, replacing a month."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reports.models import FteImport, FteMonthTotal, FteReturn
from reports.services import FteReturnsInvalid, fte_returns_import
from tests.factories import JobcentreFactory, StaffFactory
from tests.reports.factories import adviser_type, returns_csv

pytestmark = pytest.mark.django_db

DEA = "Disability Employment Adviser"
COACH = "Work Coach"
MARCH_2015 = dt.date(2015, 3, 1)


@pytest.fixture
def jobcentre():
    adviser_type(DEA)
    adviser_type(COACH)
    return JobcentreFactory(name="Falkirk Callendar Square")


@pytest.fixture
def analyst():
    return StaffFactory(analyst=True)


def _load(actor, rows, month=MARCH_2015, **kwargs):
    return fte_returns_import(
        actor=actor, month=month, file=io.BytesIO(returns_csv(rows, **kwargs)), file_name="r.csv"
    )


def _good_rows(jobcentre, count=5):
    return [(f"S{n:05d}", DEA, jobcentre.name, "1") for n in range(count)]


def test_a_good_file_loads_every_row(analyst, jobcentre):
    rows = [*_good_rows(jobcentre, 3), ("S9", COACH, jobcentre.name, "0.6")]
    batch = _load(analyst, rows)
    assert batch.row_count == 4
    assert batch.total_fte == Decimal("3.600")
    assert batch.source == FteImport.Source.UPLOAD
    assert batch.imported_by == analyst
    assert batch.file_name == "r.csv"
    assert FteReturn.objects.filter(batch=batch, month=MARCH_2015).count() == 4
    totals = dict(FteMonthTotal.objects.values_list("adviser_type__name", "total_fte"))
    assert totals == {DEA: Decimal("3.000"), COACH: Decimal("0.600")}


def test_one_bad_row_loads_nothing_and_names_the_row_and_field(analyst, jobcentre):
    rows = _good_rows(jobcentre)
    rows[2] = ("S00002", DEA, jobcentre.name, "1.5")  # the file's row 4 (the header is row 1)
    with pytest.raises(FteReturnsInvalid) as caught:
        _load(analyst, rows)
    assert [(e.row, e.field) for e in caught.value.errors] == [(4, "fte")]
    assert str(caught.value.errors[0]) == "Row 4, fte: The FTE must be more than 0 and at most 1."
    assert not FteReturn.objects.exists()
    assert not FteImport.objects.exists()


def test_every_bad_row_and_field_is_named(analyst, jobcentre):
    rows = [
        ("S1", DEA, jobcentre.name, "1"),
        ("", DEA, jobcentre.name, "1"),  # row 3
        ("S3", "Disability employment adviser", jobcentre.name, "1"),  # row 4: not exact
        ("S4", DEA, "Nowhere Jobcentre", "0"),  # row 5: two problems
        ("S5", COACH, jobcentre.name, "one"),  # row 6
        ("S6", COACH, jobcentre.name, "0.1234"),  # row 7
        ("S1", DEA, jobcentre.name, "0.5"),  # row 8: S1 is a DEA on row 2 already
        ("Jane Smith", COACH, jobcentre.name, "1"),  # row 9: a name, not a number
    ]
    with pytest.raises(FteReturnsInvalid) as caught:
        _load(analyst, rows)
    assert [(e.row, e.field) for e in caught.value.errors] == [
        (3, "staff_number"),
        (4, "adviser_type"),
        (5, "jobcentre"),
        (5, "fte"),
        (6, "fte"),
        (7, "fte"),
        (8, "staff_number"),
        (9, "staff_number"),
    ]
    assert "Row 2 already" in caught.value.errors[6].message
    assert "Jane Smith" not in " ".join(str(e) for e in caught.value.errors)
    assert not FteReturn.objects.exists()


def test_a_missing_column_is_named_on_the_header_row(analyst, jobcentre):
    with pytest.raises(FteReturnsInvalid) as caught:
        _load(
            analyst,
            [("S1", DEA, jobcentre.name)],
            header=("staff_number", "adviser_type", "jobcentre"),
        )
    assert [(e.row, e.field) for e in caught.value.errors] == [(1, "fte")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"staff_number,adviser_type,jobcentre,fte\n", "The file has a header row but no returns."),
        (b"staff_number,adviser_type,jobcentre,fte\nS1,\xff\xfe,x,1\n", "not UTF-8"),
    ],
)
def test_empty_and_unreadable_files_are_refused(analyst, jobcentre, content, message):
    with pytest.raises(FteReturnsInvalid) as caught:
        fte_returns_import(actor=analyst, month=MARCH_2015, file=io.BytesIO(content))
    assert message in caught.value.errors[0].message
    assert caught.value.errors[0].field == "file"


def test_headings_may_vary_in_case_and_a_bom_and_blank_lines_are_fine(analyst, jobcentre):
    content = (
        "\ufeffStaff Number,Adviser Type,Jobcentre,FTE\r\n"
        f"S1,{DEA},{jobcentre.name},1\r\n\r\n"
        f"S2,{DEA},{jobcentre.name},.5\r\n"
    ).encode()
    batch = fte_returns_import(actor=analyst, month=MARCH_2015, file=io.BytesIO(content))
    assert (batch.row_count, batch.total_fte) == (2, Decimal("1.500"))


def test_loading_a_month_again_replaces_it(analyst, jobcentre):
    first = _load(analyst, _good_rows(jobcentre, 5))
    other_month = _load(analyst, _good_rows(jobcentre, 2), month=dt.date(2015, 2, 1))
    second = _load(analyst, [("T1", COACH, jobcentre.name, "0.5")])
    first.refresh_from_db()
    assert first.replaced_at is not None
    assert second.replaced_at is None
    assert second.replaced_row_count == 5
    march = FteReturn.objects.filter(month=MARCH_2015)
    assert list(march.values_list("staff_reference", "fte")) == [("T1", Decimal("0.500"))]
    assert FteMonthTotal.objects.filter(month=MARCH_2015).count() == 1
    # Another month is untouched.
    assert FteReturn.objects.filter(batch=other_month).count() == 2


def test_a_bad_file_leaves_the_month_as_it_was(analyst, jobcentre):
    first = _load(analyst, _good_rows(jobcentre, 5))
    with pytest.raises(FteReturnsInvalid):
        _load(analyst, [("T1", COACH, jobcentre.name, "2")])
    first.refresh_from_db()
    assert first.replaced_at is None
    assert FteReturn.objects.filter(month=MARCH_2015).count() == 5


def test_register_usernames_link_returns_to_staff(analyst, jobcentre):
    coach = StaffFactory(username="coach99", work_coach=True)
    batch = _load(
        analyst, [("coach99", COACH, jobcentre.name, "1"), ("X1", DEA, jobcentre.name, "1")]
    )
    linked = dict(FteReturn.objects.filter(batch=batch).values_list("staff_reference", "staff"))
    assert linked == {"coach99": coach.pk, "X1": None}


def test_only_analysts_and_administrators_may_load(jobcentre):
    with pytest.raises(PermissionDenied):
        _load(StaffFactory(work_coach=True), _good_rows(jobcentre))
    assert _load(StaffFactory(administrator=True), _good_rows(jobcentre)).row_count == 5


def test_a_future_month_cannot_be_loaded(analyst, jobcentre):
    with pytest.raises(ValueError):
        _load(analyst, _good_rows(jobcentre), month=dt.date(2999, 1, 1))


def _upload(content: bytes):
    upload = io.BytesIO(content)
    upload.name = "returns.csv"
    return upload


def test_the_import_page_lists_every_bad_row(client, analyst, jobcentre):
    client.force_login(analyst)
    rows = [*_good_rows(jobcentre, 3), ("S9", DEA, jobcentre.name, "-1")]
    response = client.post(
        reverse("reports:returns_import"),
        {"month": "2015-03", "file": _upload(returns_csv(rows))},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was loaded: the file has 1 problem" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in html
    assert '<td class="govuk-table__cell">fte</td>' in html
    assert response.context["has_errors"]
    assert not FteReturn.objects.exists()


def test_the_import_page_confirms_with_counts(client, analyst, jobcentre):
    client.force_login(analyst)
    _load(analyst, _good_rows(jobcentre, 2))
    response = client.post(
        reverse("reports:returns_import"),
        {"month": "2015-03", "file": _upload(returns_csv(_good_rows(jobcentre, 4)))},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("reports:returns")
    html = response.content.decode()
    assert "Returns for March 2015 loaded: 4 returns, 4.000 FTE." in html
    assert "They replace the 2 returns loaded before." in html
    assert "Replaced" in html and "Current" in html


def test_the_import_page_checks_the_month(client, analyst, jobcentre):
    client.force_login(analyst)
    response = client.post(
        reverse("reports:returns_import"),
        {"month": "March", "file": _upload(returns_csv(_good_rows(jobcentre)))},
    )
    assert "Enter the month as a year and month" in response.content.decode()
    assert not FteImport.objects.exists()
