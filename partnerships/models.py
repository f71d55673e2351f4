"""The DEA's wider work (DESIGN.md section 7; seed 002 [43-68]): strategies and the
district's directory of external partners.

A strategy is work the DEA leads with the work psychologist, Employer Engagement, Third Party
Provision or, for a joint local strategy, internal and external partners together [45-46][58-59].
The DEA's line-managing team leader owns it; a joint local strategy needs its owner's
agreement before anything else happens to it [59]. Each strategy links the conferences and
outcomes that found the gap it fills, and holds actions for the partners who do its work.
Every version of its text is kept, with who changed it.

External partners [55-57] are the GP surgeries, NHS services, charities, disability peer-led
organisations and local authorities of a district, with their work contacts, the services
they offer and every contact the DEA made with them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords


class StrategyKind(models.TextChoices):
    WORK_PSYCHOLOGIST = "work_psychologist", "Work psychologist strategy"
    EMPLOYER_ENGAGEMENT = "employer_engagement", "Employer Engagement strategy"
    THIRD_PARTY_PROVISION = "third_party_provision", "Third Party Provision strategy"
    JOINT_LOCAL = "joint_local", "Joint local strategy"


class StrategyArea(models.TextChoices):
    """The areas a strategy may cover, one or more [45]."""

    CONDITION_MANAGEMENT = "condition_management", "Condition management"
    EMPLOYMENT = "employment", "Employment"
    PROVISION = "provision", "Provision"
    AWARENESS = "awareness", "Work coach awareness and learning"


class StrategyState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ActionTeam(models.TextChoices):
    """Who carries out an action of a strategy [46][49][52][59]."""

    EMPLOYER_ENGAGEMENT = "employer_engagement", "Employer Engagement"
    THIRD_PARTY_PROVISION = "third_party_provision", "Third Party Provision"
    WORK_PSYCHOLOGIST = "work_psychologist", "Work psychologist"
    EXTERNAL_PARTNER = "external_partner", "External partner"


def settled(strategy: Strategy) -> bool:
    """A joint local strategy waits for its owner's agreement before anything else [59]."""
    return strategy.kind != StrategyKind.JOINT_LOCAL or strategy.state != StrategyState.PROPOSED


class Strategy(ConcurrentTransitionMixin, models.Model):
    """One strategy led by a DEA and owned by their line-managing team leader.

    Transitions only check guards and change fields; ``partnerships.services`` locks the row,
    checks who may act, saves and tells the people concerned.
    """

    kind = models.CharField(max_length=30, choices=StrategyKind.choices)
    areas = ArrayField(models.CharField(max_length=30, choices=StrategyArea.choices))
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="Why the strategy is needed and what it will do.")
    state = FSMField(choices=StrategyState.choices, default=StrategyState.PROPOSED, protected=True)
    dea = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="strategies_led",
        verbose_name="lead DEA",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="strategies_owned",
        help_text="The lead DEA's line-managing team leader on the day it was created.",
    )
    internal_partners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="strategies_partnered"
    )
    external_partners = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Names of the external organisations taking part.",
    )
    activities = models.ManyToManyField(
        "conferences.Activity",
        blank=True,
        related_name="strategies",
        help_text="Conferences and group conferences that identified the gap.",
    )
    outcomes = models.ManyToManyField(
        "conferences.Outcome",
        blank=True,
        related_name="strategies",
        help_text="Outcomes that identified the gap.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(related_name="versions")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "strategies"
        indexes = [
            models.Index(fields=["dea", "state"]),
            models.Index(fields=["owner", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def area_labels(self) -> list[str]:
        return [StrategyArea(area).label for area in self.areas]

    @transition(
        field=state,
        source=StrategyState.PROPOSED,
        target=StrategyState.AGREED,
        custom={"label": "Agree"},
    )
    def agree(self) -> None:
        """The owner agrees that the work may go ahead [59]."""
        self.agreed_at = timezone.now()

    @transition(
        field=state,
        source=[StrategyState.PROPOSED, StrategyState.AGREED],
        target=StrategyState.ACTIVE,
        conditions=[settled],
        custom={"label": "Start work"},
    )
    def activate(self) -> None:
        """The partners start the strategy's work [46]."""
        self.activated_at = timezone.now()

    @transition(
        field=state,
        source=[StrategyState.PROPOSED, StrategyState.AGREED, StrategyState.ACTIVE],
        target=StrategyState.CLOSED,
        conditions=[settled],
        custom={"label": "Close"},
    )
    def close(self) -> None:
        """The strategy's work is finished or no longer needed."""
        self.closed_at = timezone.now()


class StrategyAction(models.Model):
    """Work a strategy gives a partner, with a named owner and a due date [46][49][52][59]."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    team = models.CharField(max_length=30, choices=ActionTeam.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="strategy_actions",
        help_text="The member of staff who sees it through.",
    )
    partner_name = models.CharField(
        max_length=200, blank=True, help_text="For an external partner's action: who."
    )
    due = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["owner", "due"])]

    def __str__(self) -> str:
        return f"{self.get_team_display()} action #{self.pk} for {self.strategy}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class PartnerKind(models.TextChoices):
    """The external organisations a DEA works with [55-56]."""

    GP_SURGERY = "gp_surgery", "GP surgery"
    NHS = "nhs", "NHS service"
    CHARITY = "charity", "Disability charity"
    DPLO = "dplo", "Disability peer-led organisation"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER = "other", "Other organisation"


class ContactChannel(models.TextChoices):
    """How a contact was made; e-mail or phone, preferably leading to a meeting [56]."""

    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    FACE_TO_FACE = "face_to_face", "Face to face"
    VIDEO = "video", "Video call"
    TELEKIT = "telekit", "Telekit"


class Partner(models.Model):
    """An external health or disability organisation in a district's directory [55-56].

    ``contacts`` holds the partner's staff as ``{"name", "email", "phone"}`` (work details
    only). ``last_contact_on`` is kept in step with the contacts made by
    ``partnerships.services.partner_contact_record``.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    district = models.ForeignKey(
        "jomcase.District", on_delete=models.PROTECT, related_name="partners"
    )
    services = models.TextField(blank=True, help_text="The support the partner offers.")
    contacts = models.JSONField(default=list, blank=True)
    last_contact_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(related_name="versions")

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["district", "kind", "name"])]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A contact the DEA made with a partner: when, how, and what was said [56]."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts_made")
    on = models.DateField()
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    summary = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.partner} on {self.on}"
