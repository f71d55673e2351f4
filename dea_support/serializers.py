"""API shapes for cohorts and support requests (API.md)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dea_support.models import (
    Cohort,
    CohortMembership,
    Cover,
    CoveredRequest,
    CoverState,
    Criticality,
    DeclineReason,
    KnowledgeGap,
    RequestKind,
    SupportRequest,
)


class MembershipOutput(serializers.ModelSerializer):
    class Meta:
        model = CohortMembership
        fields = ["id", "work_coach", "start", "end"]


class CohortOutput(serializers.ModelSerializer):
    members = MembershipOutput(source="memberships", many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "dea", "members"]


class MembershipInput(serializers.Serializer):
    work_coach = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True)

    def validate(self, data):
        if data.get("end") and data["end"] < data["start"]:
            raise serializers.ValidationError(
                {"end": ["The end date must be the same as or after the start date"]}
            )
        return data


# --- support requests (DESIGN.md section 4) ----------------------------------------------


class SupportRequestOutput(serializers.ModelSerializer):
    """A support request as the list and the transitions return it.

    People and the claimant are plain ids (API.md conventions); ``activities`` are the ids
    of the work that accepting it created, prefetched by the view.
    """

    reference = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    timeliness = serializers.SerializerMethodField(
        help_text="Where the request stands against its due date: overdue, due_today, "
        "due_soon, on_track, waiting_for_requester, answered, answered_late or closed."
    )
    activities = serializers.SerializerMethodField()

    class Meta:
        model = SupportRequest
        fields = [
            "id",
            "reference",
            "kind",
            "state",
            "requester",
            "dea",
            "claimant",
            "challenges",
            "reason",
            "knowledge_gap",
            "description",
            "job_role",
            "criticality",
            "required_by",
            "due_on",
            "timeliness",
            "overdue",
            "topics",
            "channel",
            "decline_reason",
            "decline_note",
            "created_at",
            "first_response_at",
            "accepted_at",
            "closed_at",
            "activities",
        ]
        read_only_fields = fields

    def get_timeliness(self, sr: SupportRequest) -> str:
        return sr.timeliness().value

    def get_activities(self, sr: SupportRequest) -> list[int]:
        return sorted(activity.pk for activity in sr.activities.all())


class SupportRequestHistoryItem(serializers.Serializer):
    """One line of a request's timeline: a transition, or a move to another DEA for cover."""

    def get_fields(self):
        # "from" is a Python keyword, so the field is declared here rather than on the class.
        return {
            "action": serializers.CharField(),
            "from": serializers.CharField(source="from_state"),
            "to": serializers.CharField(source="to_state"),
            "by": serializers.IntegerField(source="by_id"),
            "at": serializers.DateTimeField(),
            "message": serializers.CharField(),
        }


class SupportRequestDetailOutput(SupportRequestOutput):
    history = SupportRequestHistoryItem(source="events", many=True, read_only=True)

    class Meta(SupportRequestOutput.Meta):
        fields = [*SupportRequestOutput.Meta.fields, "history"]
        read_only_fields = fields


class SupportRequestWarning(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    support_request = serializers.IntegerField()


class SupportRequestFiledOutput(SupportRequestDetailOutput):
    """The new request, with warnings that did not stop it (e.g. another open request)."""

    warnings = serializers.SerializerMethodField()

    class Meta(SupportRequestDetailOutput.Meta):
        fields = [*SupportRequestDetailOutput.Meta.fields, "warnings"]
        read_only_fields = fields

    @extend_schema_field(SupportRequestWarning(many=True))
    def get_warnings(self, sr: SupportRequest) -> list[dict]:
        return self.context.get("warnings", [])


class SupportRequestInput(serializers.Serializer):
    """Parses types only: which answers each kind needs, and the DEA, are the service's rules."""

    kind = serializers.ChoiceField(RequestKind.choices)
    claimant = serializers.IntegerField(required=False, allow_null=True)
    challenges = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    knowledge_gap = serializers.ChoiceField(KnowledgeGap.choices, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    job_role = serializers.CharField(required=False, allow_blank=True, max_length=120)
    criticality = serializers.ChoiceField(Criticality.choices, required=False, allow_blank=True)
    required_by = serializers.DateField(required=False, allow_null=True)
    dea = serializers.IntegerField(
        required=False, allow_null=True, help_text="Colleague support only: the DEA to send to."
    )


class MessageInput(serializers.Serializer):
    # Optional here so that a missing message gets the service's own words.
    message = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)


class WithdrawInput(serializers.Serializer):
    message = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)


class DeclineInput(serializers.Serializer):
    reason = serializers.ChoiceField(DeclineReason.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)


class TopicsInput(serializers.Serializer):
    """The whole set of topics; an empty list clears them. How many is the service's rule."""

    topics = serializers.ListField(
        child=serializers.CharField(max_length=60),
        allow_empty=True,
        help_text='Topics for referral trends, e.g. "anxiety"; stored trimmed, in lower case.',
    )


class CoverInput(serializers.Serializer):
    from_dea = serializers.IntegerField()
    to_dea = serializers.IntegerField()
    requests = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_empty=False
    )
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    start = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The first day of the cover, today or later; without it, today.",
    )
    end = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=(
            "The away DEA's last day away, within six months of the start; without it, the "
            "latest allowed (the day before the same date six months on)."
        ),
    )


class CoveredRequestOutput(serializers.ModelSerializer):
    reference = serializers.CharField(source="support_request.reference", read_only=True)

    class Meta:
        model = CoveredRequest
        fields = ["support_request", "reference", "moved_at", "returned_at"]


class CoverRecordOutput(serializers.ModelSerializer):
    """A cover: who is away, who covers, its dates, its state and the requests it moved."""

    state = serializers.ChoiceField(choices=CoverState.choices, read_only=True)
    requests = CoveredRequestOutput(source="moves", many=True, read_only=True)

    class Meta:
        model = Cover
        fields = [
            "id",
            "away_dea",
            "covering_dea",
            "start",
            "end",
            "state",
            "note",
            "arranged_by",
            "arranged_at",
            "started_at",
            "ended_at",
            "ended_by",
            "requests",
        ]


class CoverOutput(serializers.Serializer):
    moved = SupportRequestOutput(many=True)
    cover = CoverRecordOutput()


class CoverEndOutput(serializers.Serializer):
    returned = SupportRequestOutput(many=True)
    cover = CoverRecordOutput()
