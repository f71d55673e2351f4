"""Forms of the strategy pages; ``partnerships.services`` checks the rules."""

from __future__ import annotations

from django import forms

from jomcase.date_input import DateInputField
from jomcase.forms import ServiceErrorsMixin
from partnerships.models import ActionTeam, ContactChannel, StrategyArea, StrategyKind

KIND_HINTS = {
    StrategyKind.WORK_PSYCHOLOGIST: "Created with the work psychologist to support work coaches "
    "and claimants",
    StrategyKind.EMPLOYER_ENGAGEMENT: "Employment opportunities with the Employer Engagement team",
    StrategyKind.THIRD_PARTY_PROVISION: "Provision with the Third Party Provision team",
    StrategyKind.JOINT_LOCAL: "With internal and external partners, for claimants with a "
    "complex health condition or disability. Your team leader must agree it first",
}


class StrategyForm(ServiceErrorsMixin, forms.Form):
    """What a DEA proposes; the choices of partners and conferences are the DEA's own."""

    service_fields = {"internal_partners": "internal_partners"}

    kind = forms.ChoiceField(
        label="What kind of strategy is it?",
        choices=StrategyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of strategy it is"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title for the strategy"},
    )
    summary = forms.CharField(
        label="Why is the strategy needed and what will it do?",
        help_text="Include as much detail as you can, so that partners understand and agree",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Say why the strategy is needed and what it will do"},
    )
    areas = forms.MultipleChoiceField(
        label="Which areas does it cover?",
        help_text="Select all that apply",
        choices=StrategyArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one area the strategy covers"},
    )
    internal_partners = forms.TypedMultipleChoiceField(
        label="Internal partners",
        help_text="Select all that apply",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external_partners = forms.CharField(
        label="External partners",
        help_text="One organisation a line, for example a GP surgery or a charity",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    activities = forms.TypedMultipleChoiceField(
        label="Which of your conferences found the gap?",
        help_text="Select all that apply",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, partners=(), activities=(), **kwargs):
        """``partners`` and ``activities`` are ``(id, label)`` choices."""
        super().__init__(*args, **kwargs)
        self.fields["internal_partners"].choices = list(partners)
        self.fields["activities"].choices = list(activities)
        if not partners:
            del self.fields["internal_partners"]
        if not activities:
            del self.fields["activities"]

    def external_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["external_partners"].splitlines()]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "summary": data["summary"],
            "areas": data["areas"],
            "internal_partner_ids": data.get("internal_partners", []),
            "external_partners": self.external_names(),
            "activity_ids": data.get("activities", []),
        }


class TextForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    summary = forms.CharField(
        label="Why is the strategy needed and what will it do?",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Say why the strategy is needed and what it will do"},
    )


class ActionForm(ServiceErrorsMixin, forms.Form):
    team = forms.ChoiceField(
        label="Who carries out the action?",
        choices=ActionTeam.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who carries out the action"},
    )
    partner_name = forms.CharField(
        label="External partner",
        help_text="Only for an external partner's action",
        max_length=200,
        required=False,
    )
    description = forms.CharField(
        label="What needs doing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the action"},
    )
    owner = forms.TypedChoiceField(
        label="Who owns the action?",
        coerce=int,
        error_messages={"required": "Select who owns the action"},
    )
    due = DateInputField(
        label="When is it due?",
        what="The due date",
        help_text="For example, 27 3 2027",
        error_messages={"required": "Enter the due date"},
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Select a person")] + [
            (person.pk, person.display_name) for person in owners
        ]


class PartnerContactForm(ServiceErrorsMixin, forms.Form):
    """A contact made with an external partner [56]."""

    on = DateInputField(
        label="When was the contact made?",
        what="The date of the contact",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the contact"},
    )
    channel = forms.ChoiceField(
        label="How was the contact made?",
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact was made"},
    )
    summary = forms.CharField(
        label="What was it about?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the contact was about"},
    )
