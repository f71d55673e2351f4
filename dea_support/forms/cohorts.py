"""Forms for the cohort page."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from jomcase.forms import ServiceErrorsMixin
from jomcase.models import Role, RoleAssignment, Staff


class GovukDateField(forms.DateField):
    """A date typed as day, month and year, or as 2026-11-23 / 23/11/2026."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


class CoachSearchForm(forms.Form):
    """Finding a work coach to add: part of a name or username, near the DEA first."""

    q = forms.CharField(
        label="Find a work coach",
        help_text="Type their first name, surname or username",
        max_length=100,
        required=False,
    )
    everywhere = forms.BooleanField(label="Include work coaches in other districts", required=False)

    def terms(self) -> tuple[str, bool]:
        """What to search for, and whether beyond the DEA's district; nothing when invalid."""
        if not self.is_valid():
            return "", False
        return self.cleaned_data["q"].strip(), self.cleaned_data["everywhere"]


def coach_label(coach: Staff, *, cohort_id: int) -> str:
    """How a work coach is offered: who, where, and the cohort they are in today, if any."""
    where = f", {coach.jobcentre.name}" if coach.jobcentre else ""
    label = f"{coach.display_name} ({coach.username}{where})"
    in_cohort = getattr(coach, "cohort_today", None)
    if in_cohort == cohort_id:
        label += " \N{EN DASH} already in this cohort"
    elif in_cohort:
        label += f" \N{EN DASH} in {coach.cohort_dea_name}'s cohort"
    return label


class AddMemberForm(ServiceErrorsMixin, forms.Form):
    """The coach chosen from the search results and their dates in the cohort.

    Only the coaches found are offered as choices (a national list of 12,000 could not be
    shown); any current, active work coach is accepted, so the rule errors come from the
    service rather than from the form.
    """

    work_coach = forms.ModelChoiceField(
        label="Choose a work coach",
        queryset=Staff.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a work coach", "invalid_choice": "Choose a work coach"},
    )
    start = GovukDateField(
        label="First day in the cohort",
        help_text="For example, 23/11/2026",
        error_messages={
            "required": "Enter the first day in the cohort",
            "invalid": "Enter the first day as a real date, like 23/11/2026",
        },
    )
    end = GovukDateField(
        label="Last day in the cohort (optional)",
        help_text="Leave empty while the coach stays in the cohort",
        required=False,
        error_messages={"invalid": "Enter the last day as a real date, like 31/03/2027"},
    )

    def __init__(self, *args, cohort_id: int, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        coaches = RoleAssignment.objects.current_on().filter(role=Role.WORK_COACH)
        self.fields["work_coach"].queryset = Staff.objects.filter(
            pk__in=coaches.values("staff_id"), is_active=True
        )
        self.cohort_id = cohort_id
        self.offer(candidates)
        if not self.is_bound:
            self.initial.setdefault("start", timezone.localdate().strftime("%d/%m/%Y"))

    def offer(self, candidates) -> None:
        """Show these coaches (from the search) as the choices."""
        self.fields["work_coach"].choices = [
            (coach.pk, coach_label(coach, cohort_id=self.cohort_id)) for coach in candidates
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The last day must be the same as or after the first day")
        return data


class EndMemberForm(ServiceErrorsMixin, forms.Form):
    end = GovukDateField(
        label="Last day in the cohort",
        help_text="They stay in the cohort until the end of this day. For example, 31/03/2027",
        error_messages={
            "required": "Enter the last day in the cohort",
            "invalid": "Enter the last day as a real date, like 31/03/2027",
        },
    )
