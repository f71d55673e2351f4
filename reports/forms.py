"""Forms for the report pages: the headcount's and the activity report's filters, and the FTE
returns upload."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from reports.years import FinancialYear, add_months, first_of_month, month_name, parse_month

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class HeadcountFilterForm(forms.Form):
    """The headcount page's filters, sent by GET. An empty filter means all.

    Choices come from ``options`` (adviser types, districts and jobcentres the view has read
    once), and cleaning maps the chosen ids back to those objects, so the form itself asks the
    database nothing.
    """

    year_from = forms.TypedChoiceField(label="From", coerce=int)
    year_to = forms.TypedChoiceField(label="To", coerce=int)
    adviser_types = forms.TypedMultipleChoiceField(
        label="Adviser types",
        help_text="Leave them all unticked for every type with returns in those years.",
        widget=forms.CheckboxSelectMultiple,
        coerce=int,
        required=False,
    )
    district = forms.TypedChoiceField(
        label="District", coerce=int, required=False, empty_value=None
    )
    jobcentre = forms.TypedChoiceField(
        label="Jobcentre", coerce=int, required=False, empty_value=None
    )

    def __init__(self, data, *, years: tuple[FinancialYear, FinancialYear], options: dict):
        first, last = years
        data = data.copy() if data is not None else None
        defaults = {"year_from": str(first.start_year), "year_to": str(last.start_year)}
        if data is not None:
            for key, value in defaults.items():
                if not data.get(key):
                    data[key] = value
        super().__init__(data)
        self.initial = defaults
        # Two years before the first returns, so "not available" can be seen for what it is.
        latest = max(last, FinancialYear.current()).start_year
        span = [(y, FinancialYear(y).label) for y in range(first.start_year - 2, latest + 1)]
        self.fields["year_from"].choices = span
        self.fields["year_to"].choices = span
        self.options = {name: {o.pk: o for o in objects} for name, objects in options.items()}
        self.fields["adviser_types"].choices = [(o.pk, o.name) for o in options["adviser_types"]]
        for name in ("district", "jobcentre"):
            self.fields[name].choices = [("", "All"), *((o.pk, o.name) for o in options[name])]

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
            "first_year": FinancialYear(data["year_from"]),
            "last_year": FinancialYear(data["year_to"]),
            "adviser_types": types or None,
            "district": self.options["district"].get(data["district"]),
            "jobcentre": self.options["jobcentre"].get(data["jobcentre"]),
        }


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
    """The activity report's choices, sent by GET: months, level and (optionally) district.

    ``districts`` are read once by the view; cleaning maps the chosen id back to one of them.
    """

    month_from = forms.TypedChoiceField(label="From", coerce=parse_month)
    month_to = forms.TypedChoiceField(label="To", coerce=parse_month)
    level = forms.ChoiceField(label="Break down by")
    district = forms.TypedChoiceField(
        label="District", coerce=int, required=False, empty_value=None
    )

    #: How far back the month lists go.
    MONTHS_OFFERED = 60

    def __init__(self, data, *, districts, levels, months, max_months: int):
        first, last = months
        data = data.copy() if data is not None else None
        defaults = {
            "month_from": f"{first:%Y-%m}",
            "month_to": f"{last:%Y-%m}",
            "level": "national",
        }
        if data is not None:
            for key, value in defaults.items():
                if not data.get(key):
                    data[key] = value
        super().__init__(data)
        self.initial = defaults
        self.max_months = max_months
        latest = first_of_month(timezone.localdate())
        offered = [add_months(latest, -n) for n in range(self.MONTHS_OFFERED)]
        choices = [(f"{m:%Y-%m}", month_name(m)) for m in offered]
        self.fields["month_from"].choices = choices
        self.fields["month_to"].choices = choices
        self.fields["level"].choices = levels
        self.districts = {d.pk: d for d in districts}
        self.fields["district"].choices = [("", "All"), *((d.pk, d.name) for d in districts)]

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from"), data.get("month_to")
        if first and last:
            if last < first:
                self.add_error("month_to", "Choose a month that is the same as or after the first")
            elif (last.year - first.year) * 12 + last.month - first.month >= self.max_months:
                self.add_error("month_to", f"Choose at most {self.max_months} months")
        return data

    def scope_arguments(self) -> dict:
        """The report scope's arguments; call after is_valid()."""
        data = self.cleaned_data
        return {
            "first": data["month_from"],
            "last": data["month_to"],
            "level": data["level"],
            "district": self.districts.get(data["district"]),
        }
