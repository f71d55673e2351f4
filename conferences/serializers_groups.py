"""API shapes for group work coach conferences (API.md, ``/api/group-conferences/``).

A group conference is an activity of kind ``group_conference`` and keeps its ``id``. People
and claimants are plain ids: ``attendees`` are the work coaches, ``invitees`` the team
leaders or work psychologist also asked, ``cases`` the claimants whose cases are on its
agenda (``agenda`` gives the agenda cases' own ids, including any without a claimant).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conferences.models import Activity, ActivityState, MeetingChannel

GROUP_CHANNELS = [
    (c.value, c.label)
    for c in (MeetingChannel.FACE_TO_FACE, MeetingChannel.VIDEO, MeetingChannel.PHONE)
]


# Other resources have fields named ``channel`` and ``state`` with other values, so these
# enumerations are components with names of their own rather than ones guessed from the field.
@extend_schema_field(
    {"type": "string", "enum": [value for value, _ in GROUP_CHANNELS]},
    component_name="GroupConferenceChannel",
)
class GroupChannelField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=GROUP_CHANNELS, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(ActivityState.values)}, component_name="GroupConferenceState"
)
class GroupStateField(serializers.CharField):
    pass


class GroupConferenceInput(serializers.Serializer):
    dea = serializers.IntegerField(help_text="The DEA whose cohort meets.")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(help_text="At least 60 minutes after the start.")
    channel = GroupChannelField(required=False, default=MeetingChannel.FACE_TO_FACE.value)
    place = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    attendees = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Work coaches from the cohort; at most 10 (409 group_too_large beyond).",
    )
    invitees = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Team leaders or the work psychologist, if needed.",
    )
    cases = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Claimants whose cases to discuss: from the cohort's pending list, or "
        "claimants the caller may see whose work coach is in the cohort.",
    )


class GroupConferenceOutput(serializers.ModelSerializer):
    """A session with its people and agenda, prefetched by the selector."""

    state = GroupStateField(read_only=True)
    channel = GroupChannelField(read_only=True)
    attendees = serializers.SerializerMethodField()
    invitees = serializers.SerializerMethodField()
    cases = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "dea",
            "state",
            "start",
            "end",
            "channel",
            "place",
            "attendees",
            "invitees",
            "cases",
            "agenda",
        ]
        read_only_fields = fields

    def get_attendees(self, session) -> list[int]:
        return [p.staff_id for p in session.coach_rows]

    def get_invitees(self, session) -> list[int]:
        return [p.staff_id for p in session.invitee_rows]

    def get_cases(self, session) -> list[int]:
        return [case.claimant_id for case in session.agenda.all() if case.claimant_id]

    def get_agenda(self, session) -> list[int]:
        return [case.pk for case in session.agenda.all()]


class GroupConferenceCreatedOutput(GroupConferenceOutput):
    """The new session, with what the booker should know: a case count outside 3-4
    (``warnings``) and diaries that were busy and so were not written (``clashes``)."""

    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    clashes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(GroupConferenceOutput.Meta):
        fields = [*GroupConferenceOutput.Meta.fields, "warnings", "clashes"]
        read_only_fields = fields
