"""API views for claimants: list, create, read (logged) and change (API.md)."""

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
from claimants.models import Benefit, Claimant, Conditionality, Regime
from claimants.nino import normalise
from claimants.serializers import ClaimantInput, ClaimantOutput, ClaimantPatchInput
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
