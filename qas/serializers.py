"""API shapes for QAS checklists and checks (API.md, ``/api/qas-templates/`` and
``/api/qas-checks/``).

People and activities are plain ids. ``answers`` maps a question's id (from the checklist's
``criteria``) to ``met``, ``not_met`` or ``not_applicable``; ``comments`` and ``evidence``
optionally map the same ids to text.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qas.models import Answer, ChecklistTemplate, CheckType, Criterion, QasCheck, Result


# Other resources may have fields named ``result`` or ``check_type`` with other values, so
# these enumerations are components with names of their own.
@extend_schema_field(
    {"type": "string", "enum": list(CheckType.values)}, component_name="QasCheckType"
)
class CheckTypeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CheckType.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": list(Result.values)}, component_name="QasResult")
class ResultField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Result.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": list(Answer.values)}, component_name="QasAnswer")
class AnswerField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Answer.choices, **kwargs)


class CriterionOutput(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "position", "text", "guidance"]
        read_only_fields = fields


class ChecklistTemplateOutput(serializers.ModelSerializer):
    """The current version of a checklist, with its questions in the order asked."""

    check_type = CheckTypeField(read_only=True)
    criteria = CriterionOutput(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "check_type", "version", "published_at", "introduction", "criteria"]
        read_only_fields = fields


class QasCheckInput(serializers.Serializer):
    check_type = CheckTypeField()
    dea = serializers.IntegerField(help_text="The DEA whose work was observed.")
    activity = serializers.IntegerField(
        help_text="The held activity observed; its kind must fit the check type."
    )
    template = serializers.IntegerField(
        required=False,
        help_text="The checklist version answered; it must be the current one (the default).",
    )
    answers = serializers.DictField(
        child=AnswerField(), help_text="Every question's id mapped to its answer."
    )
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    evidence = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    result = ResultField()
    positive_feedback = serializers.CharField(required=False, default="", allow_blank=True)
    areas_to_improve = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text="Needed when the result is not_achieved.",
    )
    feedback_given_on = serializers.DateField(required=False, allow_null=True, default=None)

    def _ids(self, mapping: dict, name: str) -> dict[int, object]:
        out = {}
        for key, value in mapping.items():
            try:
                out[int(key)] = value
            except (TypeError, ValueError):
                raise serializers.ValidationError(
                    {name: [f"'{key}' is not a question id"]}
                ) from None
        return out

    def validate(self, data):
        data["answers"] = self._ids(data["answers"], "answers")
        data["comments"] = self._ids(data["comments"], "comments")
        data["evidence"] = self._ids(data["evidence"], "evidence")
        for name in ("comments", "evidence"):
            stray = sorted(set(data[name]) - set(data["answers"]))
            if stray:
                raise serializers.ValidationError(
                    {name: [f"No answer is given for question {stray[0]}"]}
                )
        return data


class QasCheckOutput(serializers.ModelSerializer):
    """A check with its answers (prefetched by the selector)."""

    check_type = CheckTypeField(read_only=True)
    result = ResultField(read_only=True)
    version = serializers.IntegerField(source="template.version", read_only=True)
    answers = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = QasCheck
        fields = [
            "id",
            "check_type",
            "dea",
            "wctl",
            "activity",
            "template",
            "version",
            "observed_on",
            "answers",
            "comments",
            "evidence",
            "result",
            "positive_feedback",
            "areas_to_improve",
            "feedback_given_on",
            "signed_off_at",
            "acknowledged_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=AnswerField()))
    def get_answers(self, qas_check) -> dict:
        return {str(a.criterion_id): a.answer for a in qas_check.answers.all()}

    def get_comments(self, qas_check) -> dict[str, str]:
        return {str(a.criterion_id): a.comment for a in qas_check.answers.all() if a.comment}

    def get_evidence(self, qas_check) -> dict[str, str]:
        return {str(a.criterion_id): a.evidence for a in qas_check.answers.all() if a.evidence}


class DueCheckOutput(serializers.Serializer):
    """A check due for one of the caller's DEAs: monthly ones name their ``period`` (the
    month's first day); QAS 1 suggestions name the claimant support intervention."""

    dea = serializers.IntegerField(source="dea_id")
    check_type = CheckTypeField()
    due = serializers.DateField()
    overdue = serializers.BooleanField()
    period = serializers.DateField(allow_null=True)
    activity = serializers.IntegerField(
        source="activity_id",
        allow_null=True,
        help_text="The activity suggested (or planned) for observing, if any.",
    )
    planned = serializers.BooleanField(help_text="The caller said they will observe it.")
