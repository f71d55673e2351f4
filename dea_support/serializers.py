"""API shapes for cohorts (API.md)."""

from rest_framework import serializers

from dea_support.models import Cohort, CohortMembership


class MembershipOutput(serializers.ModelSerializer):
    class Meta:
        model = CohortMembership
        fields = ["id", "work_coach", "start", "end"]


class CohortOutput(serializers.ModelSerializer):
    members = MembershipOutput(source="memberships", many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "dea", "members"]


class MembershipInput(serializers.Serializer):
    work_coach = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True)

    def validate(self, data):
        if data.get("end") and data["end"] < data["start"]:
            raise serializers.ValidationError(
                {"end": ["The end date must be the same as or after the start date"]}
            )
        return data
