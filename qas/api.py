"""API views for QAS checklists and checks (API.md).

Thin: lists come from the selectors, scoped to the caller; creating and acknowledging call
one service each. A check's activity of the wrong kind is 400; a DEA the caller may not see
is 404, and one they may see but not check (their own work) is 403. A refused request writes
nothing.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jomcase.api_base import validated_input
from jomcase.models import Role
from qas import selectors, services
from qas.models import ChecklistTemplate, QasCheck
from qas.serializers import (
    ChecklistTemplateOutput,
    DueCheckOutput,
    QasCheckInput,
    QasCheckOutput,
)


class ChecklistTemplateList(generics.ListAPIView):
    """The current version of each checklist with its questions (filter ``check_type``)."""

    serializer_class = ChecklistTemplateOutput
    filterset_fields = ["check_type"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChecklistTemplate.objects.none()
        return selectors.current_templates()


class QasCheckList(generics.ListAPIView):
    """Checks the caller may see, latest observed first (filters ``check_type``, ``dea``,
    ``activity``); POST signs off a new check, for the DEA's line-managing team leader only."""

    serializer_class = QasCheckOutput
    filterset_fields = ["check_type", "dea", "activity"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QasCheck.objects.none()
        return selectors.check_list_for_api(self.request.user)

    @extend_schema(request=QasCheckInput, responses={201: QasCheckOutput})
    def post(self, request):
        fields = validated_input(QasCheckInput, request)
        created = services.qas_check_create(
            actor=request.user,
            dea_id=fields["dea"],
            activity_id=fields["activity"],
            check_type=fields["check_type"],
            template_id=fields.get("template"),
            answers={
                pk: services.AnswerInput(
                    answer=answer,
                    comment=fields["comments"].get(pk, ""),
                    evidence=fields["evidence"].get(pk, ""),
                )
                for pk, answer in fields["answers"].items()
            },
            feedback=services.Feedback(
                result=fields["result"],
                positive_feedback=fields["positive_feedback"],
                areas_to_improve=fields["areas_to_improve"],
                feedback_given_on=fields["feedback_given_on"],
            ),
        )
        shown = selectors.check_list_for_api(request.user).get(pk=created.pk)
        return Response(QasCheckOutput(shown).data, status=status.HTTP_201_CREATED)


class QasCheckDetail(generics.RetrieveAPIView):
    """One check the caller may see; 404 otherwise."""

    serializer_class = QasCheckOutput
    lookup_url_kwarg = "check_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QasCheck.objects.none()
        return selectors.check_list_for_api(self.request.user)


class QasCheckAcknowledge(APIView):
    """The DEA whose work was checked acknowledges it (again: no change)."""

    @extend_schema(request=None, responses=QasCheckOutput)
    def post(self, request, check_id: int):
        services.qas_check_acknowledge(actor=request.user, check_id=check_id)
        shown = selectors.check_list_for_api(request.user).get(pk=check_id)
        return Response(QasCheckOutput(shown).data)


class QasDueList(generics.ListAPIView):
    """Checks due and overdue for the DEAs the caller line-manages, overdue first."""

    serializer_class = DueCheckOutput
    filter_backends = []

    def list(self, request, *args, **kwargs):
        user = request.user
        items = selectors.due_checks_for(wctl=user) if user.has_role(Role.WCTL) else []
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
