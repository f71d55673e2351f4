"""API views for strategies and external partners (API.md, "The DEA's wider work").

Thin: lists come from the selectors, scoped to the caller; creating and agreeing call one
service each. A strategy the caller may not see is 404; agreeing one they may see but do not
own is 403; agreeing it again is 409 ``transition_not_allowed``. A refused request writes
nothing. Partners are the district's staff's and administrators'; an analyst is 403.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jomcase.api_base import validated_input
from jomcase.errors import ensure
from partnerships import selectors, services
from partnerships.models import Partner, Strategy
from partnerships.permissions import can_add_partners, can_create_strategy, can_view_partners
from partnerships.serializers import (
    PartnerContactInput,
    PartnerContactOutput,
    PartnerInput,
    PartnerOutput,
    StrategyInput,
    StrategyOutput,
)


class StrategyList(generics.ListAPIView):
    """Strategies the caller may see, newest first (filters ``kind``, ``state``, ``dea``,
    ``owner``); POST proposes one, for a DEA only."""

    serializer_class = StrategyOutput
    filterset_fields = ["kind", "state", "dea", "owner"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Strategy.objects.none()
        return selectors.strategies_in_full_for(user=self.request.user)

    @extend_schema(request=StrategyInput, responses={201: StrategyOutput})
    def post(self, request):
        # Someone who may not propose at all is told so before their input is read.
        ensure(can_create_strategy(request.user), "Only a DEA creates a strategy.")
        fields = validated_input(StrategyInput, request)
        created = services.strategy_create(
            actor=request.user,
            kind=fields["kind"],
            title=fields["title"],
            summary=fields["summary"],
            areas=fields["areas"],
            internal_partner_ids=fields["internal_partners"],
            external_partners=fields["external_partners"],
            activity_ids=fields["activities"],
            outcome_ids=fields["outcomes"],
        )
        shown = selectors.strategy_for(user=request.user, strategy_id=created.pk)
        return Response(StrategyOutput(shown).data, status=status.HTTP_201_CREATED)


class StrategyDetail(generics.RetrieveAPIView):
    """One strategy the caller may see, with its actions and history; 404 otherwise."""

    serializer_class = StrategyOutput
    lookup_url_kwarg = "strategy_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Strategy.objects.none()
        return selectors.strategies_in_full_for(user=self.request.user)


class StrategyAgree(APIView):
    """The owner agrees to the strategy: ``proposed`` -> ``agreed`` [59]."""

    @extend_schema(request=None, responses=StrategyOutput)
    def post(self, request, strategy_id: int):
        services.strategy_agree(actor=request.user, strategy_id=strategy_id)
        shown = selectors.strategy_for(user=request.user, strategy_id=strategy_id)
        return Response(StrategyOutput(shown).data)


class PartnerList(generics.ListAPIView):
    """External partners the caller may see, A to Z (filters ``district``, ``kind``); POST adds
    one, for the district's DEAs and team leaders and administrators [55-56]."""

    serializer_class = PartnerOutput
    filterset_fields = ["district", "kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Partner.objects.none()
        ensure(can_view_partners(self.request.user), "Partners are for the district's staff.")
        return selectors.partners_for(user=self.request.user)

    @extend_schema(request=PartnerInput, responses={201: PartnerOutput})
    def post(self, request):
        user = request.user
        # Someone who may not add partners is told so before their input is read.
        ensure(
            can_add_partners(user),
            "Only the district's DEAs, team leaders and administrators add partners.",
        )
        fields = validated_input(PartnerInput, request)
        created = services.partner_create(
            actor=user,
            name=fields["name"],
            kind=fields["kind"],
            district_id=fields.get("district"),
            services=fields["services"],
            contacts=fields["contacts"],
        )
        return Response(PartnerOutput(created).data, status=status.HTTP_201_CREATED)


class PartnerContactCreate(APIView):
    """Records a contact made with a partner; its ``last_contact_on`` follows [56]."""

    @extend_schema(request=PartnerContactInput, responses={201: PartnerContactOutput})
    def post(self, request, partner_id: int):
        ensure(can_view_partners(request.user), "Partners are for the district's staff.")
        fields = validated_input(PartnerContactInput, request)
        contact = services.partner_contact_record(
            actor=request.user,
            partner_id=partner_id,
            on=fields["on"],
            channel=fields["channel"],
            summary=fields["summary"],
        )
        return Response(PartnerContactOutput(contact).data, status=status.HTTP_201_CREATED)
