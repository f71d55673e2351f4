"""API views for cohorts (API.md)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from dea_support import selectors, services
from dea_support.serializers import CohortOutput, MembershipInput, MembershipOutput


class CohortList(generics.ListAPIView):
    """Cohorts the caller may see, each with its dated memberships."""

    serializer_class = CohortOutput

    def get_queryset(self):
        return selectors.cohorts_visible_to(self.request.user).order_by("id")


class CohortMemberAdd(APIView):
    """Add a work coach to a cohort; 409 ``cohort_full`` when it would pass 30 on any date."""

    @extend_schema(request=MembershipInput, responses={201: MembershipOutput})
    def post(self, request, cohort_id: int):
        if not selectors.cohorts_visible_to(request.user).filter(pk=cohort_id).exists():
            raise Http404
        data = MembershipInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        membership = services.cohort_member_add(
            actor=request.user,
            cohort_id=cohort_id,
            work_coach_id=fields["work_coach"],
            start=fields["start"],
            end=fields.get("end"),
        )
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)
