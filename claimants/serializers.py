"""API shapes for claimants (API.md)."""

from __future__ import annotations

from rest_framework import serializers

from claimants.models import (
    AccessibleFormat,
    Benefit,
    CaseloadType,
    Claimant,
    Conditionality,
    Regime,
)


class ClaimantOutput(serializers.ModelSerializer):
    nino_display = serializers.CharField(read_only=True)

    class Meta:
        model = Claimant
        fields = [
            "id",
            "nino",
            "nino_display",
            "surname",
            "forenames",
            "benefits",
            "regime",
            "conditionality",
            "caseload_type",
            "work_coach",
            "non_benefit",
            "vulnerability_exception",
            "accessible_formats",
            "self_harm_declared",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimantInput(serializers.Serializer):
    """Parses types only; the rules (NINO, duplicates, who may hold) are the service's."""

    nino = serializers.CharField(max_length=30)
    surname = serializers.CharField(max_length=100, allow_blank=True)
    forenames = serializers.CharField(max_length=150, allow_blank=True)
    benefits = serializers.ListField(child=serializers.CharField(max_length=10), allow_empty=True)
    regime = serializers.CharField(required=False, allow_blank=True)
    conditionality = serializers.ChoiceField(Conditionality.choices, required=False)
    caseload_type = serializers.ChoiceField(CaseloadType.choices, required=False, allow_blank=True)
    work_coach = serializers.IntegerField(required=False)
    vulnerability_exception = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=500
    )
    accessible_formats = serializers.ListField(
        child=serializers.ChoiceField(AccessibleFormat.choices), required=False
    )
    self_harm_declared = serializers.BooleanField(required=False)


class ClaimantPatchInput(ClaimantInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


# Documented choices for the schema.
BENEFITS = Benefit.values
REGIMES = Regime.values
