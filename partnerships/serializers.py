"""API shapes for strategies and external partners (API.md, "The DEA's wider work":
``/api/strategies/``, ``/api/partners/``).

People, conferences and outcomes are plain ids. ``dea`` and ``owner`` are read-only: the
creating DEA leads, and their line-managing team leader owns it. Until the partner directory
exists, ``external_partners`` are the partners' names.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerships.models import (
    ActionTeam,
    ContactChannel,
    Partner,
    PartnerContact,
    PartnerKind,
    Strategy,
    StrategyAction,
    StrategyArea,
    StrategyKind,
    StrategyState,
)
from partnerships.selectors import strategy_versions


def _enum(choices, name: str):
    @extend_schema_field({"type": "string", "enum": list(choices.values)}, component_name=name)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices.choices, **kwargs)

    Field.__name__ = f"{name}Field"
    return Field


StrategyKindField = _enum(StrategyKind, "StrategyKind")
StrategyAreaField = _enum(StrategyArea, "StrategyArea")
StrategyStateField = _enum(StrategyState, "StrategyState")
ActionTeamField = _enum(ActionTeam, "StrategyActionTeam")


class StrategyInput(serializers.Serializer):
    kind = StrategyKindField()
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(help_text="Why the strategy is needed and what it will do.")
    areas = serializers.ListField(child=StrategyAreaField(), allow_empty=False)
    internal_partners = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Staff ids."
    )
    external_partners = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
        help_text="Names of the external organisations taking part.",
    )
    activities = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of your conferences and group conferences that identified the gap.",
    )
    outcomes = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of outcomes of your conferences that identified the gap.",
    )


class StrategyActionOutput(serializers.ModelSerializer):
    team = ActionTeamField(read_only=True)
    done = serializers.SerializerMethodField()

    class Meta:
        model = StrategyAction
        fields = ["id", "team", "description", "owner", "partner_name", "due", "done", "done_at"]
        read_only_fields = fields

    def get_done(self, action) -> bool:
        return action.is_done


class StrategyVersionOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.SerializerMethodField()
    title = serializers.CharField()
    summary = serializers.CharField()
    state = StrategyStateField()

    def get_by(self, version) -> int | None:
        return version.by.pk if version.by else None


class StrategyOutput(serializers.ModelSerializer):
    kind = StrategyKindField(read_only=True)
    areas = serializers.ListField(child=StrategyAreaField(), read_only=True)
    state = StrategyStateField(read_only=True)
    internal_partners = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    actions = StrategyActionOutput(many=True, read_only=True)
    history = serializers.SerializerMethodField()

    class Meta:
        model = Strategy
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "areas",
            "internal_partners",
            "external_partners",
            "activities",
            "outcomes",
            "dea",
            "owner",
            "state",
            "created_at",
            "agreed_at",
            "actions",
            "history",
        ]
        read_only_fields = fields

    def get_internal_partners(self, strategy) -> list[int]:
        return [person.pk for person in strategy.internal_partners.all()]

    def get_activities(self, strategy) -> list[int]:
        return [activity.pk for activity in strategy.activities.all()]

    def get_outcomes(self, strategy) -> list[int]:
        return [outcome.pk for outcome in strategy.outcomes.all()]

    @extend_schema_field(StrategyVersionOutput(many=True))
    def get_history(self, strategy) -> list[dict]:
        return StrategyVersionOutput(strategy_versions(strategy), many=True).data


PartnerKindField = _enum(PartnerKind, "PartnerKind")
ContactChannelField = _enum(ContactChannel, "PartnerContactChannel")


class PartnerStaffContact(serializers.Serializer):
    """One of the partner's staff: work details only."""

    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class PartnerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = PartnerKindField()
    district = serializers.IntegerField(
        required=False, help_text="District id; the caller's own district by default."
    )
    services = serializers.CharField(required=False, allow_blank=True, default="")
    contacts = PartnerStaffContact(many=True, required=False, default=list)


class PartnerOutput(serializers.ModelSerializer):
    kind = PartnerKindField(read_only=True)
    contacts = PartnerStaffContact(many=True, read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "district", "services", "contacts", "last_contact_on"]
        read_only_fields = fields


class PartnerContactInput(serializers.Serializer):
    on = serializers.DateField()
    channel = ContactChannelField()
    summary = serializers.CharField()


class PartnerContactOutput(serializers.ModelSerializer):
    channel = ContactChannelField(read_only=True)
    last_contact_on = serializers.DateField(source="partner.last_contact_on", read_only=True)

    class Meta:
        model = PartnerContact
        fields = ["id", "partner", "on", "channel", "summary", "by", "last_contact_on"]
        read_only_fields = fields
