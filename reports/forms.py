"""Forms for the report pages: the headcount's and the activity report's filters, and the FTE
returns upload.

The two filter forms are the one place the filters' rules live: what each value may be, the
defaults, and which values go together. The pages, their downloads, the API (which names some
parameters differently, see ``reports.api``) and ``manage.py export_headcount`` all use them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils import timezone

from jomcase.months import (
    add_months,
    first_of_month,
    month_code,
    month_name,
    months_between,
    parse_month,
)
from reports import selectors
from reports.activity import LEVELS, MAX_MONTHS, Scope, default_months
from reports.activity.rows import NATIONAL_ONLY
from reports.years import FinancialYear, parse_report_month, years_or_default

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


def _choose(values: Sequence[str]) -> str:
    """``Choose csv, xlsx or ods``."""
    *others, last = values
    return f"Choose {', '.join(others)} or {last}" if others else f"Choose {last}"


def _parsed(value, parse):
    """``value`` parsed, or None when it is blank or does not parse (its field then says why)."""
    if not value:
        return None
    try:
        return parse(value)
    except ValueError:
        return None


def _span_data(data, names: tuple[str, str], *, parse, resolve, write):
    """A copy of the query with the span's two ends written as the lists write them, so the
    page shows what the report covers: an end missing takes its default from ``resolve``, an
    end that parses is rewritten, and one that does not is left for its field to refuse.
    Returns the copy and the span."""
    raw = [data.get(name) for name in names]
    asked = [_parsed(value, parse) for value in raw]
    span = resolve(*asked)
    data = data.copy()
    for name, value, given, end in zip(names, raw, asked, span, strict=True):
        if given is not None or not value:
            data[name] = write(end)
    return data, span


def _with_defaults(data, defaults: dict[str, str]):
    """``data`` (a copy already) with each value missing or blank given its default."""
    for name, value in defaults.items():
        if not data.get(name):
            data[name] = value
    return data


class ParsedChoiceField(forms.ChoiceField):
    """A list of the usual values that takes any value ``parse`` accepts, so that an address
    written by hand or an API client may ask for one the list leaves out; the ValueError of
    ``parse`` is the error message."""

    def __init__(self, *, parse, **kwargs):
        super().__init__(**kwargs)
        self.parse = parse

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.parse(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None

    def validate(self, value):
        forms.Field.validate(self, value)  # what parses is valid, whether listed or not


class _IdsField(forms.TypedMultipleChoiceField):
    """Ids ticked in a list; a blank one (``?adviser_type=``) is no choice rather than a bad one."""

    def to_python(self, value):
        return [v for v in super().to_python(value) if v != ""]


def _format_field(formats: Sequence[str]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Format",
        choices=[(f, f) for f in formats],
        error_messages={"invalid_choice": _choose(formats)},
    )


class HeadcountFilterForm(forms.Form):
    """The headcount's filters, sent by GET. An empty filter means all; a year left out is
    filled in as ``years_or_default`` says from ``years``, the span with returns.

    Choices come from ``options`` (adviser types, districts and jobcentres, read once by
    ``selectors.filter_options``), and cleaning maps the chosen ids back to those objects, so
    the form itself asks the database nothing. With ``formats`` it also takes the ``format``
    of a download, the first of them by default.
    """

    year_from = ParsedChoiceField(label="From", parse=FinancialYear.parse)
    year_to = ParsedChoiceField(label="To", parse=FinancialYear.parse)
    adviser_types = _IdsField(
        label="Adviser types",
        help_text="Leave them all unticked for every type with returns in those years.",
        widget=forms.CheckboxSelectMultiple,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "No adviser type has id %(value)s"},
    )
    district = forms.TypedChoiceField(
        label="District",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "No district has id %(value)s"},
    )
    jobcentre = forms.TypedChoiceField(
        label="Jobcentre",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "No jobcentre has id %(value)s"},
    )

    def __init__(
        self,
        data,
        *,
        years: tuple[FinancialYear, FinancialYear],
        options: dict | None = None,
        formats: Sequence[str] = (),
    ):
        data, (first, last) = _span_data(
            data,
            ("year_from", "year_to"),
            parse=FinancialYear.parse,
            resolve=lambda first, last: years_or_default(first, last, default=years),
            write=lambda year: str(year.start_year),
        )
        super().__init__(_with_defaults(data, {"format": formats[0]} if formats else {}))
        # Two years before the first returns, so "not available" can be seen for what it is,
        # and any year asked for outside that.
        earliest = min(years[0].start_year - 2, first.start_year)
        latest = max(years[1], FinancialYear.current(), last).start_year
        span = [(y, FinancialYear(y).label) for y in range(earliest, latest + 1)]
        self.fields["year_from"].choices = span
        self.fields["year_to"].choices = span
        options = options or {"adviser_types": [], "district": [], "jobcentre": []}
        self.options = {name: {o.pk: o for o in objects} for name, objects in options.items()}
        self.fields["adviser_types"].choices = [(o.pk, o.name) for o in options["adviser_types"]]
        for name in ("district", "jobcentre"):
            self.fields[name].choices = [("", "All"), *((o.pk, o.name) for o in options[name])]
        if formats:
            self.fields["format"] = _format_field(formats)

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and last < first:
            self.add_error("year_to", "Choose a year that is the same as or after the first")
        district = self.options["district"].get(data.get("district"))
        jobcentre = self.options["jobcentre"].get(data.get("jobcentre"))
        if district and jobcentre and jobcentre.district_id != district.pk:
            self.add_error("jobcentre", "Choose a jobcentre in the district you chose, or All")
        return data

    def filters(self) -> dict:
        """The selector's arguments; call after is_valid()."""
        data = self.cleaned_data
        types = [self.options["adviser_types"][pk] for pk in data["adviser_types"]]
        return {
            "first_year": data["year_from"],
            "last_year": data["year_to"],
            "adviser_types": types or None,
            "district": self.options["district"].get(data["district"]),
            "jobcentre": self.options["jobcentre"].get(data["jobcentre"]),
        }


