"""Forms of the filing journey, one question a page.

They read what was typed and turn it into the values ``support_request_check`` takes; the
service decides whether the answers will do, so a form only refuses what it cannot read (a
date that is not a date, a choice that was never offered).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from dea_support.models import Criticality, KnowledgeGap, RequestKind
from jomcase.date_input import DateInputField
from jomcase.errors import RuleViolation

KIND_HINTS = {
    RequestKind.CLAIMANT_SUPPORT: (
        "Advice or support to help you progress a claimant with a complex health condition "
        "or disability"
    ),
    RequestKind.SKILL_SUPPORT: (
        "Information or training to fill a gap in what you know, such as reasonable "
        "adjustments or a condition"
    ),
    RequestKind.COLLEAGUE_SUPPORT: "Help for you in your own role at the jobcentre",
}


class AnswerForm(forms.Form):
    """A page of the journey. ``answers()`` gives its values as the service names them."""

    #: The form field each service argument comes from, where the names differ.
    keys: dict[str, str] = {}

    def answers(self) -> dict:
        return {self.keys.get(name, name): self.cleaned_data[name] for name in self.fields}

    def add_service_errors(
        self, error: ValidationError | RuleViolation, *, to: str | None = None
    ) -> None:
        """Show the service's refusal against the field it names, else above the form.

        ``to`` puts every message on that field instead: the one question the page asks.
        """
        if isinstance(error, RuleViolation):
            pairs = [(error.field, error.detail)]
        else:
            pairs = [(f, m) for f, messages in error.message_dict.items() for m in messages]
        for field, message in pairs:
            self.add_error(to or (field if field in self.fields else None), message)


class KindForm(AnswerForm):
    kind = forms.ChoiceField(
        label="What kind of support do you need?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of support you need",
            "invalid_choice": "Select one of the kinds of support shown",
        },
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, RequestKind(kind).label) for kind in kinds]

    def items(self) -> list[dict]:
        """The radios with a hint each, ids as GOV.UK Frontend numbers them."""
        base = self["kind"].auto_id
        chosen = str(self["kind"].value() or "")
        return [
            {
                "id": base if index == 1 else f"{base}-{index}",
                "value": value,
                "text": text,
                "hint": KIND_HINTS[value],
                "selected": value == chosen,
            }
            for index, (value, text) in enumerate(self.fields["kind"].choices, start=1)
        ]


class ClaimantSearchForm(forms.Form):
    q = forms.CharField(
        label="National Insurance number or surname",
        help_text="Only claimants on your own caseload are shown",
        max_length=100,
        required=False,
    )

    def text(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""


class ClaimantChoiceForm(AnswerForm):
    """The claimant picked from the search results; the service checks they are the coach's."""

    keys = {"claimant": "claimant_id"}
    claimant = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Choose a claimant from your caseload",
            "invalid": "Choose a claimant on your own caseload",
            "min_value": "Choose a claimant on your own caseload",
        },
    )


def _text(label: str, hint: str, *, rows: int = 5) -> forms.CharField:
    # Left optional here: the service's own message says what is missing.
    return forms.CharField(
        label=label, help_text=hint, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


class ChallengesForm(AnswerForm):
    challenges = _text(
        "What are the claimant's challenges?",
        "For example, their health condition or disability and how it affects their search "
        "for work. Keep it brief: the DEA will ask if they need more.",
    )


class ClaimantReasonForm(AnswerForm):
    reason = _text(
        "Why do you need the DEA's support with this claimant?",
        "Say what you would like help with, for example advice on adjustments before their "
        "next appointment",
    )


class ColleagueReasonForm(AnswerForm):
    reason = _text(
        "Why do you need the DEA's support?",
        "For example, you want to understand how a condition affects the people you help",
    )


class KnowledgeGapForm(AnswerForm):
    knowledge_gap = forms.ChoiceField(
        label="What do you need to know more about?",
        choices=KnowledgeGap.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you need to know more about",
            "invalid_choice": "Select one of the subjects shown",
        },
    )


class DescriptionForm(AnswerForm):
    description = _text(
        "Describe what you need to know",
        "For example, how to agree a reasonable adjustment for someone with a fluctuating "
        "condition",
    )


class JobRoleForm(AnswerForm):
    job_role = forms.CharField(
        label="What is your job role?",
        help_text="For example, service delivery coach",
        max_length=120,
        required=False,
        error_messages={"max_length": "Your job role must be 120 characters or fewer"},
    )


class CriticalityForm(AnswerForm):
    criticality = forms.ChoiceField(
        label="How urgent is your request?",
        choices=Criticality.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether your request is urgent",
            "invalid_choice": "Select urgent or not urgent",
        },
    )


class DeaForm(AnswerForm):
    """Which DEA a colleague asks, when their jobcentre has more than one."""

    keys = {"dea": "dea_id"}
    dea = forms.TypedChoiceField(
        label="Which DEA would you like to ask?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the DEA you would like to ask",
            "invalid_choice": "Select a DEA at your jobcentre",
        },
    )

    def __init__(self, *args, deas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dea"].choices = [(dea.pk, dea.display_name) for dea in deas]


class RequiredByForm(AnswerForm):
    # Empty is None: whether a date is needed at all is the service's question.
    required_by = DateInputField(
        label="When do you need a response by?",
        what="The date you need a response by",
        separator="_",
        required=False,
    )

    #: Asked only after a date that is not a working day of the DEA's nation: take the next
    #: working day instead, or type another date. The typed date comes back in hidden boxes.
    instead = forms.ChoiceField(
        label="Which date do you need a response by?",
        choices=[("next", "Use the next working day instead"), ("change", "Change the date")],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the next working day or change the date"},
    )
    #: Set on the page that offers the next working day, so an unanswered offer is an error.
    offered = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, about_claimant: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer: dict | None = None
        day = timezone.localdate() + dt.timedelta(days=14)
        example = f"{day.day} {day.month} {day.year}"
        self.fields["required_by"].help_text = (
            f"For example, the claimant's next appointment, such as {example}"
            if about_claimant
            else f"For example, {example}"
        )

    def answers(self) -> dict:
        return {"required_by": self.cleaned_data["required_by"]}

    def choice(self) -> str:
        """The choice made on the offer: next or change; empty when not answered or not made."""
        return self.cleaned_data.get("instead") or ""

    def offer_next_working_day(self, *, typed: dt.date, moved: dt.date, nation: str) -> None:
        """Turn the page into the offer: a warning that ``typed`` is not a working day and
        radios to use ``moved`` instead or change the date. Asked already and left
        unanswered, the radios are in error."""
        self.offer = {"typed": typed, "moved": moved, "nation": nation}
        self.fields["instead"].choices = [
            ("next", f"Use {moved:%A %-d %B %Y} instead"),
            ("change", "Change the date"),
        ]
        if self.cleaned_data.get("offered"):
            self.add_error(
                "instead", f"Select whether to use {moved:%A %-d %B %Y} or change the date"
            )
