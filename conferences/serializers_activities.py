"""API shapes for activities, their steps, partner actions, CSI approvals and the timeline.

People, claimants and other records are plain ids (API.md conventions). Inputs parse types
only: which statements a consent needs, which outcomes a kind allows and whether a time is
free are the services' rules, so a missing answer gets the service's own words.
"""

from __future__ import annotations

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conferences.models import (
    Action,
    ActionKind,
    ActionState,
    Activity,
    ActivityKind,
    ActivityState,
    Consent,
    CsiApproval,
    MeetingChannel,
    Outcome,
    OutcomeKind,
)


class FollowOnType(models.TextChoices):
    """What an outcome created: a proposed activity, a partner's action, or a case waiting
    for the cohort's next group conference."""

    ACTIVITY = "activity", "Activity"
    ACTION = "action", "Action"
    AGENDA_ITEM = "agenda_item", "Case for a group conference"


class TimelineItemType(models.TextChoices):
    """The kinds of entry in a claimant's timeline (``conferences.selectors.claimant_timeline``)."""

    SUPPORT_REQUEST = "support_request", "Support request"
    SUPPORT_REQUEST_EVENT = "support_request_event", "Step of a support request"
    ACTIVITY = "activity", "Activity"
    CONSENT = "consent", "Consent"
    ACTIVITY_EVENT = "activity_event", "Step of an activity"
    OUTCOME = "outcome", "Outcome"
    ACTION = "action", "Partner action"
    SIX_POINT_PLAN = "six_point_plan", "Six point plan recorded"
    SIX_POINT_PLAN_REVIEW = "six_point_plan_review", "Six point plan reviewed"


