"""API views for cohorts and support requests (API.md).

Each view parses its input, calls one selector or service and writes out the result; the
rules (who may do what, which step is possible now) are the services'. Accepting a request
and moving requests for cover are served from ``conferences.api``, because they create or
move the requests' activities.
"""

from __future__ import annotations

import django_filters
from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from dea_support import selectors, services
from dea_support.models import Cohort, Cover, RequestKind, RequestState, SupportRequest
from dea_support.permissions import (
    can_file_any_support_request,
    can_manage_cohort,
    cohort_visibility,
    may_see_covers,
)
from dea_support.serializers import (
    CohortOutput,
    CoverRecordOutput,
    DeclineInput,
    MembershipInput,
    MembershipOutput,
    MessageInput,
    SupportRequestDetailOutput,
    SupportRequestFiledOutput,
    SupportRequestInput,
    SupportRequestOutput,
    TopicsInput,
    WithdrawInput,
)
from dea_support.services.requests import CANNOT_FILE
from jomcase.api_base import validated_input
from jomcase.errors import ensure
from jomcase.services import access_log_record


class CohortList(generics.ListAPIView):
    """Cohorts the caller may see, each with its dated memberships."""

    serializer_class = CohortOutput
    filterset_fields = ["dea"]

    def get_queryset(self):
        return selectors.cohorts_visible_to(self.request.user).order_by("id")


class CohortMemberAdd(APIView):
    """Add a work coach to a cohort; 409 ``cohort_full`` when it would pass 30 on any date."""

    @extend_schema(request=MembershipInput, responses={201: MembershipOutput})
    def post(self, request, cohort_id: int):
        cohort = Cohort.objects.filter(cohort_visibility(request.user), pk=cohort_id).first()
        if cohort is None:
            raise Http404
        # Say "not your role" before "bad input": someone who may not add learns nothing more.
        ensure(
            can_manage_cohort(request.user, cohort),
            "Only the cohort's DEA or an administrator may.",
        )
        fields = validated_input(MembershipInput, request)
        membership = services.cohort_member_add(
            actor=request.user,
            cohort_id=cohort_id,
            work_coach_id=fields["work_coach"],
            start=fields["start"],
            end=fields.get("end"),
        )
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)


# --- cover ------------------------------------------------------------------------------


class CoverList(generics.ListAPIView):
    """Covers the caller may see (a WCTL: their DEAs'; a DEA: their own), newest start
    first, each with the requests it moved; other roles 403. Ending one is served from
    ``conferences.api``, because the requests' unbooked work goes back with them."""

    serializer_class = CoverRecordOutput
    filterset_fields = ["away_dea", "covering_dea"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Cover.objects.none()
        ensure(may_see_covers(self.request.user), "Only team leaders and DEAs have covers.")
        return selectors.covers_for(self.request.user)


# --- support requests ---------------------------------------------------------------------


class SupportRequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=RequestState.choices)
    kind = django_filters.ChoiceFilter(choices=RequestKind.choices)
    claimant = django_filters.NumberFilter(field_name="claimant_id")
    requester = django_filters.NumberFilter(field_name="requester_id")
    dea = django_filters.NumberFilter(field_name="dea_id")
    due = django_filters.ChoiceFilter(
        choices=selectors.Due.choices,
        method="filter_due",
        help_text="Open requests overdue, due within 2 working days, or due by Sunday.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        help_text=(
            "A reference (DSR-000123, dsr123 or 123), a National Insurance number or its start "
            "in any spacing, or a claimant's names ignoring case and accents; a claimant is "
            "found by who they are only where the caller may see them named."
        ),
    )

    class Meta:
        model = SupportRequest
        fields = ["state", "kind", "claimant", "requester", "dea", "due", "search"]

    def filter_due(self, queryset, name, value):
        return selectors.due_within(queryset, due=value, user=self.request.user)

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(selectors.search_q(value, user=self.request.user))


def support_request_shown(request, request_id: int) -> SupportRequest:
    """One request as the caller may see it, with its timeline and activities; else 404."""
    try:
        sr = selectors.support_request_for(user=request.user, request_id=request_id)
    except SupportRequest.DoesNotExist:
        raise Http404 from None
    prefetch_related_objects([sr], "activities")
    return sr


def _detail(request, request_id: int) -> Response:
    """The request as the caller may now see it, the answer to each of its steps."""
    return Response(SupportRequestDetailOutput(support_request_shown(request, request_id)).data)


def _filing_warnings(sr: SupportRequest) -> list[dict]:
    if sr.claimant_id is None:
        return []
    others = selectors.open_requests_for_claimant(sr.claimant_id, exclude_id=sr.pk)
    return [
        {
            "code": "open_request_for_claimant",
            "detail": (
                f"{other.reference} for this claimant is still "
                f"{other.get_state_display().lower()} with {other.dea.display_name}."
            ),
            "support_request": other.pk,
        }
        for other in others.filter(created_at__lte=sr.created_at)
    ]


