"""Outcomes: what each kind of activity allows, and each one recorded with its follow-on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from conferences.models.activities import Activity, ActivityKind


class OutcomeKind(models.TextChoices):
    CASE_CONFERENCE = "case_conference", "Case conference"
    SKILL_CONFERENCE = "skill_conference", "Further skill conference"
    CLAIMANT_SUPPORT_INTERVENTION = "claimant_support_intervention", "Claimant support intervention"
    THREE_WAY = "three_way", "Three-way intervention"
    GROUP_CONFERENCE_CASE = "group_conference_case", "Case selected for group conference"
    WORK_PSYCHOLOGIST_ACTION = "work_psychologist_action", "Work psychologist action"
    EMPLOYER_ADVISER_ACTION = "employer_adviser_action", "Employer adviser action"
    THIRD_PARTY_PROVISION_ACTION = "third_party_provision_action", "Third party provision action"
    NO_FURTHER_SUPPORT = "no_further_support", "No further support needed"


_ACTIONS = (
    OutcomeKind.WORK_PSYCHOLOGIST_ACTION,
    OutcomeKind.EMPLOYER_ADVISER_ACTION,
    OutcomeKind.THIRD_PARTY_PROVISION_ACTION,
    OutcomeKind.NO_FURTHER_SUPPORT,
)

#: The outcomes each kind of activity allows (the table in DESIGN.md section 5).
ALLOWED_OUTCOMES: dict[str, tuple[str, ...]] = {
    ActivityKind.CASE_CONFERENCE: (
        OutcomeKind.CASE_CONFERENCE,
        OutcomeKind.CLAIMANT_SUPPORT_INTERVENTION,
        OutcomeKind.THREE_WAY,
        OutcomeKind.GROUP_CONFERENCE_CASE,
        *_ACTIONS,
    ),
    ActivityKind.SKILL_CONFERENCE: (
        OutcomeKind.SKILL_CONFERENCE,
        OutcomeKind.GROUP_CONFERENCE_CASE,
        *_ACTIONS,
    ),
    ActivityKind.THREE_WAY: (
        OutcomeKind.CASE_CONFERENCE,
        OutcomeKind.CLAIMANT_SUPPORT_INTERVENTION,
        OutcomeKind.THREE_WAY,
        OutcomeKind.GROUP_CONFERENCE_CASE,
        *_ACTIONS,
    ),
    ActivityKind.GROUP_CONFERENCE: (
        OutcomeKind.CASE_CONFERENCE,
        OutcomeKind.CLAIMANT_SUPPORT_INTERVENTION,
        OutcomeKind.THREE_WAY,
        *_ACTIONS,
    ),
    ActivityKind.CLAIMANT_SUPPORT_INTERVENTION: (
        OutcomeKind.CASE_CONFERENCE,
        OutcomeKind.CLAIMANT_SUPPORT_INTERVENTION,
        OutcomeKind.THREE_WAY,
        *_ACTIONS,
    ),
    ActivityKind.INFORMATIONAL_SUPPORT: (),
}


class Outcome(models.Model):
    """One outcome of a held activity, linked to the follow-on it created.

    A group conference has outcomes per case on its agenda, so its rows name the case.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outcomes")
    agenda_case = models.ForeignKey(
        "AgendaCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        help_text="For a group conference: the case on its agenda the outcome is about.",
    )
    kind = models.CharField(max_length=40, choices=OutcomeKind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    follow_on_activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="from_outcome"
    )
    follow_on_action = models.OneToOneField(
        "Action", on_delete=models.PROTECT, null=True, blank=True, related_name="from_outcome"
    )
    follow_on_agenda_case = models.OneToOneField(
        "AgendaCase", on_delete=models.PROTECT, null=True, blank=True, related_name="from_outcome"
    )

    class Meta:
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "kind"],
                condition=Q(agenda_case__isnull=True),
                name="one_outcome_of_each_kind",
            ),
            models.UniqueConstraint(
                fields=["activity", "agenda_case", "kind"],
                condition=Q(agenda_case__isnull=False),
                name="one_outcome_of_each_kind_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.activity}"
