"""Forms of the group work coach conference pages: blocking diaries, booking one session,
changing who attends, and recording a held session with outcomes per case [29-34].

The forms check what a person typed; the rules (at most 10 coaches, at least 60 minutes,
coaches from the cohort) are the services', whose refusals land on the fields here.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from conferences.forms.fields import GovukTimeField, MeetingTimeForm
from conferences.models import ALLOWED_OUTCOMES, ActivityKind, MeetingChannel, OutcomeKind
from conferences.services.follow_ons import NEEDS_CLAIMANT
from jomcase.forms import ServiceErrorsMixin
from jomcase.months import month_code, month_name, month_starts, parse_month

#: How a group conference may take place; face to face is preferred [29].
GROUP_CHANNELS = [
    (MeetingChannel.FACE_TO_FACE.value, "Face to face (preferred)"),
    (MeetingChannel.VIDEO.value, MeetingChannel.VIDEO.label),
    (MeetingChannel.PHONE.value, MeetingChannel.PHONE.label),
]
WEEKDAYS = [
    (str(i), name)
    for i, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
]
#: Months offered as the first to block.
FIRST_MONTHS_OFFERED = 6


def person_choices(people) -> list[tuple[str, str]]:
    return [(str(p.pk), p.display_name) for p in people]


def _ids(values) -> list[int]:
    return [int(v) for v in values or ()]


class BlockDiariesForm(ServiceErrorsMixin, forms.Form):
    service_fields = {"minutes": "minutes", "dea": None, "channel": "channel"}

    first_month = forms.ChoiceField(
        label="First month to plan",
        help_text="Sessions are booked for this month and the three after it",
        error_messages={"required": "Select the first month to plan"},
    )
    weekday = forms.ChoiceField(
        label="Day of the week",
        choices=WEEKDAYS,
        widget=forms.RadioSelect,
        initial="1",
        help_text="A month's sessions fall on its first, second and third of this day",
        error_messages={"required": "Select the day of the week"},
    )
    start_time = GovukTimeField(
        label="Start time",
        noun="The start time",
        help_text="For example, 10:00 or 14:30",
        initial="10:00",
        error_messages={"required": "Enter the start time"},
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        help_text="At least 60",
        initial=60,
        min_value=1,
        max_value=480,
        error_messages={
            "required": "Enter the length in minutes",
            "invalid": "Enter the length as a whole number of minutes, like 60",
            "min_value": "Enter a length of at least 1 minute",
            "max_value": "A session cannot last more than 8 hours",
        },
    )
    channel = forms.ChoiceField(
        label="How will the sessions take place?",
        choices=GROUP_CHANNELS,
        widget=forms.RadioSelect,
        initial=MeetingChannel.FACE_TO_FACE.value,
        error_messages={"required": "Select how the sessions will take place"},
    )
    place = forms.CharField(
        label="Place (optional)",
        help_text="The room or address, or the call's details",
        required=False,
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = month_starts(timezone.localdate(), FIRST_MONTHS_OFFERED)
        self.fields["first_month"].choices = [(month_code(m), month_name(m)) for m in months]
        self.fields["first_month"].initial = month_code(months[0])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "first_month": parse_month(data["first_month"]),
            "weekday": int(data["weekday"]),
            "start_time": data["start_time"],
            "minutes": data["minutes"],
            "channel": data["channel"],
            "place": data["place"],
        }


class GroupBookForm(MeetingTimeForm):
    service_fields = {**MeetingTimeForm.service_fields, "dea": None}

    channel = forms.ChoiceField(
        label="How will it take place?",
        choices=GROUP_CHANNELS,
        widget=forms.RadioSelect,
        initial=MeetingChannel.FACE_TO_FACE.value,
        error_messages={"required": "Select how it will take place"},
    )
    place = forms.CharField(
        label="Place (optional)",
        help_text="The room or address, or the call's details",
        required=False,
        max_length=200,
    )
    attendees = forms.MultipleChoiceField(
        label="Work coaches attending",
        help_text="Coaches from the cohort; at most 10 in one session",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select work coaches from the cohort"},
    )
    invitees = forms.MultipleChoiceField(
        label="Also invite (optional)",
        help_text="Team leaders and the work psychologist, if they are needed",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select people from the list"},
    )
    cases = forms.MultipleChoiceField(
        label="Cases to discuss",
        help_text="From the cohort's pending list; 3 or 4 cases suit a session",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select cases from the pending list"},
    )

    def __init__(self, *args, coaches, invitees, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = person_choices(coaches)
        self.fields["invitees"].choices = person_choices(invitees)
        self.fields["cases"].choices = cases
        # A group session lasts at least an hour, so the hints say so.
        self.fields["start_time"].help_text = "For example, 10:00"
        self.fields["end_time"].help_text = "At least an hour after the start"

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            **self.meeting_time(),
            "channel": data["channel"],
            "place": data["place"],
            "attendee_ids": _ids(data["attendees"]),
            "invitee_ids": _ids(data["invitees"]),
            "case_ids": _ids(data["cases"]),
        }


class GroupAttendeesForm(ServiceErrorsMixin, forms.Form):
    attendees = forms.MultipleChoiceField(
        label="Work coaches attending",
        help_text="At most 10. Coaches taken off lose the session from their diary",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select work coaches from the cohort"},
    )

    def __init__(self, *args, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = person_choices(coaches)

    def attendee_ids(self) -> list[int]:
        return _ids(self.cleaned_data["attendees"])


def case_outcome_choices(has_claimant: bool) -> list[tuple[str, str]]:
    """The group column of the outcomes table; those about a claimant need one [34]."""
    return [
        (value, OutcomeKind(value).label)
        for value in ALLOWED_OUTCOMES[ActivityKind.GROUP_CONFERENCE]
        if has_claimant or value not in NEEDS_CLAIMANT
    ]


class GroupRecordForm(ServiceErrorsMixin, forms.Form):
    """Attendance, the summary of outputs, and a group of outcome boxes for each case."""

    service_fields = {"attended": "attended", "cases": None, "activity": None}

    attended = forms.MultipleChoiceField(
        label="Who attended?",
        help_text="Select everyone who came",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select people who were invited"},
    )
    summary = forms.CharField(
        label="Summary of outputs",
        help_text="What was shared and agreed. It goes to the DEA's team leader and the "
        "coaches who were invited",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the summary of outputs"},
    )
    record_on_development_plan = forms.BooleanField(
        label="Coaches should record the agreed activity on their development plans",
        required=False,
    )

    def __init__(self, *args, invited, cases, **kwargs):
        """``cases`` is a list of ``(agenda case, label)``."""
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(p.staff_id), f"{p.staff.display_name} ({p.get_role_display().lower()})")
            for p in invited
        ]
        self.case_names = []
        for case, label in cases:
            name = f"case_{case.pk}"
            self.fields[name] = forms.MultipleChoiceField(
                label=f"Outcomes for {label}",
                help_text="Select all that apply. Leave empty if the case was not reached: "
                "it goes back on the pending list",
                widget=forms.CheckboxSelectMultiple,
                required=False,
                choices=case_outcome_choices(case.claimant_id is not None),
                error_messages={"invalid_choice": "Select outcomes a group conference can have"},
            )
            self.case_names.append(name)

    def case_fields(self):
        return [self[name] for name in self.case_names]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "attended_ids": _ids(data["attended"]),
            "summary": data["summary"],
            "record_on_development_plan": data["record_on_development_plan"],
            "case_outcomes": {
                int(name.removeprefix("case_")): list(data[name]) for name in self.case_names
            },
        }
