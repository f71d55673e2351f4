"""Form fields for GOV.UK's date input and typed times, and a mixin that shows service errors.

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

from jomcase.errors import RuleViolation

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
        day, month, year = (str(v or "").strip() for v in (value or ("", "", "")))
        if not (day or month or year):
            return None
        missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"{self.noun} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{self.noun} must be a real date")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.noun} must be a real date") from None


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


class ServiceErrorsMixin:
    """Show a service's refusal on the form: each message on its field, or above the form.

    ``service_fields`` maps a field name the service uses to the form's own (``None`` puts the
    message in the error summary only).
    """

    service_fields: dict[str, str | None] = {}

    def _target(self, name: str | None) -> str | None:
        name = self.service_fields.get(name, name)
        return name if name in self.fields else None

    def add_service_errors(self, error: ValidationError | RuleViolation) -> None:
        if isinstance(error, RuleViolation):
            self.add_error(self._target(error.field), error.detail)
            return
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for name, messages in error.message_dict.items():
            target = self._target(name)
            for message in messages:
                if target and target in self.errors and message in self.errors[target]:
                    continue
                self.add_error(target, message)
