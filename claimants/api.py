"""API views for claimants: list, create, read (logged) and change (API.md); their six point
plan records and the review of one."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from claimants import selectors, services
from claimants.eligibility import ELIGIBLE
from claimants.models import Benefit, Claimant, Conditionality, Regime, SixPointPlanRecord
from claimants.nino import normalise
from claimants.permissions import can_see_six_point_plans
from claimants.serializers import (
    ClaimantInput,
    ClaimantOutput,
    ClaimantPatchInput,
    SixPointPlanInput,
    SixPointPlanOutput,
    SixPointPlanReviewInput,
)
from jomcase.api_base import validated_input
from jomcase.models import Staff
from jomcase.permissions import sees_personal_data
from jomcase.services import access_log_record


class ClaimantFilter(django_filters.FilterSet):
    nino = django_filters.CharFilter(method="filter_nino")
    surname = django_filters.CharFilter(lookup_expr="iexact")
    benefits = django_filters.ChoiceFilter(choices=Benefit.choices, method="filter_benefit")
    regime = django_filters.ChoiceFilter(choices=Regime.choices)
    conditionality = django_filters.ChoiceFilter(choices=Conditionality.choices)
    non_benefit = django_filters.BooleanFilter()
    eligible_for_support = django_filters.BooleanFilter(method="filter_eligible")
    work_coach = django_filters.NumberFilter(field_name="work_coach_id")

    class Meta:
        model = Claimant
        fields = [
            "nino",
            "surname",
            "benefits",
            "regime",
            "conditionality",
            "non_benefit",
            "eligible_for_support",
            "work_coach",
        ]

    def filter_nino(self, queryset, name, value):
        return queryset.filter(nino=normalise(value))

    def filter_benefit(self, queryset, name, value):
        return queryset.filter(benefits__contains=[value])

    def filter_eligible(self, queryset, name, value):
        return queryset.filter(ELIGIBLE) if value else queryset.exclude(ELIGIBLE)


def _refuse_aggregate_only(user) -> None:
    if not sees_personal_data(user):
        raise PermissionDenied("Your role sees aggregate figures only, not claimants' records.")


def _work_coach(data: dict):
    coach_id = data.pop("work_coach", None)
    if coach_id is None:
        return None
    coach = Staff.objects.filter(pk=coach_id).first()
    if coach is None:
        raise ValidationError({"work_coach": ["No work coach has that id"]})
    return coach


class ClaimantListCreate(generics.ListAPIView):
    """Claimants the caller may see; a work coach adds one to their own caseload."""

    serializer_class = ClaimantOutput
    filterset_class = ClaimantFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return Claimant.objects.none()
        _refuse_aggregate_only(self.request.user)
        return selectors.claimants_visible_to(self.request.user).order_by(
            "surname", "forenames", "id"
        )

    @extend_schema(request=ClaimantInput, responses={201: ClaimantOutput})
    def post(self, request):
        _refuse_aggregate_only(request.user)
        fields = dict(validated_input(ClaimantInput, request))
        claimant = services.claimant_create(
            actor=request.user, work_coach=_work_coach(fields), **fields
        )
        return Response(ClaimantOutput(claimant).data, status=status.HTTP_201_CREATED)


class ClaimantDetail(generics.GenericAPIView):
    """One claimant; every read is written to the access log."""

    serializer_class = ClaimantOutput

    def _get(self, request, claimant_id):
        _refuse_aggregate_only(request.user)
        try:
            return selectors.claimant_for(user=request.user, claimant_id=claimant_id)
        except Claimant.DoesNotExist:
            raise Http404 from None

    def get(self, request, claimant_id: int):
        claimant = self._get(request, claimant_id)
        access_log_record(staff=request.user, record=claimant, via=request.path)
        return Response(ClaimantOutput(claimant).data)

    @extend_schema(request=ClaimantPatchInput, responses=ClaimantOutput)
    def patch(self, request, claimant_id: int):
        claimant = self._get(request, claimant_id)
        fields = dict(validated_input(ClaimantPatchInput, request, partial=True))
        claimant = services.claimant_update(
            actor=request.user, claimant_id=claimant.pk, work_coach=_work_coach(fields), **fields
        )
        return Response(ClaimantOutput(claimant).data)


def _six_point_plan_claimant(user, claimant_id: int) -> Claimant:
    """The claimant whose records the caller may see; anyone else is told there is none (404),
    as the claimant's page does."""
    claimant = Claimant.objects.filter(pk=claimant_id).first()
    if claimant is None or not can_see_six_point_plans(user, claimant):
        raise Http404
    return claimant


class SixPointPlanListCreate(generics.ListAPIView):
    """A claimant's six point plan records, newest first; the holding work coach or the DEA
    they are referred to records one [37]. Each read is written to the access log."""

    serializer_class = SixPointPlanOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return SixPointPlanRecord.objects.none()
        claimant = _six_point_plan_claimant(self.request.user, self.kwargs["claimant_id"])
        access_log_record(staff=self.request.user, record=claimant, via=self.request.path)
        return selectors.six_point_plans_of(claimant=claimant)

    @extend_schema(request=SixPointPlanInput, responses={201: SixPointPlanOutput})
    def post(self, request, claimant_id: int):
        claimant = _six_point_plan_claimant(request.user, claimant_id)
        serializer = SixPointPlanInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.six_point_plan_record(
            actor=request.user, claimant_id=claimant.pk, **serializer.service_fields()
        )
        return Response(SixPointPlanOutput(record).data, status=status.HTTP_201_CREATED)


class SixPointPlanReview(generics.GenericAPIView):
    """The holding coach's team leader (or an administrator) reviews a record once; a second
    review is 409 ``already_reviewed``."""

    serializer_class = SixPointPlanOutput

    @extend_schema(request=SixPointPlanReviewInput, responses=SixPointPlanOutput)
    def post(self, request, record_id: int):
        try:
            record = selectors.six_point_plan_for(user=request.user, record_id=record_id)
        except SixPointPlanRecord.DoesNotExist:
            raise Http404 from None
        data = validated_input(SixPointPlanReviewInput, request)
        record = services.six_point_plan_review(
            actor=request.user,
            record_id=record.pk,
            review_on=data.get("review_on"),
            note=data.get("note", ""),
        )
        return Response(SixPointPlanOutput(record).data)
