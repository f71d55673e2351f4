"""API views of the conferences app (API.md).

Accepting a support request is served here: it moves the request and creates its first
piece of work, which is this app's (STYLE.md, "Imports between apps run one way only").
Moving requests for cover is served here too, because their unbooked work moves with them.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from conferences import services
from conferences.serializers import AcceptedOutput, AcceptInput
from dea_support.api import support_request_shown
from dea_support.models import Cover
from dea_support.selectors import covers_for
from dea_support.serializers import CoverEndOutput, CoverInput, CoverOutput
from jomcase.api_base import validated_input
from jomcase.errors import ensure
from jomcase.models import Role
from jomcase.permissions import is_administrator


class SupportRequestAccept(APIView):
    """The DEA accepts a submitted request with a channel; the first activity is proposed."""

    @extend_schema(request=AcceptInput, responses=AcceptedOutput)
    def post(self, request, request_id: int):
        fields = validated_input(AcceptInput, request)
        services.support_request_accept(
            request_id=request_id,
            actor=request.user,
            channel=fields["channel"],
            note=fields["note"],
        )
        sr = support_request_shown(request, request_id)
        prefetch_related_objects([sr], "agenda_cases")
        return Response(AcceptedOutput(sr).data)


class SupportRequestsCover(APIView):
    """A WCTL arranges cover for a DEA from ``start`` (default today) to ``end`` (default the
    longest allowed): starting today the open requests (all, or those listed) move at once
    with their work that is not booked yet; starting later, all move on the start date."""

    @extend_schema(request=CoverInput, responses=CoverOutput)
    def post(self, request):
        ensure(
            is_administrator(request.user) or request.user.has_role(Role.WCTL),
            "Only a DEA's team leader may arrange cover.",
        )
        fields = validated_input(CoverInput, request)
        cover, moved = services.support_requests_cover(
            actor=request.user,
            from_dea_id=fields["from_dea"],
            to_dea_id=fields["to_dea"],
            request_ids=fields.get("requests"),
            note=fields["note"],
            start=fields.get("start"),
            end=fields.get("end"),
        )
        # The covering DEA may be outside the caller's view, so write out what moved as is.
        prefetch_related_objects(moved, "activities")
        return Response(CoverOutput({"moved": moved, "cover": _cover_shown(cover.pk)}).data)


def _cover_shown(cover_id: int):
    return Cover.objects.prefetch_related("moves__support_request").get(pk=cover_id)


class CoverEnd(APIView):
    """The away DEA's team leader ends a cover now: a running one gives back its requests
    still open with the covering DEA, with their unbooked work; a planned one is cancelled.
    Ending one that has ended is 409 ``transition_not_allowed``."""

    @extend_schema(request=None, responses=CoverEndOutput)
    def post(self, request, cover_id: int):
        if not covers_for(request.user).filter(pk=cover_id).exists():
            raise Http404
        cover, returned = services.cover_end(cover_id=cover_id, actor=request.user)
        prefetch_related_objects(returned, "activities")
        return Response(
            CoverEndOutput({"returned": returned, "cover": _cover_shown(cover.pk)}).data
        )
