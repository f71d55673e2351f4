"""Quality Assurance Standards (DESIGN.md section 6; seed 002 [69]).

A team leader quality-assures a DEA's work by observing it and answering a checklist. There
are three checklists: QAS 1 for a claimant support intervention, QAS 2 for a case conference,
skill conference or three-way, and the group case conference checklist for a group
conference. Each checklist is versioned: a published version never changes, and a check keeps
the version it was answered against, so publishing new questions leaves every past check
reading as it was done. Edits to a check after it was signed off are kept in its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from conferences.models import ActivityKind, ActivityState


class CheckType(models.TextChoices):
    QAS1 = "qas1", "QAS 1"
    QAS2 = "qas2", "QAS 2"
    GROUP_CHECKLIST = "group_checklist", "Group case conference checklist"


#: The kinds of activity each check observes (DESIGN.md section 6).
OBSERVED_KINDS: dict[str, tuple[str, ...]] = {
    CheckType.QAS1: (ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,),
    CheckType.QAS2: (
        ActivityKind.CASE_CONFERENCE,
        ActivityKind.SKILL_CONFERENCE,
        ActivityKind.THREE_WAY,
    ),
    CheckType.GROUP_CHECKLIST: (ActivityKind.GROUP_CONFERENCE,),
}

#: What each check looks at, in the words the pages use.
OBSERVES: dict[str, str] = {
    CheckType.QAS1: "a claimant support intervention",
    CheckType.QAS2: "a case conference, skill conference or three-way intervention",
    CheckType.GROUP_CHECKLIST: "a group work coach conference",
}

#: States in which an activity has taken place and so can have been observed.
OBSERVED_STATES = (ActivityState.HELD, ActivityState.CONCLUDED)


def check_type_for_kind(kind: str) -> str | None:
    """The one check that observes this kind of activity, or None (informational support)."""
    for check_type, kinds in OBSERVED_KINDS.items():
        if kind in kinds:
            return check_type
    return None


class ChecklistTemplateQuerySet(models.QuerySet):
    def published(self) -> ChecklistTemplateQuerySet:
        return self.filter(published_at__isnull=False)

    def current(self) -> ChecklistTemplateQuerySet:
        """The latest published version of each checklist."""
        return (
            self.published()
            .order_by("check_type", "-version")
            .distinct("check_type")
            .prefetch_related("criteria")
        )


class ChecklistTemplate(models.Model):
    """One version of one checklist. A draft (no ``published_at``) may be edited; a published
    version is fixed for good, and a change to the questions is a new version."""

    check_type = models.CharField(max_length=20, choices=CheckType.choices)
    version = models.PositiveSmallIntegerField()
    introduction = models.TextField(blank=True, help_text="Shown above the questions.")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["check_type", "version"]
        verbose_name = "checklist version"
        constraints = [
            models.UniqueConstraint(
                fields=["check_type", "version"], name="one_checklist_per_type_and_version"
            )
        ]

    def __str__(self) -> str:
        state = "" if self.published_at else " (draft)"
        return f"{self.get_check_type_display()} version {self.version}{state}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Criterion(models.Model):
    """One question of a checklist version, with guidance on what to look for."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="What the observer looks for.")

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="one_criterion_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Answer(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Result(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class QasCheck(models.Model):
    """A team leader's check of one piece of a DEA's work, signed off when it is saved.

    ``observed_on`` is the day the work took place; it decides which month the check counts
    for. Every later edit, and the DEA's acknowledgement, is kept in ``history``.
    """

    check_type = models.CharField(max_length=20, choices=CheckType.choices)
    dea = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qas_checks_received"
    )
    wctl = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="qas_checks_done",
        verbose_name="team leader",
    )
    activity = models.ForeignKey(
        "conferences.Activity", on_delete=models.PROTECT, related_name="qas_checks"
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name="checklist version",
    )
    observed_on = models.DateField()
    result = models.CharField(max_length=20, choices=Result.choices)
    positive_feedback = models.TextField(blank=True)
    areas_to_improve = models.TextField(blank=True)
    feedback_given_on = models.DateField(null=True, blank=True)
    signed_off_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = "QAS check"
        indexes = [
            models.Index(fields=["dea", "observed_on"]),
            models.Index(fields=["wctl", "observed_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "check_type"], name="one_check_of_each_type_per_activity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_check_type_display()} of {self.dea} on {self.observed_on}"


class CheckAnswer(models.Model):
    """The answer to one question of the check's checklist version."""

    qas_check = models.ForeignKey(QasCheck, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    comment = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="What was seen or read that shows it.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["qas_check", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["qas_check", "criterion"], name="one_answer_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} - {self.get_answer_display()}"


class PlannedObservation(models.Model):
    """A team leader's note that they will observe a booked activity for a check."""

    activity = models.ForeignKey(
        "conferences.Activity", on_delete=models.CASCADE, related_name="planned_observations"
    )
    wctl = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="planned_observations",
        verbose_name="team leader",
    )
    check_type = models.CharField(max_length=20, choices=CheckType.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "wctl"], name="one_planned_observation_per_leader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wctl} will observe {self.activity}"
