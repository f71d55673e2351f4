"""Forms for the caseload and claimant pages. They collect input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms

from claimants import services
from claimants.models import AccessibleFormat, Benefit, CaseloadType, Conditionality, Regime
from claimants.selectors import SORTS
from jomcase.date_input import DateInputField
from jomcase.forms import ServiceErrorsMixin
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


_YES_NO = [("yes", "Yes"), ("no", "No")]


class SixPointPlanForm(ServiceErrorsMixin, forms.Form):
    """The facts of a six point plan record [37]; ``claimants.services`` checks them."""

    declared_on = DateInputField(
        label="When did the claimant make the declaration?",
        what="The date of the declaration",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the declaration"},
    )
    declaration = forms.CharField(
        label="What did the claimant declare?",
        help_text="Facts only: what they said or did, in their words where you can. "
        "Not a clinical opinion.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": services.SIX_POINT_PLAN_TEXTS["declaration"]},
    )
    steps_taken = forms.CharField(
        label="What steps did you take?",
        help_text="For example, kept the claimant talking, asked a colleague to stay with "
        "them, gave the Samaritans' number",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": services.SIX_POINT_PLAN_TEXTS["steps_taken"]},
    )
    emergency_services_contacted = forms.ChoiceField(
        label="Were emergency services contacted?",
        choices=_YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if emergency services were contacted"},
    )
    people_told = forms.CharField(
        label="Who was told?",
        help_text="For example, your manager, a supporting colleague, the claimant's GP",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.SIX_POINT_PLAN_TEXTS["people_told"]},
    )
    follow_up = forms.CharField(
        label="What follow-up was agreed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.SIX_POINT_PLAN_TEXTS["follow_up"]},
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["emergency_services_contacted"] = data["emergency_services_contacted"] == "yes"
        return data

    def session_data(self) -> dict:
        """The answers as the session keeps them until the check page records them."""
        data = dict(self.cleaned_data)
        data["declared_on"] = data["declared_on"].isoformat()
        return data

    @classmethod
    def from_session(cls, answers: dict) -> SixPointPlanForm:
        """A bound form of answers kept in the session, to check again before recording."""
        day = dt.date.fromisoformat(answers["declared_on"])
        data = {key: value for key, value in answers.items() if key != "declared_on"}
        data |= {
            "declared_on-day": day.day,
            "declared_on-month": day.month,
            "declared_on-year": day.year,
        }
        return cls(data)


class SixPointPlanReviewForm(ServiceErrorsMixin, forms.Form):
    """A team leader's review of a six point plan record: its date and a note."""

    review_on = DateInputField(
        label="Date of the review",
        what="The date of the review",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the review"},
    )
    note = forms.CharField(
        label="Review note",
        help_text="What you checked, and anything further to do",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a note about the review"},
    )
