"""The DEA activity and compliance report as files: CSV, JSON, XLSX and ODS.

- CSV is one long table, a line per figure: table, level, area, month, figure and value, so
  that every table of the report fits one file and loads straight into analysis tools.
- XLSX and ODS have a tab per table (area, month, then one column per figure) and a tab of
  notes.
- JSON has the tables with their columns, rows and notes (the API's answer).

Withheld figures are ``[c]`` in every format; a figure that does not apply is empty (null in
JSON). The writers are those of ``reports.exports``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from jomcase.months import month_code, month_name
from reports.activity.figures import ActivityFigures, FigureRow
from reports.activity.scope import LEVELS
from reports.exports import (
    NOTES_TITLE,
    Sheet,
    csv_rows,
    sheets_response,
    streamed_response,
)

CSV_HEADING = ["Table", "Level", "Area", "Month", "Figure", "Value"]
TOTAL_LEVEL = "Total"


def file_name(figures: ActivityFigures, file_format: str) -> str:
    scope = figures.scope
    span = month_code(scope.first)
    if scope.last != scope.first:
        span += f"-to-{month_code(scope.last)}"
    return f"dea-activity-{span}-by-{scope.level}.{file_format}"


def _level(figures: ActivityFigures, row: FigureRow) -> str:
    return TOTAL_LEVEL if row.is_total else LEVELS[figures.scope.level]


def long_rows(figures: ActivityFigures) -> Iterator[list]:
    """The heading, then one line per figure of every row of every table."""
    yield CSV_HEADING
    for section in figures.sections:
        for row in section.rows:
            level, month = _level(figures, row), month_code(row.month)
            for column in section.measure.columns:
                value = row.values[column.key]
                yield [section.measure.title, level, row.area, month, column.label, value]


def csv_lines(figures: ActivityFigures) -> Iterator[str]:
    return csv_rows(long_rows(figures))


def as_dict(figures: ActivityFigures) -> dict:
    scope = figures.scope
    return {
        "from": month_code(scope.first),
        "to": month_code(scope.last),
        "level": scope.level,
        "district": scope.district.pk if scope.district else None,
        "months": [month_code(m) for m in scope.months],
        "tables": [
            {
                "key": section.key,
                "title": section.measure.title,
                "columns": [
                    {"key": c.key, "label": c.label, "type": c.kind}
                    for c in section.measure.columns
                ],
                "rows": [
                    {
                        "area": row.area,
                        "total": row.is_total,
                        "month": month_code(row.month),
                        "values": row.values,
                    }
                    for row in section.rows
                ],
                "notes": list(section.measure.notes),
            }
            for section in figures.sections
        ],
        "notes": figures.notes,
    }


def sheets(figures: ActivityFigures) -> list[Sheet]:
    out = []
    for section in figures.sections:
        columns = section.measure.columns
        rows = [["Area", "Month", *(c.label for c in columns)]]
        rows += [
            [row.area, month_name(row.month), *(row.values[c.key] for c in columns)]
            for row in section.rows
        ]
        out.append(
            Sheet(section.measure.sheet, rows, columns=len(columns) + 2, first_width_chars=40)
        )
    notes = [[note] for note in figures.notes]
    for section in figures.sections:
        notes += [[f"{section.measure.title}: {note}"] for note in section.measure.notes]
    out.append(Sheet(NOTES_TITLE, notes, first_width_chars=120, plain=True))
    return out


def figures_response(figures: ActivityFigures, file_format: str):
    """The report as a download in ``file_format``: csv, json, xlsx or ods."""
    name = file_name(figures, file_format)
    if file_format == "csv":
        return streamed_response(csv_lines(figures), "csv", name)
    if file_format == "json":
        return streamed_response([json.dumps(as_dict(figures))], "json", name)
    return sheets_response(sheets(figures), file_format, name)
