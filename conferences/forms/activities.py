"""Forms for the steps of an activity: consent, booking, cancelling, outcomes, information."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator

from claimants.models import Conditionality
from conferences.forms.fields import MeetingTimeForm
from conferences.models import (
    ALLOWED_OUTCOMES,
    OPEN_ACTIVITY_STATES,
    Activity,
    ActivityKind,
    ActivityState,
    MeetingChannel,
    OutcomeKind,
)
from jomcase.date_input import DateInputField
from jomcase.forms import ServiceErrorsMixin


class StatementsForm(ServiceErrorsMixin, forms.Form):
    """A form whose statements are one group of checkboxes, each a yes-or-no to the service."""

    statement_field = "statements"

    def statement_values(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data.get(self.statement_field) or ())
        return {value: value in chosen for value, _ in self.fields[self.statement_field].choices}


#: What the claimant must have been told (or what must have happened) before consent counts.
THREE_WAY_STATEMENTS = [
    ("informed_role", "The claimant was told what a DEA does and why taking part may help them"),
]
MANDATORY_STATEMENT = (
    "informed_consequences",
    "The claimant was told what happens if they do not attend, as the appointment is mandatory",
)
CSI_STATEMENTS = [
    ("discussed_with_team_leader", "The work coach discussed the case with their team leader"),
    ("informed_voluntary", "The claimant was told that taking part is voluntary"),
    (
        "informed_conditionality",
        "The claimant was told that their usual appointments and conditions carry on as before",
    ),
]


class ConsentForm(StatementsForm):
    given = forms.ChoiceField(
        label="Did the claimant agree?",
        choices=[("yes", "Yes, they agreed"), ("no", "No, they did not agree")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the claimant agreed"},
    )
    statements = forms.MultipleChoiceField(
        label="What was done before asking?",
        help_text="Select all that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        if activity.kind == ActivityKind.CLAIMANT_SUPPORT_INTERVENTION:
            choices = list(CSI_STATEMENTS)
        else:
            choices = list(THREE_WAY_STATEMENTS)
            if activity.claimant and activity.claimant.conditionality == Conditionality.MANDATORY:
                choices.append(MANDATORY_STATEMENT)
        self.fields["statements"].choices = choices
        self.service_fields = {value: "statements" for value, _ in choices}

    def service_arguments(self) -> dict:
        return {"given": self.cleaned_data["given"] == "yes", **self.statement_values()}


class BookForm(MeetingTimeForm):
    service_fields = {**MeetingTimeForm.service_fields, "kind": None}

    channel = forms.ChoiceField(
        label="How will it take place?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it will take place"},
    )
    place = forms.CharField(
        label="Place (optional)",
        help_text="The room or address for a meeting face to face, or the call's details",
        required=False,
        max_length=200,
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        if activity.kind == ActivityKind.CLAIMANT_SUPPORT_INTERVENTION:
            # A claimant support intervention is always face to face [35].
            self.fields["channel"].choices = [
                (MeetingChannel.FACE_TO_FACE.value, MeetingChannel.FACE_TO_FACE.label)
            ]
            self.fields["channel"].help_text = "A claimant support intervention is face to face"
        else:
            self.fields["channel"].choices = MeetingChannel.choices

    def service_arguments(self) -> dict:
        return {
            **self.meeting_time(),
            "channel": self.cleaned_data["channel"],
            "place": self.cleaned_data["place"],
        }


class CancelForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why will it not take place?",
        help_text="The people taking part are told this",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why it will not take place"},
    )


class ConfirmForm(ServiceErrorsMixin, forms.Form):
    """A step with nothing to fill in; errors from the service still need a place to show."""

    service_fields = {"given": None, "observer": None}


class OutcomeForm(ServiceErrorsMixin, forms.Form):
    outcomes = forms.MultipleChoiceField(
        label="What are the outcomes?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one outcome",
            "invalid_choice": "Select only outcomes this kind of activity can have",
        },
    )
    summary = forms.CharField(
        label="Summary of outputs",
        help_text="What was agreed and what happens next. It goes to the DEA's team leader",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the summary of outputs"},
    )
    record_on_development_plan = forms.BooleanField(
        label="The work coach should record the agreed activity on their development plan",
        required=False,
    )
    action_due = DateInputField(
        label="When are partner actions due? (optional)",
        what="The due date",
        help_text="For actions for a work psychologist, employer adviser or provision manager. "
        "Leave empty for 10 working days from today",
        required=False,
    )
    action_note = forms.CharField(
        label="Note for the partner (optional)",
        help_text="Leave empty to send them the summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the table in DESIGN.md section 5 allows for this kind is offered.
        self.fields["outcomes"].choices = [
            (value, OutcomeKind(value).label) for value in ALLOWED_OUTCOMES.get(activity.kind, ())
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "outcomes": data["outcomes"],
            "summary": data["summary"],
            "record_on_development_plan": data["record_on_development_plan"],
            "action_due": data["action_due"],
            "action_note": data["action_note"],
        }


_url = URLValidator(schemes=["http", "https"])


class InformationForm(ServiceErrorsMixin, forms.Form):
    information = forms.CharField(
        label="The information for the work coach",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the information for the work coach"},
    )
    links = forms.CharField(
        label="Links (optional)",
        help_text="Full web addresses, one on each line",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for line in lines:
            try:
                _url(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    "Enter each link as a full web address starting with https://, one on each line"
                ) from None
        return "\n".join(lines)


class HoldingResponseForm(ServiceErrorsMixin, forms.Form):
    message = forms.CharField(
        label="Message to the work coach",
        help_text="Say what you are finding out",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a message for the work coach"},
    )
    expected_return = DateInputField(
        label="When do you expect to send the information?",
        what="The expected date",
        help_text="For example, 27 3 2027. You will be reminded if it passes",
        error_messages={"required": "Enter the date you expect to send the information"},
    )


class WorkFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *ActivityKind.choices]
    )
    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "All open states")]
        + [(s.value, s.label) for s in ActivityState if s in OPEN_ACTIVITY_STATES],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
