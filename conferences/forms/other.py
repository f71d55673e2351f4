"""Forms for diaries, partner actions and claimant support intervention approvals."""

from __future__ import annotations

import datetime as dt

from django import forms

from claimants import nino as nino_rules
from conferences.forms.fields import (
    GovukTimeField,
    local_datetime,
)
from jomcase.date_input import DateInputField
from jomcase.forms import ServiceErrorsMixin


class UnavailabilityForm(ServiceErrorsMixin, forms.Form):
    service_fields = {"start": "start_time", "end": "end_time"}

    date = DateInputField(
        label="Date",
        what="The date",
        help_text="For example, 27 3 2027",
        error_messages={"required": "Enter the date"},
    )
    all_day = forms.BooleanField(label="All day", required=False)
    start_time = GovukTimeField(
        label="From", noun="The start time", help_text="For example, 09:00", required=False
    )
    end_time = GovukTimeField(
        label="Until", noun="The end time", help_text="For example, 12:30", required=False
    )
    title = forms.CharField(
        label="What is it? (optional)",
        help_text="For example, annual leave or training. Only you see this; others see "
        "'Unavailable'",
        required=False,
        max_length=200,
    )

    def clean(self):
        data = super().clean()
        if data.get("all_day"):
            return data
        start, end = data.get("start_time"), data.get("end_time")
        if "start_time" not in self.errors and start is None:
            self.add_error("start_time", "Enter the start time, or select all day")
        if "end_time" not in self.errors and end is None:
            self.add_error("end_time", "Enter the end time, or select all day")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        day = data["date"]
        if data["all_day"]:
            start = local_datetime(day, dt.time.min)
            end = local_datetime(day + dt.timedelta(days=1), dt.time.min)
        else:
            start = local_datetime(day, data["start_time"])
            end = local_datetime(day, data["end_time"])
        return {"start": start, "end": end, "title": data["title"] or "Unavailable"}


class ActionDoneForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label="What was done? (optional)",
        help_text="The DEA and work coach see this on the activity's timeline",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class CsiApprovalForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="What are the exceptional circumstances?",
        help_text="Say why this claimant needs another claimant support intervention",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the exceptional circumstances"},
    )


class CsiDirectRequestForm(ServiceErrorsMixin, forms.Form):
    service_fields = {"claimant": "nino"}

    nino = forms.CharField(
        label="Claimant's National Insurance number",
        help_text="For example, AB 12 34 56 C",
        max_length=20,
        error_messages={"required": "Enter the claimant's National Insurance number"},
    )
    surname = forms.CharField(
        label="Claimant's surname",
        max_length=100,
        error_messages={"required": "Enter the claimant's surname"},
    )
    reason = forms.CharField(
        label="Why is a claimant support intervention needed?",
        help_text="The DEA reads this. Say what the exceptional circumstances are",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why a claimant support intervention is needed"},
    )

    def clean_nino(self) -> str:
        value = nino_rules.normalise(self.cleaned_data["nino"])
        problem = nino_rules.problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value