def headcount_filter_form(data, *, formats: Sequence[str] = ()) -> HeadcountFilterForm:
    """The headcount's filters on ``data``, with the years and choices read now."""
    return HeadcountFilterForm(
        data, years=selectors.default_years(), options=selectors.filter_options(), formats=formats
    )


class FteImportForm(forms.Form):
    month = forms.CharField(
        label="Which month are the returns for?",
        help_text="Year and month, for example 2015-03. Loading a month again replaces it.",
        max_length=10,
    )
    file = forms.FileField(
        label="Returns file (CSV)",
        help_text=(
            "Columns: staff_number, adviser_type, jobcentre and fte, with a header row. One row "
            "per person and adviser type; adviser types and jobcentres spelt exactly as "
            "JOMCase spells them."
        ),
    )

    def clean_month(self):
        try:
            month = parse_month(self.cleaned_data["month"])
        except ValueError:
            raise forms.ValidationError(
                "Enter the month as a year and month, for example 2015-03"
            ) from None
        if month > first_of_month(timezone.localdate()):
            raise forms.ValidationError("The month cannot be in the future")
        return month

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 25 MB")
        return upload


class ActivityFilterForm(forms.Form):
    """The activity report's choices, sent by GET: months (at most ``MAX_MONTHS``; one left
    out is filled in as ``default_months`` says), level and (optionally) district.

    ``districts`` are read once by ``selectors.districts``; cleaning maps the chosen id back
    to one of them. With ``formats`` it also takes the ``format`` of a download, the first of
    them by default; ``national_only`` refuses a district (the activity lines, see
    ``reports.activity.rows``).
    """

    month_from = ParsedChoiceField(label="From", parse=parse_report_month)
    month_to = ParsedChoiceField(label="To", parse=parse_report_month)
    level = forms.ChoiceField(
        label="Break down by",
        choices=list(LEVELS.items()),
        error_messages={"invalid_choice": _choose(list(LEVELS))},
    )
    district = forms.TypedChoiceField(
        label="District",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "No district has id %(value)s"},
    )

    #: How far back the month lists go.
    MONTHS_OFFERED = 60

    def __init__(
        self, data, *, districts, formats: Sequence[str] = (), national_only: bool = False
    ):
        data, (first, last) = _span_data(
            data,
            ("month_from", "month_to"),
            parse=parse_report_month,
            resolve=default_months,
            write=month_code,
        )
        defaults = {"level": "national"} | ({"format": formats[0]} if formats else {})
        super().__init__(_with_defaults(data, defaults))
        latest = first_of_month(timezone.localdate())
        offered = {add_months(latest, -n) for n in range(self.MONTHS_OFFERED)} | {first, last}
        choices = [(month_code(m), month_name(m)) for m in sorted(offered, reverse=True)]
        self.fields["month_from"].choices = choices
        self.fields["month_to"].choices = choices
        self.districts = {d.pk: d for d in districts}
        self.fields["district"].choices = [("", "All"), *((d.pk, d.name) for d in districts)]
        if formats:
            self.fields["format"] = _format_field(formats)
        self.national_only = national_only

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from"), data.get("month_to")
        if first and last:
            if last < first:
                self.add_error("month_to", "Choose a month that is the same as or after the first")
            elif len(months_between(first, last)) > MAX_MONTHS:
                self.add_error("month_to", f"Choose at most {MAX_MONTHS} months")
        if self.national_only and data.get("district") is not None:
            self.add_error("district", NATIONAL_ONLY)
        return data

    def scope(self) -> Scope:
        """The report's scope; call after is_valid()."""
        data = self.cleaned_data
        return Scope(
            first=data["month_from"],
            last=data["month_to"],
            level=data["level"],
            district=self.districts.get(data["district"]),
        )


def activity_filter_form(
    data, *, formats: Sequence[str] = (), national_only: bool = False
) -> ActivityFilterForm:
    """The activity report's choices on ``data``, with the districts read now."""
    return ActivityFilterForm(
        data, districts=selectors.districts(), formats=formats, national_only=national_only
    )
