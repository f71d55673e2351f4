"""Forms for the cohort page."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from jomcase.models import Role, RoleAssignment, Staff


class GovukDateField(forms.DateField):
    """A date typed as day, month and year, or as 2026-11-23 / 23/11/2026."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


class AddMemberForm(forms.Form):
    work_coach = forms.ModelChoiceField(
        label="Work coach",
        queryset=Staff.objects.none(),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coaches = RoleAssignment.objects.current_on().filter(role=Role.WORK_COACH)
        self.fields["work_coach"].queryset = Staff.objects.filter(
            pk__in=coaches.values("staff_id"), is_active=True
        ).select_related("jobcentre")
        self.fields["work_coach"].label_from_instance = lambda s: (
            f"{s.display_name} ({s.username}{', ' + s.jobcentre.name if s.jobcentre else ''})"
        )
        if not self.is_bound:
            self.initial.setdefault("start", timezone.localdate().strftime("%d/%m/%Y"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The last day must be the same as or after the first day")
        return data


class EndMemberForm(forms.Form):
    end = GovukDateField(
        label="Last day in the cohort",
        error_messages={
            "required": "Enter the last day in the cohort",
            "invalid": "Enter the last day as a real date, like 31/03/2027",
        },
    )
