"""API views for activities and their steps, partner actions, CSI approvals and a claimant's
timeline (API.md; DESIGN.md sections 5 and 10).

Each view parses its input, calls the one service the browser pages call, and writes out
the activity as the caller may now see it; the rules (who may take a step, consent, the CSI
cap, diaries, which outcomes a kind allows) are the services'. A refused step raises before
the service writes, so it changes nothing. The timeline is served here rather than from
``claimants`` because it reads this app's records, and imports run one way only (STYLE.md).
"""

from __future__ import annotations

from contextlib import contextmanager

import django_filters
from django.http import Http404
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from claimants.models import Claimant
from claimants.selectors import claimant_for
from conferences import selectors, services
from conferences.models import (
    Action,
    ActionKind,
    ActionState,
    Activity,
    ActivityKind,
    ActivityState,
    CsiApproval,
)
from conferences.selectors import actions_visible_to, activity_list_for
from conferences.serializers_activities import (
    ActionCompleteInput,
    ActionOutput,
    ActivityDetailOutput,
    ActivityOutcomeRecordedOutput,
    ActivityOutput,
    BookInput,
    CancelInput,
    ConsentInput,
    CsiApprovalInput,
    CsiApprovalOutput,
    NotAttendedInput,
    OutcomeInput,
    TimelineItemOutput,
)
from jomcase.api_base import validated_input
from jomcase.errors import RuleViolation
from jomcase.models import Role
from jomcase.permissions import sees_personal_data
from jomcase.services import access_log_record

# --- activities ---------------------------------------------------------------------------


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)
    state = django_filters.ChoiceFilter(choices=ActivityState.choices)
    claimant = django_filters.NumberFilter(field_name="claimant_id")
    support_request = django_filters.NumberFilter(field_name="support_request_id")

    class Meta:
        model = Activity
        fields = ["kind", "state", "claimant", "support_request"]


def activity_shown(request, activity_id: int) -> Activity:
    """One activity as the caller may see it, with its history, consent and outcomes; else 404."""
    try:
        return selectors.activity_for(user=request.user, activity_id=activity_id)
    except Activity.DoesNotExist:
        raise Http404 from None


def _not_possible_now(activity_id: int) -> str:
    by_time = selectors.step_refused_by_time(activity_id)
    if by_time:
        return by_time
    state = Activity.objects.values_list("state", flat=True).get(pk=activity_id)
    return f"That step is not possible while the activity is {ActivityState(state).label.lower()}."


@contextmanager
def _step(activity_id: int):
    """Say why a step is not possible now: the activity is in another state, or has not
    started yet. The answer stays 409 ``transition_not_allowed``; its ``detail`` says which.
    """
    try:
        yield
    except (TransitionNotAllowed, ConcurrentTransition) as refused:
        detail = _not_possible_now(activity_id)
        raise RuleViolation(detail, code="transition_not_allowed") from refused


def _detail(request, activity_id: int) -> Response:
    return Response(ActivityDetailOutput(activity_shown(request, activity_id)).data)


class ActivityList(generics.ListAPIView):
    """Activities the caller may see, newest first (filters ``kind``, ``state``, ``claimant``,
    ``support_request``)."""

    serializer_class = ActivityOutput
    filterset_class = ActivityFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return Activity.objects.none()
        return activity_list_for(self.request.user)


class ActivityDetail(APIView):
    """One activity with its history, consent and outcomes. Reading one about a claimant is
    a read of the claimant's record, so it is access-logged as the activity page is."""

    @extend_schema(responses=ActivityDetailOutput)
    def get(self, request, activity_id: int):
        activity = activity_shown(request, activity_id)
        if activity.claimant is not None:
            access_log_record(staff=request.user, record=activity.claimant, via=request.path)
        return Response(ActivityDetailOutput(activity).data)


class ActivityRecordConsent(APIView):
    """The claimant's answer to a three-way or CSI: ``awaiting_consent`` to ``proposed`` when
    given, to ``consent_refused`` when not (a refused three-way proposes a case conference)."""

    @extend_schema(request=ConsentInput, responses=ActivityDetailOutput)
    def post(self, request, activity_id: int):
        fields = validated_input(ConsentInput, request)
        with _step(activity_id):
            services.activity_record_consent(activity_id=activity_id, actor=request.user, **fields)
        return _detail(request, activity_id)


class ActivityBook(APIView):
    """Book (or move) the activity in every participant's diary; it may be after the event.

    409 ``consent_required``, ``csi_cap_reached``, ``diary_clash`` or
    ``transition_not_allowed``; a claimant support intervention is ``face_to_face``.
    """

    @extend_schema(request=BookInput, responses=ActivityDetailOutput)
    def post(self, request, activity_id: int):
        fields = validated_input(BookInput, request)
        with _step(activity_id):
            services.activity_book(activity_id=activity_id, actor=request.user, **fields)
        return _detail(request, activity_id)


class ActivityHold(APIView):
    """It took place: ``booked`` to ``held``; 409 before its booked start."""

    @extend_schema(request=None, responses=ActivityDetailOutput)
    def post(self, request, activity_id: int):
        with _step(activity_id):
            services.activity_hold(activity_id=activity_id, actor=request.user)
        return _detail(request, activity_id)


