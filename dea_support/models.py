"""DEA cohorts (at most 30 coaches at any date, DESIGN.md s2) and support requests (s4)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from dea_support import timeliness as due_rules
from jomcase.models import Dated, Nation
from jomcase.working_days import working_days_between


class Cohort(models.Model):
    dea = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohort"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dea__last_name", "dea__first_name"]

    def __str__(self) -> str:
        return f"{self.dea}'s cohort"


class CohortMembership(Dated):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    work_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohort_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "start", "id"]
        indexes = [
            models.Index(fields=["cohort", "start"]),
            models.Index(fields=["work_coach", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="cohort_membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_coach} in {self.cohort} from {self.start}"


class RequestKind(models.TextChoices):
    CLAIMANT_SUPPORT = "claimant_support", "One to one claimant support"
    SKILL_SUPPORT = "skill_support", "One to one skill support"
    COLLEAGUE_SUPPORT = "colleague_support", "Support for a jobcentre colleague"


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    INFO_REQUESTED = "info_requested", "Information requested"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    RESOLVED = "resolved", "Resolved"


OPEN_STATES = (RequestState.SUBMITTED, RequestState.INFO_REQUESTED, RequestState.ACCEPTED)
#: States in which the DEA has answered the request, which stops its response clock (s4).
ANSWERED_STATES = (RequestState.ACCEPTED, RequestState.DECLINED, RequestState.RESOLVED)


class Channel(models.TextChoices):
    """How the DEA chooses to help once a request is accepted [13]."""

    CASE_CONFERENCE = "case_conference", "Case conference"
    SKILL_CONFERENCE = "skill_conference", "Skill conference"
    INFORMATIONAL_SUPPORT = "informational_support", "Informational support only"
    THREE_WAY = "three_way", "Three-way intervention"
    GROUP_CONFERENCE_CASE = "group_conference_case", "Case for a group conference"
    CLAIMANT_SUPPORT_INTERVENTION = "claimant_support_intervention", "Claimant support intervention"


#: A colleague is helped one to one (recorded as a skill conference) or with information [65].
COLLEAGUE_CHANNELS = (Channel.SKILL_CONFERENCE, Channel.INFORMATIONAL_SUPPORT)
#: Channels about a claimant need a claimant support request.
CLAIMANT_CHANNELS = (
    Channel.CASE_CONFERENCE,
    Channel.THREE_WAY,
    Channel.GROUP_CONFERENCE_CASE,
    Channel.CLAIMANT_SUPPORT_INTERVENTION,
)


def channels_for_kind(kind: str) -> list[Channel]:
    """The channels a DEA may choose for a request of this kind [13][65].

    A colleague is helped one to one (a skill conference) or with information; a skill
    support request names no claimant, so no channel that meets or discusses one.
    """
    if kind == RequestKind.COLLEAGUE_SUPPORT:
        return [c for c in Channel if c in COLLEAGUE_CHANNELS]
    if kind == RequestKind.SKILL_SUPPORT:
        return [c for c in Channel if c not in CLAIMANT_CHANNELS]
    return list(Channel)


class KnowledgeGap(models.TextChoices):
    RETENTION = "retention", "Keeping a job (retention)"
    REASONABLE_ADJUSTMENTS = "reasonable_adjustments", "Reasonable adjustments"
    HEALTH_CONDITION = "health_condition", "A health condition or disability"
    SUPPORT_AND_PROVISION = "support_and_provision", "Local support and provision"
    OTHER = "other", "Something else"


class Criticality(models.TextChoices):
    URGENT = "urgent", "Urgent"
    NON_URGENT = "non_urgent", "Not urgent"


class DeclineReason(models.TextChoices):
    INAPPROPRIATE = "inappropriate", "Not an appropriate request for a DEA"
    NON_BENEFIT_SIGNPOSTED = "non_benefit_signposted", "No out-of-work benefit: signposted"
    DUPLICATE = "duplicate", "Duplicate of another request"
    OUTSIDE_REMIT = "outside_remit", "Outside the DEA's remit"
    NO_RESPONSE = "no_response", "No answer from the requester"


#: Reasons a DEA may give when declining a request waiting for them; ``no_response`` is
#: only for closing one whose requester never answered the DEA's questions.
DECLINE_REASONS_FOR_SUBMITTED = tuple(r for r in DeclineReason if r != DeclineReason.NO_RESPONSE)


class SupportRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> SupportRequestQuerySet:
        from dea_support.permissions import support_request_visibility

        return self.filter(support_request_visibility(user))

    def open(self) -> SupportRequestQuerySet:
        return self.filter(state__in=OPEN_STATES)


class SupportRequest(ConcurrentTransitionMixin, models.Model):
    """A request for a DEA's help, replacing the "DEA Support Request" e-mail (DESIGN.md s4)."""

    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    state = FSMField(choices=RequestState.choices, default=RequestState.SUBMITTED, protected=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_requests_made"
    )
    dea = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_requests"
    )
    claimant = models.ForeignKey(
        "claimants.Claimant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    # Claimant support [10]
    challenges = models.TextField(blank=True, help_text="The claimant's challenges.")
    reason = models.TextField(blank=True, help_text="Why the DEA's support is needed.")
    # Skill support [11]
    knowledge_gap = models.CharField(max_length=30, choices=KnowledgeGap.choices, blank=True)
    description = models.TextField(blank=True)
    # Colleague support [64]
    job_role = models.CharField(max_length=120, blank=True)
    criticality = models.CharField(max_length=12, choices=Criticality.choices, blank=True)

    required_by = models.DateField(help_text="When the requester needs a response by.")
    due_on = models.DateField(
        help_text="When the DEA's answer is due: the required date (or the next working day), "
        "moved on by the working days spent waiting for the requester (dea_support.timeliness)."
    )
    topics = ArrayField(models.CharField(max_length=60), default=list, blank=True)

    channel = models.CharField(max_length=40, choices=Channel.choices, blank=True)
    decline_reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(blank=True)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    info_requested_at = models.DateTimeField(null=True, blank=True)
    waiting_for_info = models.DurationField(
        default=dt.timedelta, help_text="Time spent waiting for the requester's answers."
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["required_by", "created_at", "id"]
        indexes = [
            models.Index(fields=["dea", "state", "required_by", "id"]),
            models.Index(fields=["dea", "state", "due_on", "id"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["requester", "created_at"]),
            models.Index(fields=["claimant", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="claimant_support") | Q(claimant__isnull=False),
                name="claimant_support_has_claimant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.due_on is None and self.required_by is not None:
            # Filing sets it through the service; this keeps other writers (and fixtures) true.
            nation = self.dea.nation if self.dea_id else Nation.ENGLAND_AND_WALES
            self.due_on = due_rules.first_due_on(self.required_by, nation)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "due_on"}
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"DSR-{self.pk:06d}" if self.pk else "DSR-new"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_answered(self) -> bool:
        """The DEA has given their answer: accepted (perhaps since resolved) or declined."""
        return self.state in ANSWERED_STATES

    @property
    def answered_at(self) -> dt.datetime | None:
        """When the DEA gave their answer: accepted, or declined; None until then."""
        if self.accepted_at is not None:
            return self.accepted_at
        return self.closed_at if self.state == RequestState.DECLINED else None

    def timeliness(
        self, today: dt.date | None = None, nation: str | None = None
    ) -> due_rules.Timeliness:
        """Where the request stands against its due date (``dea_support.timeliness``)."""
        return due_rules.timeliness(
            state=self.state,
            due_on=self.due_on,
            answered_at=self.answered_at,
            today=today,
            nation=nation or (lambda: self.dea.nation),
        )

    @property
    def is_overdue(self) -> bool:
        """Waiting for the DEA after its due date; never while waiting for the requester."""
        return due_rules.is_overdue(state=self.state, due_on=self.due_on)

    def working_days_waiting(self, nation: str = Nation.ENGLAND_AND_WALES) -> int:
        """Working days the request has waited for the DEA to decide; once answered, the
        working days the answer took.

        The clock runs from filing to acceptance or closing, and stops while the DEA waits
        for the requester's answers (DESIGN.md s4): that time is moved out of the count.
        """
        if self.state == RequestState.INFO_REQUESTED and self.info_requested_at:
            end = self.info_requested_at
        else:
            end = self.accepted_at or self.closed_at or timezone.now()
        start = self.created_at + self.waiting_for_info
        if end <= start:
            return 0
        return working_days_between(
            timezone.localtime(start).date(), timezone.localtime(end).date(), nation
        )

    def _respond(self) -> None:
        now = timezone.now()
        if self.first_response_at is None:
            self.first_response_at = now

    @transition(
        field=state,
        source=RequestState.SUBMITTED,
        target=RequestState.INFO_REQUESTED,
        custom={"label": "Ask for more information", "by": "dea"},
    )
    def request_info(self) -> None:
        """The DEA needs more from the requester before deciding [12]; the clock stops."""
        self._respond()
        self.info_requested_at = timezone.now()

    @transition(
        field=state,
        source=RequestState.INFO_REQUESTED,
        target=RequestState.SUBMITTED,
        custom={"label": "Send the information", "by": "requester"},
    )
    def provide_info(self, *, nation: str = Nation.ENGLAND_AND_WALES) -> None:
        """The requester answers; the time spent waiting does not count against the DEA, so
        the due date moves on by the working days it took."""
        self._stop_waiting(nation)

    def _stop_waiting(self, nation: str) -> None:
        if self.info_requested_at:
            now = timezone.now()
            self.waiting_for_info += now - self.info_requested_at
            self.due_on = due_rules.due_on_after_wait(
                self.due_on,
                asked_on=timezone.localtime(self.info_requested_at).date(),
                answered_on=timezone.localtime(now).date(),
                nation=nation,
            )
        self.info_requested_at = None

    @transition(
        field=state,
        source=RequestState.SUBMITTED,
        target=RequestState.ACCEPTED,
        custom={"label": "Accept", "by": "dea"},
    )
    def accept(self, *, channel: str) -> None:
        """The DEA takes the request on and chooses how to help [13]."""
        self._respond()
        self.channel = channel
        self.accepted_at = timezone.now()

    @transition(
        field=state,
        source=RequestState.SUBMITTED,
        target=RequestState.DECLINED,
        custom={"label": "Decline", "by": "dea"},
    )
    def decline(self, *, reason: str, note: str = "") -> None:
        """The DEA turns the request down with a reason (DESIGN.md section 4)."""
        self._respond()
        self.decline_reason = reason
        self.decline_note = note
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=RequestState.INFO_REQUESTED,
        target=RequestState.DECLINED,
        custom={"label": "Close the request: no answer", "by": "dea"},
    )
    def close_unanswered(self, *, note: str = "", nation: str = Nation.ENGLAND_AND_WALES) -> None:
        """The requester never answered the DEA's questions, so the DEA closes the request
        as declined with reason ``no_response`` (issue 12: nothing gets stuck). The wait
        does not count against the DEA: the due date moves on by it, as on an answer."""
        self._stop_waiting(nation)
        self.decline_reason = DeclineReason.NO_RESPONSE
        self.decline_note = note
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=[RequestState.SUBMITTED, RequestState.INFO_REQUESTED],
        target=RequestState.WITHDRAWN,
        custom={"label": "Withdraw the request", "by": "requester"},
    )
    def withdraw(self) -> None:
        """The requester no longer needs help."""
        if self.info_requested_at:
            self.waiting_for_info += timezone.now() - self.info_requested_at
            self.info_requested_at = None
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=RequestState.ACCEPTED,
        target=RequestState.RESOLVED,
        custom={"label": "Resolve", "by": "system"},
    )
    def resolve(self) -> None:
        """All the work the request led to has ended with no open follow-on."""
        self.closed_at = timezone.now()


class SupportRequestEvent(models.Model):
    """One line of a request's timeline: a transition, or a move to another DEA for cover."""

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["support_request", "at", "id"]

    def __str__(self) -> str:
        return f"{self.support_request} {self.action} at {self.at:%Y-%m-%d %H:%M}"


class CoverState(models.TextChoices):
    """Where a cover is in its life, read from its dates and markers (DESIGN.md s4)."""

    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


#: The longest cover a team leader may arrange at once, in months: leave, not a new post.
COVER_LONGEST_MONTHS = 6


class Cover(models.Model):
    """Another DEA looks after a DEA's open requests from ``start`` to ``end`` (DESIGN.md s4).

    On the start date (or at once, when it starts today) the away DEA's open requests move
    to the covering DEA; on the day after ``end``, or when the team leader ends it early, the
    ones still open go back. ``CoveredRequest`` rows say which requests moved under it.
    """

    away_dea = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers_away"
    )
    covering_dea = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers_given"
    )
    start = models.DateField()
    end = models.DateField(help_text="The away DEA's last day away; requests go back after it.")
    note = models.TextField(blank=True)
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    arranged_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["away_dea", "start"]),
            models.Index(fields=["covering_dea", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="cover_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(away_dea=models.F("covering_dea")), name="cover_by_another_dea"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.covering_dea} covers {self.away_dea} {self.start} to {self.end}"

    @property
    def state(self) -> str:
        """Planned until its requests move, running until they go back, then ended; a cover
        ended before it started is cancelled."""
        if self.ended_at is not None:
            return CoverState.ENDED if self.started_at is not None else CoverState.CANCELLED
        return CoverState.RUNNING if self.started_at is not None else CoverState.PLANNED

    def get_state_display(self) -> str:
        return CoverState(self.state).label


class CoveredRequest(models.Model):
    """One request moved under a cover, and when it went back to the away DEA."""

    cover = models.ForeignKey(Cover, on_delete=models.CASCADE, related_name="moves")
    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="covers"
    )
    moved_at = models.DateTimeField(default=timezone.now)
    returned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cover", "support_request"]
        constraints = [
            models.UniqueConstraint(
                fields=["cover", "support_request"], name="one_move_per_request_per_cover"
            )
        ]

    def __str__(self) -> str:
        return f"{self.support_request} under {self.cover}"
