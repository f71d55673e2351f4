"""What lets a three-way or CSI go ahead: the claimant's consent, a CSI approval [22-24][36]."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from conferences.models.activities import Activity


class Consent(models.Model):
    """The claimant's consent to a three-way or a CSI, and what they were told [22-24][38]."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="consent")
    given = models.BooleanField()
    informed_role = models.BooleanField(
        default=False, help_text="Told what the DEA does and why it may help."
    )
    informed_consequences = models.BooleanField(
        default=False, help_text="Mandatory regime: told what follows from not attending."
    )
    informed_voluntary = models.BooleanField(default=False, help_text="CSI: told it is voluntary.")
    informed_conditionality = models.BooleanField(
        default=False, help_text="CSI: told regular interventions and conditionality continue."
    )
    discussed_with_team_leader = models.BooleanField(
        default=False, help_text="CSI: the work coach discussed it with their team leader."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Consent {'given' if self.given else 'refused'} for {self.activity}"


class CsiApproval(models.Model):
    """A WCTL's approval of one claimant support intervention beyond the cap of three [36]."""

    claimant = models.ForeignKey(
        "claimants.Claimant", on_delete=models.PROTECT, related_name="csi_approvals"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(help_text="The exceptional circumstances.")
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claimant", "approved_at"]

    def __str__(self) -> str:
        return f"CSI approval for {self.claimant} by {self.approved_by}"
