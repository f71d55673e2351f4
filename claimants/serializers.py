"""API shapes for claimants (API.md)."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from claimants.eligibility import SupportBasis, support_basis
from claimants.models import (
    AccessibleFormat,
    Benefit,
    CaseloadType,
    Claimant,
    Conditionality,
    Regime,
)


def _iso_datetime(value):
    """A date and time as DRF's DateTimeField writes it: ISO 8601 in the current time zone,
    with "Z" for UTC. Done here because the field's lookups of its settings cost more than
    the formatting, twice for every claimant on a list page."""
    if value is None:
        return None
    text = value.astimezone(timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class ClaimantOutput(serializers.ModelSerializer):
    """A claimant as the API returns it.

    The fields below describe the shape (the schema is generated from them); the values are
    written out by ``to_representation`` directly, because a list page holds up to 200
    claimants and DRF's field-by-field path would cost more than the query behind it. A test
    checks that both paths give the same result.
    """

    nino_display = serializers.CharField(read_only=True)
    non_benefit = serializers.BooleanField(read_only=True)
    eligible_for_support = serializers.BooleanField(
        read_only=True,
        help_text="Whether a DEA may support the claimant: an out-of-work benefit, a declared "
        "intention of suicide or self-harm, or a recorded vulnerability exception.",
    )
    support_basis = serializers.ChoiceField(
        SupportBasis.choices, read_only=True, allow_null=True, help_text="Why, or null."
    )

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
            "eligible_for_support",
            "support_basis",
            "vulnerability_exception",
            "accessible_formats",
            "self_harm_declared",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, claimant: Claimant) -> dict:
        basis = support_basis(claimant)
        return {
            "id": claimant.pk,
            "nino": claimant.nino,
            "nino_display": claimant.nino_display,
            "surname": claimant.surname,
            "forenames": claimant.forenames,
            "benefits": list(claimant.benefits),
            "regime": claimant.regime,
            "conditionality": claimant.conditionality,
            "caseload_type": claimant.caseload_type,
            "work_coach": claimant.work_coach_id,
            "non_benefit": claimant.non_benefit,
            "eligible_for_support": basis is not None,
            "support_basis": basis.value if basis else None,
            "vulnerability_exception": claimant.vulnerability_exception,
            "accessible_formats": list(claimant.accessible_formats),
            "self_harm_declared": claimant.self_harm_declared,
            "created_at": _iso_datetime(claimant.created_at),
            "updated_at": _iso_datetime(claimant.updated_at),
        }


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