class ActivityNotAttended(APIView):
    """The claimant or colleague did not come: ``booked`` to ``not_attended``; 409 before
    its booked start."""

    @extend_schema(request=NotAttendedInput, responses=ActivityDetailOutput)
    def post(self, request, activity_id: int):
        fields = validated_input(NotAttendedInput, request)
        with _step(activity_id):
            services.activity_not_attended(
                activity_id=activity_id, actor=request.user, message=fields["message"]
            )
        return _detail(request, activity_id)


class ActivityCancel(APIView):
    """It will not take place; the diaries are freed and a cancelled CSI no longer counts."""

    @extend_schema(request=CancelInput, responses=ActivityDetailOutput)
    def post(self, request, activity_id: int):
        fields = validated_input(CancelInput, request)
        with _step(activity_id):
            services.activity_cancel(
                activity_id=activity_id, actor=request.user, reason=fields["reason"]
            )
        return _detail(request, activity_id)


class ActivityRecordOutcome(APIView):
    """Conclude a held activity with its outcomes; each creates a follow-on, returned in
    ``follow_ons``. An outcome the kind does not allow is 400."""

    @extend_schema(request=OutcomeInput, responses=ActivityOutcomeRecordedOutput)
    def post(self, request, activity_id: int):
        fields = validated_input(OutcomeInput, request)
        with _step(activity_id):
            follow_ons = services.activity_record_outcome(
                activity_id=activity_id, actor=request.user, **fields
            )
        output = ActivityOutcomeRecordedOutput(
            activity_shown(request, activity_id), context={"follow_ons": follow_ons}
        )
        return Response(output.data)


# --- partner actions ----------------------------------------------------------------------


class ActionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ActionKind.choices)
    state = django_filters.ChoiceFilter(choices=ActionState.choices)
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    claimant = django_filters.NumberFilter(field_name="claimant_id")
    origin_activity = django_filters.NumberFilter(field_name="origin_activity_id")

    class Meta:
        model = Action
        fields = ["kind", "state", "assignee", "claimant", "origin_activity"]


class ActionList(generics.ListAPIView):
    """Actions given to the caller, and those from activities the caller may see; soonest
    due first (filters ``kind``, ``state``, ``assignee``, ``claimant``, ``origin_activity``)."""

    serializer_class = ActionOutput
    filterset_class = ActionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return Action.objects.none()
        return actions_visible_to(self.request.user)


class ActionComplete(APIView):
    """The partner the action was given to marks it done; 409 when it already is, 403 for
    someone else who may see it."""

    @extend_schema(request=ActionCompleteInput, responses=ActionOutput)
    def post(self, request, action_id: int):
        if not actions_visible_to(request.user).filter(pk=action_id).exists():
            raise Http404
        fields = validated_input(ActionCompleteInput, request)
        try:
            action = services.action_complete(
                action_id=action_id, actor=request.user, note=fields["note"]
            )
        except Http404:
            # The caller sees the action through its activity but it was given to someone else.
            raise PermissionDenied(
                "Only the partner the action was given to marks it done."
            ) from None
        return Response(ActionOutput(action).data)


# --- approvals of a CSI beyond the cap ----------------------------------------------------


def _team_leader_only(user) -> None:
    if not user.has_role(Role.WCTL):
        raise PermissionDenied("Only a work coach team leader approves more interventions.")


class CsiApprovalFilter(django_filters.FilterSet):
    claimant = django_filters.NumberFilter(field_name="claimant_id")

    class Meta:
        model = CsiApproval
        fields = ["claimant"]


class CsiApprovalList(generics.ListAPIView):
    """For work coach team leaders: approvals they gave and those for their DEAs' claimants,
    newest first. POST approves one more CSI for a claimant of a DEA the caller line-manages
    (anyone else: 403); each approval allows one CSI beyond the cap of three [36]."""

    serializer_class = CsiApprovalOutput
    filterset_class = CsiApprovalFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return CsiApproval.objects.none()
        _team_leader_only(self.request.user)
        return selectors.csi_approvals_for(self.request.user)

    @extend_schema(request=CsiApprovalInput, responses={201: CsiApprovalOutput})
    def post(self, request):
        _team_leader_only(request.user)
        fields = validated_input(CsiApprovalInput, request)
        approval = services.csi_approval_create(
            actor=request.user,
            claimant_id=fields["claimant"],
            reason=fields["reason"],
        )
        return Response(CsiApprovalOutput(approval).data, status=status.HTTP_201_CREATED)


# --- the claimant's timeline --------------------------------------------------------------


class ClaimantTimeline(generics.ListAPIView):
    """Every request, activity, consent, outcome and action about a claimant, oldest first.

    For those who may see the claimant (404 for anyone else, 403 for roles that see
    aggregates only); each read is written to the access log, as for the claimant's record.
    """

    serializer_class = TimelineItemOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return []
        user = self.request.user
        if not sees_personal_data(user):
            raise PermissionDenied("Your role sees aggregate figures only, not claimants' records.")
        try:
            claimant = claimant_for(user=user, claimant_id=self.kwargs["claimant_id"])
        except Claimant.DoesNotExist:
            raise Http404 from None
        access_log_record(staff=user, record=claimant, via=self.request.path)
        return selectors.claimant_timeline(claimant)