class ChannelOrNullField(serializers.ChoiceField):
    """How a booked activity takes place; null until it is booked."""

    def __init__(self, **kwargs):
        super().__init__(choices=MeetingChannel.choices, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


# --- reading activities -------------------------------------------------------------------


class ActivityOutput(serializers.ModelSerializer):
    """An activity as the list shows it; ``participants`` are the staff taking part."""

    kind = serializers.ChoiceField(ActivityKind.choices, read_only=True)
    state = serializers.ChoiceField(ActivityState.choices, read_only=True)
    channel = ChannelOrNullField(read_only=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "state",
            "claimant",
            "support_request",
            "start",
            "end",
            "channel",
            "participants",
        ]
        read_only_fields = fields

    def get_participants(self, activity: Activity) -> list[int]:
        return [p.staff_id for p in activity.participants.all()]


class ActivityHistoryItem(serializers.Serializer):
    """One step of the activity's life: who took it, when, from which state to which."""

    def get_fields(self):
        # "from" is a Python keyword, so the fields are declared here rather than on the class.
        return {
            "action": serializers.CharField(),
            "from": serializers.CharField(source="from_state"),
            "to": serializers.CharField(source="to_state"),
            "by": serializers.IntegerField(source="by_id"),
            "at": serializers.DateTimeField(),
            "message": serializers.CharField(),
        }


class ConsentOutput(serializers.ModelSerializer):
    """The claimant's answer and the statements they were given [22-24][38]."""

    class Meta:
        model = Consent
        fields = [
            "given",
            "informed_role",
            "informed_consequences",
            "informed_voluntary",
            "informed_conditionality",
            "discussed_with_team_leader",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
        ]
        read_only_fields = fields


class FollowOnRef(serializers.Serializer):
    type = serializers.ChoiceField(FollowOnType.choices)
    id = serializers.IntegerField()


class FollowOnOutput(FollowOnRef):
    """What recording an outcome created; ``kind`` is the outcome that created it."""

    kind = serializers.ChoiceField(OutcomeKind.choices)


class OutcomeOutput(serializers.ModelSerializer):
    """One outcome with the follow-on it created (none for ``no_further_support``).

    ``agenda_case`` names the case a group conference's outcome is about.
    """

    kind = serializers.ChoiceField(OutcomeKind.choices, read_only=True)
    follow_on = serializers.SerializerMethodField()

    class Meta:
        model = Outcome
        fields = ["id", "kind", "agenda_case", "recorded_by", "recorded_at", "follow_on"]
        read_only_fields = fields

    @extend_schema_field(FollowOnRef(allow_null=True))
    def get_follow_on(self, outcome: Outcome) -> dict | None:
        if outcome.follow_on_activity_id:
            return {"type": FollowOnType.ACTIVITY, "id": outcome.follow_on_activity_id}
        if outcome.follow_on_action_id:
            return {"type": FollowOnType.ACTION, "id": outcome.follow_on_action_id}
        if outcome.follow_on_agenda_case_id:
            return {"type": FollowOnType.AGENDA_ITEM, "id": outcome.follow_on_agenda_case_id}
        return None


class ActivityDetailOutput(ActivityOutput):
    """One activity with its people, booking, outputs, ``history``, ``consent`` (null until
    recorded) and ``outcomes``. Every step returns it."""

    history = ActivityHistoryItem(source="events", many=True, read_only=True)
    consent = serializers.SerializerMethodField()
    outcomes = OutcomeOutput(many=True, read_only=True)

    class Meta(ActivityOutput.Meta):
        fields = [
            *ActivityOutput.Meta.fields,
            "dea",
            "work_coach",
            "origin",
            "created_by",
            "created_at",
            "place",
            "booked_by",
            "booked_at",
            "held_at",
            "closed_at",
            "cancel_reason",
            "summary",
            "record_on_development_plan",
            "information",
            "links",
            "holding_message",
            "expected_return",
            "history",
            "consent",
            "outcomes",
        ]
        read_only_fields = fields

    @extend_schema_field(ConsentOutput(allow_null=True))
    def get_consent(self, activity: Activity) -> dict | None:
        consent = getattr(activity, "consent", None)
        return ConsentOutput(consent).data if consent is not None else None


class ActivityOutcomeRecordedOutput(ActivityDetailOutput):
    """The concluded activity, and what its outcomes created."""

    follow_ons = serializers.SerializerMethodField()

    class Meta(ActivityDetailOutput.Meta):
        fields = [*ActivityDetailOutput.Meta.fields, "follow_ons"]
        read_only_fields = fields

    @extend_schema_field(FollowOnOutput(many=True))
    def get_follow_ons(self, activity: Activity) -> list[dict]:
        return FollowOnOutput(self.context.get("follow_ons", []), many=True).data


# --- steps --------------------------------------------------------------------------------


class ConsentInput(serializers.Serializer):
    """The claimant's answer. A three-way needs ``informed_role`` (and, when the claimant
    agrees and their conditionality is mandatory, ``informed_consequences``); a CSI needs
    ``informed_voluntary``, ``informed_conditionality`` and ``discussed_with_team_leader``."""

    given = serializers.BooleanField()
    informed_role = serializers.BooleanField(required=False, default=False)
    informed_consequences = serializers.BooleanField(required=False, default=False)
    informed_voluntary = serializers.BooleanField(required=False, default=False)
    informed_conditionality = serializers.BooleanField(required=False, default=False)
    discussed_with_team_leader = serializers.BooleanField(required=False, default=False)


class BookInput(serializers.Serializer):
    """A time for every participant's diary; ``start``, ``end`` and ``channel`` are needed."""

    start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    end = serializers.DateTimeField(required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(
        MeetingChannel.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="A claimant support intervention is face_to_face.",
    )
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class NotAttendedInput(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class OutcomeInput(serializers.Serializer):
    """Outcomes allowed for the activity's kind (DESIGN.md section 5) and the summary of
    outputs; both are needed. ``action_due`` and ``action_note`` go on any partner action."""

    outcomes = serializers.ListField(
        child=serializers.ChoiceField(OutcomeKind.choices), required=False, default=list
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    record_on_development_plan = serializers.BooleanField(required=False, default=False)
    action_due = serializers.DateField(required=False, allow_null=True, default=None)
    action_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )


# --- partner actions ----------------------------------------------------------------------


class ActionOutput(serializers.ModelSerializer):
    kind = serializers.ChoiceField(ActionKind.choices, read_only=True)
    state = serializers.ChoiceField(ActionState.choices, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "kind",
            "assignee",
            "claimant",
            "due",
            "state",
            "origin_activity",
            "note",
            "created_at",
            "completed_at",
            "completion_note",
        ]
        read_only_fields = fields


class ActionCompleteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


# --- CSI approvals ------------------------------------------------------------------------


class CsiApprovalOutput(serializers.ModelSerializer):
    class Meta:
        model = CsiApproval
        fields = ["id", "claimant", "approved_by", "reason", "approved_at"]
        read_only_fields = fields


class CsiApprovalInput(serializers.Serializer):
    claimant = serializers.IntegerField()
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="The exceptional circumstances; needed.",
    )


# --- the claimant's timeline --------------------------------------------------------------


class TimelineItemOutput(serializers.Serializer):
    """One entry: ``id`` is the record of that ``type``; ``activity`` and ``support_request``
    are the ids of the activity or request it belongs to, when it belongs to one."""

    type = serializers.ChoiceField(TimelineItemType.choices)
    at = serializers.DateTimeField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    activity = serializers.IntegerField(source="activity_id", allow_null=True, default=None)
    support_request = serializers.IntegerField(
        source="support_request_id", allow_null=True, default=None
    )
