"""API views for group work coach conferences (API.md, ``/api/group-conferences/``).

Thin: the list is the caller's visible sessions from the selector; creating calls the one
booking service, whose rules give the answers API.md fixes (400 under 60 minutes, 409
``group_too_large`` beyond 10 coaches, 403 for someone who may not plan the cohort's
sessions). A refused request writes nothing.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from conferences import services
from conferences.models import Activity
from conferences.selectors import group_sessions_visible_to
from conferences.serializers_groups import (
    GroupConferenceCreatedOutput,
    GroupConferenceInput,
    GroupConferenceOutput,
)
from jomcase.api_base import validated_input


class GroupConferenceList(generics.ListAPIView):
    """Group conferences the caller may see, latest first (filters ``dea``, ``state``);
    POST books one for a DEA's cohort."""

    serializer_class = GroupConferenceOutput
    filterset_fields = ["dea", "state"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return Activity.objects.none()
        return group_sessions_visible_to(self.request.user)

    @extend_schema(request=GroupConferenceInput, responses={201: GroupConferenceCreatedOutput})
    def post(self, request):
        fields = validated_input(GroupConferenceInput, request)
        booked = services.group_conference_create(
            actor=request.user,
            dea_id=fields["dea"],
            start=fields["start"],
            end=fields["end"],
            channel=fields["channel"],
            place=fields["place"],
            attendee_ids=fields["attendees"],
            invitee_ids=fields["invitees"],
            claimant_ids=fields["cases"],
        )
        session = group_sessions_visible_to(request.user).get(pk=booked.activity.pk)
        session.warnings, session.clashes = booked.warnings, booked.clashes
        return Response(GroupConferenceCreatedOutput(session).data, status=status.HTTP_201_CREATED)
