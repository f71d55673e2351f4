"""The DEA's work (DESIGN.md section 5): activities and cases waiting for a group conference.

This holds what accepting a support request creates: a proposed activity of the chosen
kind, or a case on the cohort's list for its next group conference. Booking, holding and
outcomes build on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from jomcase.models import Dated, Role


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


class DiaryEntry(models.Model):
    """A block of a staff member's time: a booked activity or time they are unavailable."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="diary_entries"
    )
    title = models.CharField(max_length=200, blank=True, help_text="For unavailability.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["staff", "start"]
        indexes = [models.Index(fields=["staff", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="diary_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["staff", "activity"], name="one_diary_entry_per_activity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M}"


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


class AgendaCase(models.Model):
    """A case waiting for the cohort's next group conference (the group_conference_case channel).

    It stays on the cohort's pending list until a group conference takes it on its agenda.
    """

    cohort = models.ForeignKey(
        "dea_support.Cohort", on_delete=models.PROTECT, related_name="agenda_cases"
    )
    support_request = models.ForeignKey(
        "dea_support.SupportRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_cases",
    )
    claimant = models.ForeignKey(
        "claimants.Claimant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_cases",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    group_conference = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda",
        help_text="The group conference whose agenda holds the case; empty while pending.",
    )
    note = models.TextField(blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a group conference discussed it, or it was dropped."
    )

    class Meta:
        ordering = ["nominated_at", "id"]

    def __str__(self) -> str:
        return f"Case for {self.cohort}'s group conference (#{self.pk})"


class CalendarFeedToken(models.Model):
    """The secret in the address of a staff member's calendar feed.

    Calendar applications cannot sign in, so the address itself is the key: whoever has it
    reads the owner's bookings. Resetting it replaces the token, and the old address stops
    working at once.
    """

    staff = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.staff}"
