"""API views of the conferences app (API.md).

Accepting a support request is served here: it moves the request and creates its first
piece of work, which is this app's (STYLE.md, "Imports between apps run one way only").
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from conferences import services
from conferences.serializers import AcceptedOutput, AcceptInput
from dea_support.api import support_request_shown


class SupportRequestAccept(APIView):
    """The DEA accepts a submitted request with a channel; the first activity is proposed."""

    @extend_schema(request=AcceptInput, responses=AcceptedOutput)
    def post(self, request, request_id: int):
        data = AcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.support_request_accept(
            request_id=request_id,
            actor=request.user,
            channel=data.validated_data["channel"],
            note=data.validated_data["note"],
        )
        sr = support_request_shown(request, request_id)
        prefetch_related_objects([sr], "agenda_cases")
        return Response(AcceptedOutput(sr).data)
