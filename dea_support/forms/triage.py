"""Forms on a support request's page, and for moving a DEA's requests to another for cover.

They collect what a person typed or chose; the services in ``dea_support.services`` decide
whether it is enough and say why not, so each rule and its message live in one place. A
form's ``add_service_errors`` puts a service's refusal beside the field it is about.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from dea_support.models import DECLINE_REASONS_FOR_SUBMITTED, channels_for_kind
from jomcase.date_input import DateInputField
from jomcase.forms import ServiceErrorsMixin


class ServiceForm(ServiceErrorsMixin, forms.Form):
    """A form whose input goes to one service; the service's errors come back onto it."""


class RequestInfoForm(ServiceForm):
    message = forms.CharField(
        label="What do you need to know?",
        help_text="The requester sees this and answers on the request's page.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )


class ProvideInfoForm(ServiceForm):
    message = forms.CharField(
        label="Your answer",
        help_text="The request goes back to the DEA with your answer.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )


class AcceptForm(ServiceForm):
    channel = forms.ChoiceField(
        label="How will you help?",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose one of the ways of helping listed"},
    )
    note = forms.CharField(
        label="Note for the requester (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c.value, c.label) for c in channels_for_kind(kind)]


class DeclineForm(ServiceForm):
    reason = forms.ChoiceField(
        label="Why are you declining it?",
        # "No answer from the requester" closes a request waiting for them, on its own form.
        choices=[(reason.value, reason.label) for reason in DECLINE_REASONS_FOR_SUBMITTED],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose why you are declining the request"},
    )
    note = forms.CharField(
        label="Note for the requester",
        help_text="Say what they should do instead, for example where to signpost the claimant.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class ChaseForm(ServiceForm):
    message = forms.CharField(
        label="Message for the requester",
        help_text="They are told at once, and it goes on the request's timeline.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class CloseUnansweredForm(ServiceForm):
    note = forms.CharField(
        label="Note for the requester",
        help_text="Say that they can make a new request if they still need help.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class WithdrawForm(ServiceForm):
    message = forms.CharField(
        label="Why are you withdrawing it? (optional)",
        help_text="The DEA sees this on the request's timeline.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class TopicsForm(ServiceForm):
    topics = forms.CharField(
        label="Topics",
        help_text=(
            "Separate topics with commas, for example: anxiety, reasonable adjustments. "
            "Requests that share a topic are counted to suggest up-skilling."
        ),
        max_length=700,
        required=False,
    )

    def topic_list(self) -> list[str]:
        return [t for t in self.cleaned_data["topics"].split(",") if t.strip()]


class CoverChooseForm(forms.Form):
    """Whose requests to move: one of the DEAs the team leader line-manages."""

    dea = forms.TypedChoiceField(
        label="Whose requests need cover?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the DEA whose requests need cover",
            "invalid_choice": "Choose one of the DEAs you manage",
        },
    )

    def __init__(self, *args, deas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dea"].choices = [(d.pk, d.display_name) for d in deas]

    @staticmethod
    def submitted(data) -> bool:
        """Whether the page's Continue was pressed: radios left unchosen send no ``dea``, so
        the form sends ``choose`` too, and an empty choice is an error rather than a reload."""
        return "dea" in data or "choose" in data

    def use_select(self) -> None:
        """A long list of DEAs (an administrator's) is a drop-down rather than radios."""
        field = self.fields["dea"]
        field.widget = forms.Select()
        field.choices = [("", "Choose a DEA"), *field.choices]


class CoverForm(ServiceForm):
    """When the cover runs, which of the DEA's open requests move, to whom, and why.

    The dates are GOV.UK date inputs; whether they will do (today or later, at most six
    months, no overlap) is ``cover_check``'s to say.
    """

    service_fields = {"from_dea": None}

    requests = forms.TypedMultipleChoiceField(
        label="Requests to move",
        help_text="All the DEA's open requests are selected. Untick any that should stay.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one request to move",
            "invalid_choice": "Select only requests listed here",
        },
    )
    start = DateInputField(
        label="First day of the cover",
        what="The first day of the cover",
        separator="_",
        required=True,
        error_messages={"required": "Enter the first day of the cover"},
    )
    end = DateInputField(
        label="Last day of the cover",
        what="The last day of the cover",
        separator="_",
        required=True,
        error_messages={"required": "Enter the last day of the cover"},
        help_text="The DEA's last day away. Requests still open go back to them the day after.",
    )
    to_dea = forms.TypedChoiceField(
        label="Which DEA will cover?",
        coerce=int,
        error_messages={
            "required": "Choose the DEA who will cover",
            "invalid_choice": "Choose a DEA from the list",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, the dates of the leave. It shows on each request's timeline.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )

    def __init__(self, *args, requests, deas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].choices = [(sr.pk, request_label(sr)) for sr in requests]
        # With nothing open there is nothing to tick, and the cover still routes new ones.
        self.fields["requests"].required = bool(requests)
        self.fields["to_dea"].choices = [("", "Choose a DEA")] + [
            (d.pk, d.display_name) for d in deas
        ]
        if not self.is_bound:
            self.initial.setdefault("start", timezone.localdate())
        day = timezone.localdate() + dt.timedelta(days=14)
        self.fields["start"].help_text = (
            f"Today or a later day, for example {day.day} {day.month} {day.year}. "
            "Starting today, the requests move at once; otherwise on that morning."
        )


def request_label(sr) -> str:
    """How a request is named in a list of checkboxes: reference, kind, who and when."""
    return (
        f"{sr.reference}: {sr.get_kind_display()} from {sr.requester.display_name}, "
        f"{sr.get_state_display().lower()}, needed by {sr.required_by:%-d %B %Y}"
    )
