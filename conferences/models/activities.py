"""Activities: their kinds, states and transitions, each step's event, and who takes part."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class ActivityKind(models.TextChoices):
    CASE_CONFERENCE = "case_conference", "Case conference"
    SKILL_CONFERENCE = "skill_conference", "Skill conference"
    INFORMATIONAL_SUPPORT = "informational_support", "Informational support"
    THREE_WAY = "three_way", "Three-way intervention"
    GROUP_CONFERENCE = "group_conference", "Group work coach conference"
    CLAIMANT_SUPPORT_INTERVENTION = "claimant_support_intervention", "Claimant support intervention"


#: Kinds that need the claimant's consent before they can be booked (s5).
NEEDS_CONSENT = (ActivityKind.THREE_WAY, ActivityKind.CLAIMANT_SUPPORT_INTERVENTION)


class ActivityState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    HOLDING_RESPONSE = "holding_response", "Holding response sent"
    AWAITING_CONSENT = "awaiting_consent", "Awaiting consent"
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    CONCLUDED = "concluded", "Concluded"
    CANCELLED = "cancelled", "Cancelled"
    NOT_ATTENDED = "not_attended", "Not attended"
    CONSENT_REFUSED = "consent_refused", "Consent refused"


OPEN_ACTIVITY_STATES = (
    ActivityState.PROPOSED,
    ActivityState.HOLDING_RESPONSE,
    ActivityState.AWAITING_CONSENT,
    ActivityState.BOOKED,
    ActivityState.HELD,
)

#: Claimant support interventions a claimant may have before a team leader approves more.
CSI_CAP = 3
#: States in which a CSI counts towards the cap: booked and not cancelled before it happened.
CSI_COUNTED_STATES = (
    ActivityState.BOOKED,
    ActivityState.HELD,
    ActivityState.CONCLUDED,
    ActivityState.NOT_ATTENDED,
)


class MeetingChannel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    EMAIL = "email", "E-mail"


def _is_booked_work(activity: Activity) -> bool:
    """Informational support is answered, never booked [19-20]."""
    return activity.kind != ActivityKind.INFORMATIONAL_SUPPORT


def _has_started(activity: Activity) -> bool:
    """Nothing is marked held (or not attended) before its booked start (s5)."""
    return activity.start is not None and activity.start <= timezone.now()


def _not_started(activity: Activity) -> bool:
    """Once its booked start has passed it either took place or nobody came: it is marked
    held or not attended, never cancelled, so a CSI that was due still counts (s5)."""
    return activity.start is None or activity.start > timezone.now()


class Activity(ConcurrentTransitionMixin, models.Model):
    """One piece of the DEA's work, from proposal to its outcomes (DESIGN.md section 5).

    Transitions only check guards and change fields; the services in
    ``conferences.services`` lock the row, check the rules (diaries, consent, the CSI cap),
    save, and record each step as an ActivityEvent.
    """

    kind = models.CharField(max_length=40, choices=ActivityKind.choices)
    state = FSMField(choices=ActivityState.choices, default=ActivityState.PROPOSED, protected=True)
    support_request = models.ForeignKey(
        "dea_support.SupportRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    claimant = models.ForeignKey(
        "claimants.Claimant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    dea = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="activities_led"
    )
    work_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities_with",
        help_text="The work coach (or colleague) the DEA works with.",
    )
    origin = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_on_activities",
        help_text="The activity whose outcome proposed this one.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Booking
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=20, choices=MeetingChannel.choices, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="Room or address.")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    # Outputs
    summary = models.TextField(blank=True, help_text="The summary of outputs.")
    record_on_development_plan = models.BooleanField(
        default=False,
        help_text="The work coach should record the agreed activity on their development plan.",
    )
    # Informational support [19-20]
    information = models.TextField(blank=True)
    links = models.TextField(blank=True, help_text="One address per line.")
    holding_message = models.TextField(blank=True)
    expected_return = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["dea", "state"]),
            models.Index(fields=["claimant", "kind"]),
            models.Index(fields=["start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=False, end__gt=models.F("start")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_ACTIVITY_STATES

    @property
    def needs_consent(self) -> bool:
        return self.kind in NEEDS_CONSENT

    @transition(
        field=state,
        source=ActivityState.AWAITING_CONSENT,
        target=ActivityState.PROPOSED,
        custom={"label": "Record consent given"},
    )
    def consent_given(self) -> None:
        """The claimant agreed, having been told what they needed to know [22][23][38]."""

    @transition(
        field=state,
        source=ActivityState.AWAITING_CONSENT,
        target=ActivityState.CONSENT_REFUSED,
        custom={"label": "Record consent refused"},
    )
    def consent_refused(self) -> None:
        """The claimant did not agree; a three-way becomes a case conference proposal [24]."""
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=[ActivityState.PROPOSED, ActivityState.BOOKED],
        target=ActivityState.BOOKED,
        conditions=[_is_booked_work],
        custom={"label": "Book"},
    )
    def book(self, *, start, end, channel: str, place: str, by) -> None:
        """Set the time and channel; booking again moves it. Diaries are checked by the service."""
        self.start, self.end, self.channel, self.place = start, end, channel, place
        self.booked_by = by
        self.booked_at = timezone.now()

    @transition(
        field=state,
        source=ActivityState.BOOKED,
        target=ActivityState.HELD,
        conditions=[_has_started],
        custom={"label": "Mark as held"},
    )
    def hold(self) -> None:
        """It took place; outcomes can now be recorded."""
        self.held_at = timezone.now()

    @transition(
        field=state,
        source=ActivityState.BOOKED,
        target=ActivityState.NOT_ATTENDED,
        conditions=[_has_started],
        custom={"label": "Mark as not attended"},
    )
    def not_attended(self) -> None:
        """The claimant or colleague did not come."""
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=[
            ActivityState.PROPOSED,
            ActivityState.AWAITING_CONSENT,
            ActivityState.BOOKED,
            ActivityState.HOLDING_RESPONSE,
        ],
        target=ActivityState.CANCELLED,
        conditions=[_not_started],
        custom={"label": "Cancel"},
    )
    def cancel(self, *, reason: str = "") -> None:
        """It will not take place (e.g. consent withdrawn before the meeting)."""
        self.cancel_reason = reason
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=ActivityState.HELD,
        target=ActivityState.CONCLUDED,
        custom={"label": "Record the outcome"},
    )
    def conclude(self, *, summary: str, record_on_development_plan: bool = False) -> None:
        """The outcomes are recorded with the summary of outputs [14][16]."""
        self.summary = summary
        self.record_on_development_plan = record_on_development_plan
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=ActivityState.PROPOSED,
        target=ActivityState.HOLDING_RESPONSE,
        conditions=[lambda a: a.kind == ActivityKind.INFORMATIONAL_SUPPORT],
        custom={"label": "Send a holding response"},
    )
    def send_holding_response(self, *, message: str, expected_return) -> None:
        """The information cannot be found at once: say when it will come [20]."""
        self.holding_message = message
        self.expected_return = expected_return

    @transition(
        field=state,
        source=[ActivityState.PROPOSED, ActivityState.HOLDING_RESPONSE],
        target=ActivityState.CONCLUDED,
        conditions=[lambda a: a.kind == ActivityKind.INFORMATIONAL_SUPPORT],
        custom={"label": "Send the information"},
    )
    def send_information(self, *, information: str, links: str = "") -> None:
        """The DEA replies with the information; informational support has no outcomes [20]."""
        self.information = information
        self.links = links
        self.closed_at = timezone.now()


class ActivityEvent(models.Model):
    """One step of an activity's life: who moved it, when, from and to, and why."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["activity", "at", "id"]

    def __str__(self) -> str:
        return f"{self.activity} {self.action} at {self.at:%Y-%m-%d %H:%M}"


class ParticipantRole(models.TextChoices):
    DEA = "dea", "DEA"
    WORK_COACH = "work_coach", "Work coach"
    OBSERVER = "observer", "Observer (team leader)"
    INVITEE = "invitee", "Invitee"


class Participant(models.Model):
    """A staff member taking part in an activity; the claimant is on the activity itself."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(max_length=20, choices=ParticipantRole.choices)
    attended = models.BooleanField(null=True, blank=True, help_text="Recorded after it is held.")

    class Meta:
        ordering = ["activity", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "staff"], name="one_participation_each")
        ]

    def __str__(self) -> str:
        return f"{self.staff} ({self.get_role_display()}) in {self.activity}"
