"""The headcount table as files: CSV, JSON, XLSX and ODS, each with the same figures.

Every format holds the same grid: the first column is the adviser type, then one column per
financial year labelled as the FOI labels it (``2012.13``); a year with no returns for the type
is an empty cell (``null`` in JSON), never 0. JSON and the spreadsheets carry the notes too
(the spreadsheets on a second sheet, so the first stays a plain grid).

CSV and JSON are generated piece by piece, so a download streams in constant memory whatever
its size. XLSX is written by openpyxl in write-only mode and ODS by odfpy, both into a
temporary file that spills to disk past a few megabytes.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from typing import IO

from django.http import FileResponse, StreamingHttpResponse

from reports.selectors import Headcount

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FIRST_HEADING = "Adviser type"
SHEET_TITLE = "FTE headcount"
NOTES_TITLE = "Notes"
_SPILL_TO_DISK = 8 * 1024 * 1024


def file_name(hc: Headcount, file_format: str) -> str:
    first, last = hc.years[0].slug, hc.years[-1].slug
    span = first if first == last else f"{first}-to-{last}"
    return f"fte-headcount-{span}.{file_format}"


def grid(hc: Headcount) -> Iterator[list]:
    """The header row, then one row per adviser type; None where there were no returns."""
    yield [FIRST_HEADING, *hc.year_labels]
    for row in hc.rows:
        yield [row.adviser_type, *(row.values[label] for label in hc.year_labels)]


class _Line:
    """A file-like object that hands back what csv.writer writes, instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(hc: Headcount) -> Iterator[str]:
    """CSV lines (RFC 4180: CRLF line ends); blanks are empty fields, numbers have no commas."""
    writer = csv.writer(_Line())
    for values in grid(hc):
        yield writer.writerow(["" if v is None else v for v in values])


def csv_text(hc: Headcount) -> str:
    return "".join(csv_lines(hc))


def as_dict(hc: Headcount) -> dict:
    """The shape API.md fixes: years, rows of {adviser_type, values {year: int | null}}, notes."""
    return {
        "years": hc.year_labels,
        "rows": [{"adviser_type": r.adviser_type, "values": r.values} for r in hc.rows],
        "notes": hc.notes,
    }


def json_chunks(hc: Headcount) -> Iterator[str]:
    """The same document as ``as_dict``, written one row at a time."""
    yield '{"years": ' + json.dumps(hc.year_labels) + ', "rows": ['
    for index, row in enumerate(hc.rows):
        item = json.dumps({"adviser_type": row.adviser_type, "values": row.values})
        yield item if index == 0 else ", " + item
    yield '], "notes": ' + json.dumps(hc.notes) + "}"


def write_xlsx(hc: Headcount, out: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.column_dimensions["A"].width = 60
    bold = Font(bold=True)
    for index, values in enumerate(grid(hc)):
        cells = []
        for position, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=value)
            if index == 0 or position == 0:
                cell.font = bold
            elif value is not None:
                cell.number_format = "#,##0"
            cells.append(cell)
        sheet.append(cells)
    notes = workbook.create_sheet(NOTES_TITLE)
    notes.column_dimensions["A"].width = 120
    for note in hc.notes:
        notes.append([note])
    workbook.save(out)


def write_ods(hc: Headcount, out: IO[bytes]) -> None:
    from odf import number, style, table, text
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()
    thousands = number.NumberStyle(name="thousands")
    thousands.addElement(number.Number(decimalplaces=0, minintegerdigits=1, grouping="true"))
    document.styles.addElement(thousands)
    figure = style.Style(name="figure", family="table-cell", datastylename="thousands")
    heading = style.Style(name="heading", family="table-cell")
    heading.addElement(style.TextProperties(fontweight="bold"))
    wide = style.Style(name="wide", family="table-column")
    wide.addElement(style.TableColumnProperties(columnwidth="12cm"))
    for item in (figure, heading, wide):
        document.automaticstyles.addElement(item)

    sheet = table.Table(name=SHEET_TITLE)
    sheet.addElement(table.TableColumn(stylename=wide))
    sheet.addElement(table.TableColumn(numbercolumnsrepeated=max(len(hc.years), 1)))
    for index, values in enumerate(grid(hc)):
        row = table.TableRow()
        for position, value in enumerate(values):
            if value is None:
                cell = table.TableCell()
            elif isinstance(value, int):
                cell = table.TableCell(valuetype="float", value=value, stylename=figure)
                cell.addElement(text.P(text=f"{value:,}"))
            else:
                bold = index == 0 or position == 0
                cell = table.TableCell(valuetype="string", stylename=heading if bold else None)
                cell.addElement(text.P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)

    notes = table.Table(name=NOTES_TITLE)
    for note in hc.notes:
        row = table.TableRow()
        cell = table.TableCell(valuetype="string")
        cell.addElement(text.P(text=note))
        row.addElement(cell)
        notes.addElement(row)
    document.spreadsheet.addElement(notes)
    document.write(out)


def _encoded(chunks: Iterator[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8")


def headcount_response(hc: Headcount, file_format: str, *, attachment: bool = True):
    """A download of the table in ``file_format`` (one of FORMATS)."""
    name = file_name(hc, file_format)
    if file_format in ("csv", "json"):
        chunks = csv_lines(hc) if file_format == "csv" else json_chunks(hc)
        response = StreamingHttpResponse(_encoded(chunks), content_type=FORMATS[file_format])
        if attachment:
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # FileResponse closes the file once it is sent, so no context manager here.
    out = tempfile.SpooledTemporaryFile(max_size=_SPILL_TO_DISK)  # noqa: SIM115
    (write_xlsx if file_format == "xlsx" else write_ods)(hc, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=FORMATS[file_format])
