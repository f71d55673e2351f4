"""API shapes for the conferences app's endpoints (API.md)."""

from __future__ import annotations

from rest_framework import serializers

from dea_support.models import Channel
from dea_support.serializers import SupportRequestDetailOutput


class AcceptInput(serializers.Serializer):
    channel = serializers.ChoiceField(Channel.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)


class AcceptedOutput(SupportRequestDetailOutput):
    """The accepted request with the work it created: an activity for every channel but a
    case for a group conference, which waits on the cohort's agenda (``agenda_cases``)."""

    agenda_cases = serializers.SerializerMethodField()

    class Meta(SupportRequestDetailOutput.Meta):
        fields = [*SupportRequestDetailOutput.Meta.fields, "agenda_cases"]
        read_only_fields = fields

    def get_agenda_cases(self, sr) -> list[int]:
        return sorted(case.pk for case in sr.agenda_cases.all())
