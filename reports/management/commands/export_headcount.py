"""``manage.py export_headcount --from 2012-13 --to 2014-15 --format csv``: the FTE headcount
table, the same as the report page and the API give.

CSV and JSON go to standard output unless ``--output`` names a file; XLSX and ODS need
``--output``. The notes go to standard error, so the CSV on standard output stays clean.
The years are read, and default, as the page's filter form reads them.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.exports import FORMATS, as_dict, csv_lines, write_ods, write_xlsx
from reports.forms import HeadcountFilterForm
from reports.selectors import default_years, headcount

#: The command's option for each field of the headcount's filter form.
OPTIONS = {"year_from": "--from", "year_to": "--to"}


class Command(BaseCommand):
    help = "Write the FTE headcount by adviser type and financial year as CSV, JSON, XLSX or ODS."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", metavar="YEAR", help="e.g. 2012-13")
        parser.add_argument("--to", dest="last", metavar="YEAR", help="e.g. 2014-15")
        parser.add_argument("--format", dest="file_format", choices=list(FORMATS), default="csv")
        parser.add_argument("--output", "-o", help="File to write (required for xlsx and ods).")

    def handle(self, *args, first, last, file_format, output, **options):
        form = HeadcountFilterForm(
            {"year_from": first or "", "year_to": last or ""}, years=default_years()
        )
        if not form.is_valid():
            raise CommandError(
                "; ".join(
                    f"{OPTIONS[field]}: {message}"
                    for field, messages in form.errors.items()
                    for message in messages
                )
            )
        if file_format in ("xlsx", "ods") and not output:
            raise CommandError(f"--format {file_format} writes a file: give it with --output")
        result = headcount(**form.filters())

        if output:
            path = Path(output)
            if file_format in ("xlsx", "ods"):
                with path.open("wb") as out:
                    (write_xlsx if file_format == "xlsx" else write_ods)(result, out)
            else:
                with path.open("w", encoding="utf-8", newline="") as out:
                    self._write_text(result, file_format, out)
            self.stderr.write(f"Wrote {path}")
        else:
            self._write_text(result, file_format, self.stdout)
        if file_format == "csv":
            for number, note in enumerate(result.notes, start=1):
                self.stderr.write(f"Note {number}: {note}")

    def _write_text(self, result, file_format, out) -> None:
        if file_format == "json":
            out.write(json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n")
            return
        # OutputWrapper (stdout) would add a newline of its own to each line.
        extra = {"ending": ""} if out is self.stdout else {}
        for line in csv_lines(result):
            out.write(line, **extra)