class SupportRequestListCreate(generics.ListAPIView):
    """Requests the caller may open; work coaches file every kind, other operational
    colleagues colleague support (``can_file_support_request``), and nobody else (403)."""

    serializer_class = SupportRequestOutput
    filterset_class = SupportRequestFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return SupportRequest.objects.none()
        return selectors.support_requests_visible_to(self.request.user).prefetch_related(
            "activities"
        )

    @extend_schema(request=SupportRequestInput, responses={201: SupportRequestFiledOutput})
    def post(self, request):
        # Refused before the body is read: a role that never files learns that, not a 400.
        ensure(can_file_any_support_request(request.user), CANNOT_FILE)
        fields = validated_input(SupportRequestInput, request)
        sr = services.support_request_file(
            actor=request.user,
            kind=fields["kind"],
            required_by=fields.get("required_by"),
            claimant_id=fields.get("claimant"),
            challenges=fields.get("challenges", ""),
            reason=fields.get("reason", ""),
            knowledge_gap=fields.get("knowledge_gap", ""),
            description=fields.get("description", ""),
            job_role=fields.get("job_role", ""),
            criticality=fields.get("criticality", ""),
            dea_id=fields.get("dea"),
        )
        output = SupportRequestFiledOutput(
            support_request_shown(request, sr.pk), context={"warnings": _filing_warnings(sr)}
        )
        return Response(output.data, status=status.HTTP_201_CREATED)


class SupportRequestDetail(APIView):
    """One request with its history; reading one that names a claimant is access-logged."""

    @extend_schema(responses=SupportRequestDetailOutput)
    def get(self, request, request_id: int):
        sr = support_request_shown(request, request_id)
        if sr.claimant is not None:
            access_log_record(staff=request.user, record=sr.claimant, via=request.path)
        return Response(SupportRequestDetailOutput(sr).data)


class SupportRequestRequestInfo(APIView):
    """The DEA asks the requester for more: ``submitted`` to ``info_requested``."""

    @extend_schema(request=MessageInput, responses=SupportRequestDetailOutput)
    def post(self, request, request_id: int):
        fields = validated_input(MessageInput, request)
        services.support_request_request_info(
            request_id=request_id, actor=request.user, message=fields["message"]
        )
        return _detail(request, request_id)


class SupportRequestProvideInfo(APIView):
    """The requester answers: ``info_requested`` back to ``submitted``."""

    @extend_schema(request=MessageInput, responses=SupportRequestDetailOutput)
    def post(self, request, request_id: int):
        fields = validated_input(MessageInput, request)
        services.support_request_provide_info(
            request_id=request_id, actor=request.user, message=fields["message"]
        )
        return _detail(request, request_id)


class SupportRequestChase(APIView):
    """The DEA reminds the requester of their unanswered question; recorded, state unchanged.
    Only while the request waits for the requester (else 409 ``transition_not_allowed``)."""

    @extend_schema(request=MessageInput, responses=SupportRequestDetailOutput)
    def post(self, request, request_id: int):
        fields = validated_input(MessageInput, request)
        services.support_request_chase(
            request_id=request_id, actor=request.user, message=fields["message"]
        )
        return _detail(request, request_id)


class SupportRequestDecline(APIView):
    """The DEA declines with a reason and a note for the requester."""

    @extend_schema(request=DeclineInput, responses=SupportRequestDetailOutput)
    def post(self, request, request_id: int):
        fields = validated_input(DeclineInput, request)
        services.support_request_decline(
            request_id=request_id, actor=request.user, reason=fields["reason"], note=fields["note"]
        )
        return _detail(request, request_id)


class SupportRequestWithdraw(APIView):
    """The requester withdraws a request the DEA has not yet accepted or declined."""

    @extend_schema(request=WithdrawInput, responses=SupportRequestDetailOutput)
    def post(self, request, request_id: int):
        fields = validated_input(WithdrawInput, request)
        services.support_request_withdraw(
            request_id=request_id, actor=request.user, message=fields["message"]
        )
        return _detail(request, request_id)


class SupportRequestTopics(APIView):
    """The DEA sets the topics a request is tagged with, which referral trends count [12]."""

    @extend_schema(request=TopicsInput, responses=SupportRequestDetailOutput)
    def put(self, request, request_id: int):
        fields = validated_input(TopicsInput, request)
        services.support_request_tag(
            request_id=request_id, actor=request.user, topics=fields["topics"]
        )
        return _detail(request, request_id)
