"""Report files: CSV, JSON, XLSX and ODS writers, and the headcount table in each of them.

The spreadsheet writers take a list of ``Sheet`` (a title and rows) so that every report
uses them; the rest of this module is the headcount's grid.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


def csv_rows(rows: Iterable[list]) -> Iterator[str]:
    """CSV lines (RFC 4180: CRLF line ends); blanks are empty fields, numbers have no commas."""
    writer = csv.writer(_Line())
    for values in rows:
        yield writer.writerow(["" if v is None else v for v in values])


def csv_lines(hc: Headcount) -> Iterator[str]:
    return csv_rows(grid(hc))


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


@dataclass
class Sheet:
    """One tab of a spreadsheet: a heading row and then data rows.

    In a table (``plain`` false) the heading row and the first column are bold and numbers
    get thousands separators (one decimal place for fractions); a plain sheet (the notes) is
    text in one wide column.
    """

    title: str
    rows: Iterable[list]
    columns: int = 1
    first_width_chars: int = 60
    plain: bool = False


def _headcount_sheets(hc: Headcount) -> list[Sheet]:
    return [
        Sheet(SHEET_TITLE, grid(hc), columns=len(hc.years) + 1),
        Sheet(NOTES_TITLE, ([note] for note in hc.notes), first_width_chars=120, plain=True),
    ]


def write_sheets_xlsx(sheets: Iterable[Sheet], out: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title)
        sheet.column_dimensions["A"].width = spec.first_width_chars
        for index, values in enumerate(spec.rows):
            if spec.plain:
                sheet.append(values)
                continue
            cells = []
            for position, value in enumerate(values):
                cell = WriteOnlyCell(sheet, value=value)
                if index == 0 or position == 0:
                    cell.font = bold
                elif isinstance(value, float):
                    cell.number_format = "#,##0.0"
                elif value is not None:
                    cell.number_format = "#,##0"
                cells.append(cell)
            sheet.append(cells)
    workbook.save(out)


def write_sheets_ods(sheets: Iterable[Sheet], out: IO[bytes]) -> None:
    from odf import number, style, table
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()
    thousands = number.NumberStyle(name="thousands")
    thousands.addElement(number.Number(decimalplaces=0, minintegerdigits=1, grouping="true"))
    tenths = number.NumberStyle(name="tenths")
    tenths.addElement(number.Number(decimalplaces=1, minintegerdigits=1, grouping="true"))
    document.styles.addElement(thousands)
    document.styles.addElement(tenths)
    figure = style.Style(name="figure", family="table-cell", datastylename="thousands")
    fraction = style.Style(name="fraction", family="table-cell", datastylename="tenths")
    heading = style.Style(name="heading", family="table-cell")
    heading.addElement(style.TextProperties(fontweight="bold"))
    for item in (figure, fraction, heading):
        document.automaticstyles.addElement(item)
    styles = {"figure": figure, "fraction": fraction, "heading": heading}
    widths: dict[int, style.Style] = {}

    for spec in sheets:
        if spec.first_width_chars not in widths:
            wide = style.Style(name=f"wide{spec.first_width_chars}", family="table-column")
            # About a fifth of a centimetre a character, as 60 characters made 12 cm before.
            wide.addElement(
                style.TableColumnProperties(columnwidth=f"{spec.first_width_chars / 5:g}cm")
            )
            document.automaticstyles.addElement(wide)
            widths[spec.first_width_chars] = wide
        sheet = table.Table(name=spec.title)
        if not spec.plain:
            sheet.addElement(table.TableColumn(stylename=widths[spec.first_width_chars]))
            sheet.addElement(table.TableColumn(numbercolumnsrepeated=max(spec.columns - 1, 1)))
        for index, values in enumerate(spec.rows):
            row = table.TableRow()
            for position, value in enumerate(values):
                bold = not spec.plain and (index == 0 or position == 0)
                row.addElement(_ods_cell(value, styles, bold=bold, plain=spec.plain))
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
    document.write(out)


def _ods_cell(value, styles: dict, *, bold: bool, plain: bool):
    from odf import table, text

    if value is None:
        return table.TableCell()
    if isinstance(value, bool) or not isinstance(value, int | float) or plain:
        cell = table.TableCell(valuetype="string", stylename=styles["heading"] if bold else None)
        cell.addElement(text.P(text=str(value)))
        return cell
    if isinstance(value, float):
        cell = table.TableCell(valuetype="float", value=value, stylename=styles["fraction"])
        cell.addElement(text.P(text=f"{value:,.1f}"))
        return cell
    cell = table.TableCell(valuetype="float", value=value, stylename=styles["figure"])
    cell.addElement(text.P(text=f"{value:,}"))
    return cell


def write_xlsx(hc: Headcount, out: IO[bytes]) -> None:
    write_sheets_xlsx(_headcount_sheets(hc), out)


def write_ods(hc: Headcount, out: IO[bytes]) -> None:
    write_sheets_ods(_headcount_sheets(hc), out)


def encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8")


def streamed_response(chunks: Iterable[str], file_format: str, name: str, *, attachment=True):
    """A CSV or JSON download sent as it is written."""
    response = StreamingHttpResponse(encoded(chunks), content_type=FORMATS[file_format])
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def sheets_response(sheets: Iterable[Sheet], file_format: str, name: str):
    """An XLSX or ODS download, written to a temporary file that spills to disk when large."""
    # FileResponse closes the file once it is sent, so no context manager here.
    out = tempfile.SpooledTemporaryFile(max_size=_SPILL_TO_DISK)  # noqa: SIM115
    (write_sheets_xlsx if file_format == "xlsx" else write_sheets_ods)(sheets, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=FORMATS[file_format])


def headcount_response(hc: Headcount, file_format: str, *, attachment: bool = True):
    """A download of the table in ``file_format`` (one of FORMATS)."""
    name = file_name(hc, file_format)
    if file_format in ("csv", "json"):
        chunks = csv_lines(hc) if file_format == "csv" else json_chunks(hc)
        return streamed_response(chunks, file_format, name, attachment=attachment)
    return sheets_response(_headcount_sheets(hc), file_format, name)
