"""FTE returns: the monthly input of the headcount report (DESIGN.md section 8).

A return says that one person worked a share of a full-time post (0 < FTE <= 1) as one adviser
type in one jobcentre for one month. Each month's returns arrive together as a batch
(``FteImport``): an uploaded file, a snapshot of the staff register or the demo data. Loading a
month again replaces the whole month, and the old batch record stays as history. The same
transaction rewrites the month's totals per adviser type and jobcentre (``FteMonthTotal``),
which are what the headcount reads.

Personal data stays out: a return names its person only by ``staff_reference``, the key the
returns use (a register username or the source system's staff number), and links to ``Staff``
only when the person is on JOMCase's register. National returns cover thousands of people who
never sign in here, so the link is optional. Reports read sums of ``fte`` and nothing else.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jomcase.models import AdviserType, Dated, Jobcentre

FTE_MAX = Decimal("1.000")


def _fte_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=4, decimal_places=3, **kwargs)


def _fte_in_range(field: str, name: str) -> models.CheckConstraint:
    # Zero is refused as well: a zero return would turn the "no returns" blank into a 0.
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gt": 0, f"{field}__lte": FTE_MAX}), name=name
    )


class FteImport(models.Model):
    """One month's returns as they were loaded; the month's current batch has no ``replaced_at``."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded file"
        SNAPSHOT = "snapshot", "Staff register snapshot"
        DEMO = "demo", "Demonstration data"

    month = models.DateField(help_text="The first day of the month the returns are for.")
    source = models.CharField(max_length=10, choices=Source.choices)
    file_name = models.CharField(max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fte_imports",
    )
    imported_at = models.DateTimeField(default=timezone.now)
    row_count = models.PositiveIntegerField(default=0)
    total_fte = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal(0))
    replaced_row_count = models.PositiveIntegerField(
        default=0, help_text="Returns of the batch this one replaced."
    )
    replaced_at = models.DateTimeField(
        null=True, blank=True, help_text="When a later load of the same month replaced it."
    )

    class Meta:
        ordering = ["-month", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(replaced_at__isnull=True),
                name="one_current_fte_import_per_month",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="fte_import_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"FTE returns for {self.month:%B %Y} ({self.get_source_display().lower()})"

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None


class FteReturn(models.Model):
    """One person's FTE as one adviser type in one jobcentre for one month."""

    batch = models.ForeignKey(
        FteImport, on_delete=models.CASCADE, related_name="returns", db_index=False
    )
    month = models.DateField(help_text="The first day of the month; the same as the batch's.")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the partial unique constraint below indexes it
        help_text="Set when the person is on the staff register.",
    )
    staff_reference = models.CharField(
        max_length=40, help_text="The person's key in the returns, never shown in reports."
    )
    adviser_type = models.ForeignKey(
        AdviserType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    jobcentre = models.ForeignKey(
        Jobcentre, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    fte = _fte_field()

    class Meta:
        ordering = ["month", "adviser_type", "staff_reference"]
        constraints = [
            # Month first, so the same index finds a month's returns when it is replaced.
            models.UniqueConstraint(
                fields=["month", "adviser_type", "staff_reference"],
                name="one_fte_return_per_reference",
            ),
            models.UniqueConstraint(
                fields=["staff", "month", "adviser_type"],
                condition=Q(staff__isnull=False),
                name="one_fte_return_per_staff",
            ),
            _fte_in_range("fte", "fte_return_fte_range"),
            models.CheckConstraint(condition=Q(month__day=1), name="fte_return_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.fte} FTE for {self.month:%B %Y}"


class FteMonthTotal(models.Model):
    """A month's total FTE and number of returns for one adviser type in one jobcentre.

    Written with the month's returns in the same transaction and only there, so it always
    agrees with them. The headcount reads these few rows instead of every return: about a
    million returns a year nationally become a few thousand totals.
    """

    month = models.DateField()
    adviser_type = models.ForeignKey(
        AdviserType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    jobcentre = models.ForeignKey(
        Jobcentre, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    total_fte = models.DecimalField(max_digits=12, decimal_places=3)
    returns = models.PositiveIntegerField()

    class Meta:
        ordering = ["month", "adviser_type", "jobcentre"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "adviser_type", "jobcentre"], name="one_fte_total_per_month"
            ),
        ]
        indexes = [models.Index(fields=["jobcentre", "month"], name="fte_total_jobcentre_month")]

    def __str__(self) -> str:
        return f"{self.total_fte} FTE in {self.month:%B %Y}"


class StaffFte(Dated):
    """A register member's contracted FTE from a date, for the monthly snapshot.

    ``Staff`` holds no working pattern, and only the headcount needs one, so it lives here.
    Someone with no row current on the snapshot day counts as full time (1.000).
    """

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contracted_fte"
    )
    fte = _fte_field(help_text="Share of a full-time post, e.g. 0.600 for three days a week.")

    class Meta:
        verbose_name = "contracted FTE"
        verbose_name_plural = "contracted FTE"
        ordering = ["staff", "start"]
        constraints = [
            _fte_in_range("fte", "staff_fte_range"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="staff_fte_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fte} FTE from {self.start}"
