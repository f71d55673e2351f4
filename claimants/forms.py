"""Forms for the caseload and claimant pages. They collect input; the services decide."""

from __future__ import annotations

from django import forms

from claimants.models import AccessibleFormat, Benefit, CaseloadType, Conditionality, Regime
from claimants.selectors import SORTS
from jomcase.models import Staff


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label="National Insurance number or surname", required=False)
    benefit = forms.ChoiceField(
        label="Benefit", required=False, choices=[("", "Any benefit"), *Benefit.choices]
    )
    regime = forms.ChoiceField(
        label="Regime", required=False, choices=[("", "Any regime"), *Regime.choices]
    )
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "benefit": data["benefit"],
            "regime": data["regime"],
            "sort": data["sort"] or "name",
        }


class ClaimantForm(forms.Form):
    nino = forms.CharField(
        label="National Insurance number",
        help_text="It's on the claimant's benefit letters and payslips. For example, AB 12 34 56 C",
        max_length=20,
        required=False,
    )
    forenames = forms.CharField(label="First names", max_length=150, required=False)
    surname = forms.CharField(label="Surname", max_length=100, required=False)
    benefits = forms.MultipleChoiceField(
        label="Which benefits does the claimant get?",
        help_text="Select all that apply. Leave all unticked if they get none.",
        choices=Benefit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regime = forms.ChoiceField(
        label="Regime", choices=[("", "Not known"), *Regime.choices], required=False
    )
    conditionality = forms.ChoiceField(
        label="Conditionality",
        choices=Conditionality.choices,
        widget=forms.RadioSelect,
        initial=Conditionality.MANDATORY,
        required=False,
    )
    caseload_type = forms.ChoiceField(
        label="Caseload type", choices=[("", "Not set"), *CaseloadType.choices], required=False
    )
    accessible_formats = forms.MultipleChoiceField(
        label="Does the claimant need letters in another format?",
        choices=AccessibleFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vulnerability_exception = forms.CharField(
        label="Vulnerability exception (optional)",
        help_text=(
            "Only for a claimant on no out-of-work benefit who is clearly vulnerable or has "
            "declared an intention of suicide or self-harm. Say why support is still needed."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )
    self_harm_declared = forms.BooleanField(
        label="The claimant has declared an intention of suicide or self-harm", required=False
    )

    def __init__(self, *args, work_coaches=None, **kwargs):
        """``work_coaches``: the coaches the user may put the claimant with, when there is a
        choice (a team leader's team); without it the claimant stays with the user."""
        super().__init__(*args, **kwargs)
        if work_coaches is not None:
            self.fields["work_coach"] = forms.ModelChoiceField(
                label="Work coach",
                help_text="The work coach who holds the claimant on their caseload",
                queryset=work_coaches,
                empty_label="Choose a work coach",
                error_messages={
                    "required": "Choose the work coach who holds the claimant",
                    "invalid_choice": "Choose a work coach on your team",
                },
            )
            self.fields["work_coach"].label_from_instance = Staff.__str__

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["conditionality"] = data.get("conditionality") or Conditionality.MANDATORY
        if "work_coach" not in self.fields:
            data.pop("work_coach", None)
        return data

    def add_service_errors(self, error) -> None:
        """Show a service's ValidationError against the fields it names."""
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
