"""GOV.UK's date input as a form field: day, month and year typed in three boxes.

Every date a page asks for is a ``DateInputField``, read through ``jomcase.dates`` and drawn
by ``templates/includes/date_input.html`` from the boxes ``date_boxes`` builds. The boxes are
named ``<name>-day``, ``<name>-month`` and ``<name>-year``, or with another separator where a
form has always used one (the filing journey's ``required_by_day``). The day box carries the
field's own id, so the error summary's link lands on it.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.boundfield import BoundField

from jomcase.dates import PARTS, date_from_parts

_WIDTHS = {"day": "2", "month": "2", "year": "4"}


class DateInputWidget(forms.Widget):
    """Reads the three boxes; the page draws them (``includes/date_input.html``)."""

    def __init__(self, attrs=None, *, separator: str = "-"):
        super().__init__(attrs)
        self.separator = separator

    def box_name(self, name: str, part: str) -> str:
        return f"{name}{self.separator}{part}"

    def value_from_datadict(self, data, files, name):
        return [data.get(self.box_name(name, part), "") for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return not any(self.box_name(name, part) in data for part in PARTS)


class DateInputBoundField(BoundField):
    @property
    def boxes(self) -> list[dict]:
        return date_boxes(self)


class DateInputField(forms.Field):
    """A date from GOV.UK's three boxes, with GOV.UK's messages for what is missing or wrong.

    ``what`` names the date in those messages ("The date of the review must be a real date").
    """

    def __init__(self, *, what: str = "The date", separator: str = "-", **kwargs):
        kwargs.setdefault("widget", DateInputWidget(separator=separator))
        super().__init__(**kwargs)
        self.what = what

    def get_bound_field(self, form, field_name):
        return DateInputBoundField(form, self, field_name)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        day, month, year = [str(v or "").strip() for v in (*(value or ()), "", "", "")][:3]
        return date_from_parts(day, month, year, what=self.what)


def _typed(bound_field) -> list[str]:
    value = bound_field.value()
    if isinstance(value, dt.date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, list | tuple):
        return [str(v or "") for v in (*value, "", "", "")][:3]
    return ["", "", ""]


def _faulty(bound_field, typed: list[str]) -> set[str]:
    """The boxes to mark as wrong, as GOV.UK asks: only the empty ones when some are typed,
    only the year when it is the year that is wrong, otherwise all three."""
    if not bound_field.errors:
        return set()
    present = [bool(text.strip()) for text in typed]
    if any(present) and not all(present):
        return {part for part, there in zip(PARTS, present, strict=True) if not there}
    if bound_field.errors.as_data()[0].code == "year":
        return {"year"}
    return set(PARTS)


def date_boxes(bound_field) -> list[dict]:
    """The day, month and year boxes of a bound date field, as the date input draws them:
    each with its id, name, label, width, the value typed and whether it is marked wrong."""
    widget = bound_field.field.widget
    typed = _typed(bound_field)
    faulty = _faulty(bound_field, typed)
    return [
        {
            "id": bound_field.auto_id if part == "day" else f"{bound_field.auto_id}-{part}",
            "name": widget.box_name(bound_field.html_name, part),
            "label": part.capitalize(),
            "value": typed[index],
            "width": _WIDTHS[part],
            "error": part in faulty,
        }
        for index, part in enumerate(PARTS)
    ]
