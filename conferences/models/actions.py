"""Partner actions: the work an outcome gives a partner, and who covers each jobcentre."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from conferences.models.activities import Activity
from conferences.models.outcomes import OutcomeKind
from jomcase.models import Dated, Role


class ActionKind(models.TextChoices):
    WORK_PSYCHOLOGIST = "work_psychologist", "Work psychologist action"
    EMPLOYER_ADVISER = "employer_adviser", "Employer adviser action"
    THIRD_PARTY_PROVISION = "third_party_provision", "Third party provision manager action"


class ActionState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


#: The partner role that takes each kind of action.
ACTION_ROLE = {
    ActionKind.WORK_PSYCHOLOGIST: Role.WORK_PSYCHOLOGIST,
    ActionKind.EMPLOYER_ADVISER: Role.EMPLOYER_ADVISER,
    ActionKind.THIRD_PARTY_PROVISION: Role.TPP_MANAGER,
}
OUTCOME_ACTION = {
    OutcomeKind.WORK_PSYCHOLOGIST_ACTION: ActionKind.WORK_PSYCHOLOGIST,
    OutcomeKind.EMPLOYER_ADVISER_ACTION: ActionKind.EMPLOYER_ADVISER,
    OutcomeKind.THIRD_PARTY_PROVISION_ACTION: ActionKind.THIRD_PARTY_PROVISION,
}


class PartnerCoverage(Dated):
    """Who is the work psychologist, employer adviser or TPP manager for a jobcentre.

    An action from an outcome goes to the person covering the claimant's jobcentre (s5).
    """

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_coverage"
    )
    jobcentre = models.ForeignKey(
        "jomcase.Jobcentre", on_delete=models.CASCADE, related_name="partner_coverage"
    )
    role = models.CharField(
        max_length=30,
        choices=[(r.value, r.label) for r in ACTION_ROLE.values()],
    )

    class Meta:
        ordering = ["jobcentre", "role", "start"]
        indexes = [models.Index(fields=["jobcentre", "role", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="partner_coverage_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} as {self.get_role_display()} for {self.jobcentre}"


class Action(models.Model):
    """Work an outcome gives a partner: the work psychologist, employer adviser or TPP manager."""

    kind = models.CharField(max_length=30, choices=ActionKind.choices)
    state = models.CharField(max_length=10, choices=ActionState.choices, default=ActionState.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions"
    )
    claimant = models.ForeignKey(
        "claimants.Claimant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    origin_activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="actions")
    note = models.TextField(blank=True)
    due = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["assignee", "state", "due"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} for {self.assignee}"
