"""The typed-time form field, and the form part that books a meeting's date and times.

Dates are ``jomcase.date_input.DateInputField``s, GOV.UK's date input like every other page's.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jomcase.date_input import DateInputField
from jomcase.forms import ServiceErrorsMixin

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

    date = DateInputField(
        label="Date",
        what="The date",
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
