"""Form fields for GOV.UK's date input and typed times, and the form part that books a time.

A date is asked for as day, month and year in three boxes (GOV.UK's date input pattern); the
error summary links to the day box, which takes the field's own id.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone

from jomcase.dates import date_from_parts
from jomcase.forms import ServiceErrorsMixin

_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


class DateInputWidget(forms.Widget):
    """Reads ``<name>-day``, ``<name>-month`` and ``<name>-year``; the page renders the boxes."""

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}-{part}", "") for part, _, _ in _PARTS]

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part, _, _ in _PARTS)


class DateBoundField(BoundField):
    @property
    def parts(self) -> list[dict]:
        """The three boxes, each with its id, name, label, width and the value typed."""
        value = self.value()
        if isinstance(value, dt.date):
            values = [value.day, value.month, value.year]
        elif isinstance(value, list | tuple):
            values = list(value)
        else:
            values = ["", "", ""]
        base = self.auto_id
        return [
            {
                "id": base if index == 0 else f"{base}-{part}",
                "name": f"{self.html_name}-{part}",
                "label": label,
                "width": width,
                "value": "" if values[index] is None else values[index],
            }
            for index, (part, label, width) in enumerate(_PARTS)
        ]


class GovukDateInputField(forms.Field):
    """A date from GOV.UK's three boxes, with GOV.UK's messages for what is missing or wrong."""

    widget = DateInputWidget

    def __init__(self, *, noun: str = "The date", **kwargs):
        self.noun = noun
        super().__init__(**kwargs)

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        day, month, year = value or ("", "", "")
        return date_from_parts(day, month, year, what=self.noun)


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


class GovukTimeField(forms.Field):
    """A time typed as 14:30, 14.30, 9:05, 2pm or 2:30pm."""

    widget = forms.TextInput

    def __init__(self, *, noun: str = "The time", **kwargs):
        self.noun = noun
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.time):
            return value
        text = str(value or "").strip().lower().replace(" ", "")
        if not text:
            return None
        match = _TIME.match(text)
        if not match:
            raise ValidationError(f"{self.noun} must be a real time, like 09:30 or 14:00")
        hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
        if half:
            if not 1 <= hour <= 12:
                raise ValidationError(f"{self.noun} must be a real time, like 09:30 or 14:00")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(f"{self.noun} must be a real time, like 09:30 or 14:00")
        return dt.time(hour, minute)


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """A date and a clock time in the service's time zone (UK time), as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time))


class MeetingTimeForm(ServiceErrorsMixin, forms.Form):
    """The date, start time and end time of a meeting being booked; the end is after the start.

    ``meeting_time()`` gives them as the services' ``start`` and ``end``, whose refusals show
    on the start and end times.
    """

    service_fields = {"start": "start_time", "end": "end_time"}

    date = GovukDateInputField(
        label="Date",
        noun="The date",
        help_text="For example, 27 3 2027",
        error_messages={"required": "Enter the date"},
    )
    start_time = GovukTimeField(
        label="Start time",
        noun="The start time",
        help_text="For example, 09:30 or 14:00",
        error_messages={"required": "Enter the start time"},
    )
    end_time = GovukTimeField(
        label="End time",
        noun="The end time",
        help_text="For example, 10:30 or 15:00",
        error_messages={"required": "Enter the end time"},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        return data

    def meeting_time(self) -> dict[str, dt.datetime]:
        day = self.cleaned_data["date"]
        return {
            "start": local_datetime(day, self.cleaned_data["start_time"]),
            "end": local_datetime(day, self.cleaned_data["end_time"]),
        }
