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
    SixPointPlanRecord,
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


class SixPointPlanOutput(serializers.ModelSerializer):
    """A six point plan record as the API returns it (API.md) [37]."""

    class Meta:
        model = SixPointPlanRecord
        fields = [
            "id",
            "claimant",
            "declared_on",
            "declaration",
            "steps_taken",
            "emergency_services_contacted",
            "people_told",
            "follow_up",
            "recorded_by",
            "recorded_at",
            "reviewed_by",
            "reviewed_at",
            "review_on",
            "review_note",
        ]
        read_only_fields = fields


_DATE_ERRORS = {"invalid": "Enter a real date in the form YYYY-MM-DD, for example 2026-03-27"}


class SixPointPlanInput(serializers.Serializer):
    """Parses types only; what is required and allowed is the service's to say."""

    declared_on = serializers.DateField(
        required=False, allow_null=True, error_messages=_DATE_ERRORS
    )
    declaration = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    steps_taken = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    emergency_services_contacted = serializers.BooleanField(
        required=False,
        allow_null=True,
        error_messages={"invalid": "Say whether emergency services were contacted: true or false"},
    )
    people_told = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    follow_up = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)

    def service_fields(self) -> dict:
        data = self.validated_data
        return {
            "declared_on": data.get("declared_on"),
            "declaration": data.get("declaration", ""),
            "steps_taken": data.get("steps_taken", ""),
            "emergency_services_contacted": data.get("emergency_services_contacted"),
            "people_told": data.get("people_told", ""),
            "follow_up": data.get("follow_up", ""),
        }


class SixPointPlanReviewInput(serializers.Serializer):
    review_on = serializers.DateField(required=False, allow_null=True, error_messages=_DATE_ERRORS)
    note = serializers.CharField(required=False, allow_blank=True)
