"""Claimants on work coaches' caseloads (DESIGN.md section 3)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claimants import nino as nino_rules


class Benefit(models.TextChoices):
    JSA = "jsa", "Jobseeker's Allowance (JSA)"
    UC = "uc", "Universal Credit (UC)"
    ESA = "esa", "Employment and Support Allowance (ESA)"
    IB = "ib", "Incapacity Benefit (IB)"
    IS = "is", "Income Support (IS)"
    PIP = "pip", "Personal Independence Payment (PIP)"
    DLA = "dla", "Disability Living Allowance (DLA)"
    AA = "aa", "Attendance Allowance (AA)"


#: Claiming one of these makes a claimant eligible for DEA and work coach support [3].
OUT_OF_WORK_BENEFITS = (Benefit.JSA, Benefit.UC, Benefit.ESA, Benefit.IB, Benefit.IS)


class Regime(models.TextChoices):
    # Universal Credit conditionality regimes, named as in DWP's statistics.
    SEARCHING_FOR_WORK = "searching_for_work", "Searching for work"
    WORKING_WITH_REQUIREMENTS = "working_with_requirements", "Working - with requirements"
    NO_WORK_REQUIREMENTS = "no_work_requirements", "No work requirements"
    WORKING_NO_REQUIREMENTS = "working_with_no_requirements", "Working - no requirements"
    PLANNING_FOR_WORK = "planning_for_work", "Planning for work"
    PREPARING_FOR_WORK = "preparing_for_work", "Preparing for work"
    # Legacy benefits' regimes.
    JSA = "jsa", "Jobseeker's Allowance"
    ESA_WORK_RELATED_ACTIVITY = "esa_work_related_activity", "ESA work-related activity group"
    ESA_SUPPORT_GROUP = "esa_support_group", "ESA support group"
    INCAPACITY_BENEFIT = "incapacity_benefit", "Incapacity Benefit"
    INCOME_SUPPORT = "income_support", "Income Support"


class Conditionality(models.TextChoices):
    MANDATORY = "mandatory", "Mandatory"
    VOLUNTARY = "voluntary", "Voluntary"


class CaseloadType(models.TextChoices):
    """The caseload types of DWP's caseload workbook (seed 001)."""

    JSA = "jsa", "Jobseeker's Allowance"
    UC = "uc", "Universal Credit"
    ESA_IB = "esa_ib", "ESA and Incapacity Benefit"
    LONE_PARENT = "lone_parent", "Income Support lone parents"
    PARTNER = "partner", "Partners"
    DISABLED = "disabled", "Disabled customers"


class AccessibleFormat(models.TextChoices):
    LARGE_PRINT = "large_print", "Large print"
    BRAILLE = "braille", "Braille"


class ClaimantQuerySet(models.QuerySet):
    def visible_to(self, user) -> ClaimantQuerySet:
        from claimants.permissions import claimant_visibility

        return self.filter(claimant_visibility(user))

    def eligible_for_support(self) -> ClaimantQuerySet:
        """Claimants a DEA may support (``claimants.eligibility.ELIGIBLE``)."""
        from claimants.eligibility import ELIGIBLE

        return self.filter(ELIGIBLE)

    def search(self, text: str) -> ClaimantQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        normalised = nino_rules.normalise(text)
        if nino_rules.is_valid(normalised):
            return self.filter(nino=normalised)
        return self.filter(Q(surname__iexact=text) | Q(surname__istartswith=text))


class Claimant(models.Model):
    nino = models.CharField(
        "National Insurance number",
        max_length=9,
        unique=True,
        validators=[nino_rules.validate_nino],
    )
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=150)
    # Empty is allowed: someone may claim nothing at all and still be recorded [3][4].
    benefits = ArrayField(
        models.CharField(max_length=3, choices=Benefit.choices), default=list, blank=True
    )
    non_benefit = models.GeneratedField(
        expression=~Q(benefits__overlap=list(OUT_OF_WORK_BENEFITS)),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    regime = models.CharField(max_length=40, choices=Regime.choices, blank=True)
    conditionality = models.CharField(
        max_length=10, choices=Conditionality.choices, default=Conditionality.MANDATORY
    )
    caseload_type = models.CharField(max_length=20, choices=CaseloadType.choices, blank=True)
    work_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        help_text="The work coach who holds the claimant today.",
    )
    # Null means no exception is recorded; the API speaks of it as null or a reason.
    vulnerability_exception = models.CharField(  # noqa: DJ001
        max_length=500,
        blank=True,
        null=True,
        help_text="Why a claimant on no out-of-work benefit may still have support [5].",
    )
    accessible_formats = ArrayField(
        models.CharField(max_length=20, choices=AccessibleFormat.choices),
        default=list,
        blank=True,
        help_text="Formats letters must be sent in [40].",
    )
    self_harm_declared = models.BooleanField(
        default=False, help_text="A declared intention of suicide or self-harm [5][37]."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimantQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "non_benefit"])

    class Meta:
        ordering = ["surname", "forenames", "id"]
        indexes = [
            models.Index(fields=["work_coach", "surname", "forenames", "id"]),
            models.Index(fields=["surname"]),
            GinIndex(fields=["benefits"]),
        ]

    def __str__(self) -> str:
        return f"{self.forenames} {self.surname}"

    @property
    def nino_display(self) -> str:
        return nino_rules.display(self.nino)

    @property
    def full_name(self) -> str:
        return f"{self.forenames} {self.surname}"

    @property
    def support_basis(self):
        """Why a DEA may support this claimant, or None (``claimants.eligibility``) [3][5]."""
        from claimants.eligibility import support_basis

        return support_basis(self)

    @property
    def eligible_for_support(self) -> bool:
        """An out-of-work benefit, a declared intention of self-harm, or a recorded
        vulnerability exception (``claimants.eligibility``) [3][5]."""
        return self.support_basis is not None

    @property
    def support_exception(self) -> str:
        """Why support is allowed without an out-of-work benefit; empty when not needed."""
        from claimants.eligibility import exception_explanation

        return exception_explanation(self)

    def get_benefits_display(self) -> str:
        labels = dict(Benefit.choices)
        return ", ".join(labels.get(b, b).split(" (")[-1].rstrip(")") for b in self.benefits)


class CaseloadTransfer(models.Model):
    """A claimant moving from one work coach to another (or first joining a caseload)."""

    claimant = models.ForeignKey(Claimant, on_delete=models.CASCADE, related_name="transfers")
    from_work_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_work_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["claimant", "at"]

    def __str__(self) -> str:
        return f"{self.claimant} to {self.to_work_coach} on {self.at:%Y-%m-%d}"


class SixPointPlanRecord(models.Model):
    """The facts of a six point plan response to a declared intention of suicide or self-harm
    [37] (DESIGN.md section 3): what was declared and when, the steps taken, who was told,
    whether emergency services were contacted, and the follow-up; then the team leader's review.

    Facts only, never clinical notes. Written only by ``claimants.services``.
    """

    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="six_point_plans")
    declared_on = models.DateField(help_text="The day the claimant made the declaration.")
    declaration = models.TextField(help_text="What the claimant declared, in facts.")
    steps_taken = models.TextField()
    emergency_services_contacted = models.BooleanField()
    people_told = models.TextField(help_text="Who was told: colleagues, manager, others.")
    follow_up = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True, help_text="The day of the review.")
    review_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claimant", "-declared_on", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["claimant", "-recorded_at"])]

    def __str__(self) -> str:
        return f"Six point plan for {self.claimant} declared on {self.declared_on:%Y-%m-%d}"

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None
