"""Organisation and people: districts, jobcentres, teams, staff, dated roles, the access log.

DESIGN.md section 2: district -> jobcentre -> team; one staff record per person with one or more
dated roles and an adviser type for headcount; a team is led by a work coach team leader; a DEA is
line-managed by a WCTL. Every membership has a start and an optional end so any past date is true.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property


class Nation(models.TextChoices):
    """Bank holidays differ by nation; Jobcentre Plus covers England, Wales and Scotland."""

    ENGLAND_AND_WALES = "england_and_wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"


class Role(models.TextChoices):
    WORK_COACH = "work_coach", "Work coach"
    DEA = "dea", "Disability employment adviser"
    WCTL = "wctl", "Work coach team leader"
    SDTL = "sdtl", "Service delivery team leader"
    SERVICE_DELIVERY_COACH = "service_delivery_coach", "Service delivery coach"
    WORK_PSYCHOLOGIST = "work_psychologist", "Work psychologist"
    EMPLOYER_ADVISER = "employer_adviser", "Employer adviser"
    TPP_MANAGER = "tpp_manager", "Third party provision manager"
    PARTNERSHIP_MANAGER = "partnership_manager", "Partnership manager"
    ANALYST = "analyst", "Analyst"
    ADMINISTRATOR = "administrator", "Administrator"


class DatedQuerySet(models.QuerySet):
    """Rows with a ``start`` and an optional ``end`` (both inclusive)."""

    def current_on(self, day: dt.date | None = None) -> DatedQuerySet:
        day = day or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def overlapping(self, start: dt.date, end: dt.date | None) -> DatedQuerySet:
        qs = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        return qs.filter(start__lte=end) if end else qs


class Dated(models.Model):
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Last day; empty while it lasts.")

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_current(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.start <= day and (self.end is None or self.end >= day)


class District(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Jobcentre(models.Model):
    name = models.CharField(max_length=120, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="jobcentres")
    nation = models.CharField(
        max_length=20, choices=Nation.choices, default=Nation.ENGLAND_AND_WALES
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdviserType(models.Model):
    """Reference data for headcount; names are kept exactly as DWP publishes them."""

    name = models.CharField(max_length=160, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in reports.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class StaffManager(UserManager):
    pass


class Staff(AbstractUser):
    """One record per person who signs in. Roles, teams and line managers are dated rows."""

    jobcentre = models.ForeignKey(
        Jobcentre, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    adviser_type = models.ForeignKey(
        AdviserType, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )

    objects = StaffManager()

    class Meta:
        verbose_name = "staff member"
        verbose_name_plural = "staff"
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def nation(self) -> str:
        """The nation whose bank holidays this person's working days skip (their jobcentre's)."""
        return self.jobcentre.nation if self.jobcentre_id else Nation.ENGLAND_AND_WALES

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles held today, read once per request (or loaded with the user)."""
        loaded = self.__dict__.get("current_roles")
        if loaded is not None:
            return frozenset(loaded)
        return frozenset(self.role_assignments.current_on().values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class RoleAssignment(Dated):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["staff", "start"]
        indexes = [models.Index(fields=["role", "staff"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="role_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} as {self.get_role_display()} from {self.start}"


class Team(models.Model):
    name = models.CharField(max_length=120)
    jobcentre = models.ForeignKey(Jobcentre, on_delete=models.PROTECT, related_name="teams")
    leader = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_led",
        help_text="The work coach team leader.",
    )

    class Meta:
        ordering = ["jobcentre", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jobcentre", "name"], name="team_name_per_jobcentre")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.jobcentre}"


class TeamMembership(Dated):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="team_memberships")

    class Meta:
        ordering = ["team", "start"]
        indexes = [models.Index(fields=["staff", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="team_membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} in {self.team}"


class LineManagement(Dated):
    """Who line-manages whom, e.g. the WCTL who manages a DEA (DESIGN.md section 2)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="line_managers")
    manager = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="reports")

    class Meta:
        ordering = ["staff", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="line_management_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(staff=models.F("manager")), name="no_self_line_management"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manager} manages {self.staff}"


class AccessLog(models.Model):
    """One row for every read of a personal record (DESIGN.md section 10)."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="access_logs")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    record_type = models.CharField(max_length=40)
    record_id = models.BigIntegerField()
    via = models.CharField(max_length=200, help_text="The page or API endpoint that showed it.")

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["record_type", "record_id", "at"])]

    def __str__(self) -> str:
        return f"{self.staff} read {self.record_type} {self.record_id} at {self.at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message to one staff member, shown in the service and e-mailed once.

    ``key`` names what it is about (e.g. one transition of one request), so the same event
    never notifies the same person twice, however often a job or a retry runs.
    """

    recipient = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.title} for {self.recipient}"

    @property
    def has_local_link(self) -> bool:
        """Whether it leads to a page of the service (only those are followed)."""
        from jomcase.links import is_local_path

        return is_local_path(self.link)


class JobRun(models.Model):
    """One run of a scheduled rule: when, what it looked at, what it changed, what went wrong.

    Administrators read these in the admin to see that the rules run and what they did.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=80, db_index=True)
    task_id = models.CharField(max_length=80, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    looked_at = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    details = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "started_at"])]

    def __str__(self) -> str:
        return f"{self.name} at {self.started_at:%Y-%m-%d %H:%M} ({self.status})"
