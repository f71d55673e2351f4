"""The core app's API views: token sign-in, the signed-in user and their notifications."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from jomcase.api_base import validated_input
from jomcase.models import Notification
from jomcase.selectors import notifications_for
from jomcase.services import notifications_mark_read


class TokenView(ObtainAuthToken):
    """POST username and password, get a token for ``Authorization: Token <key>``."""

    @extend_schema(
        request=ObtainAuthToken.serializer_class,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    roles = serializers.SerializerMethodField()
    jobcentre = serializers.CharField(source="jobcentre.name", default=None)

    def get_roles(self, staff) -> list[str]:
        return sorted(staff.roles)


class MeView(APIView):
    """The signed-in user."""

    @extend_schema(responses=MeOutput)
    def get(self, request):
        return Response(MeOutput(request.user).data)


class NotificationOutput(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationList(generics.ListAPIView):
    """The caller's own notifications, newest first (``?unread=true`` for unread only)."""

    serializer_class = NotificationOutput
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return Notification.objects.none()
        return notifications_for(self.request.user)


class NotificationsReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="The notifications to mark read; all of the caller's when left out.",
    )


class NotificationsReadOutput(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")


class NotificationsRead(APIView):
    """Mark the caller's notifications read: those listed, or all of them."""

    @extend_schema(request=NotificationsReadInput, responses=NotificationsReadOutput)
    def post(self, request):
        fields = validated_input(NotificationsReadInput, request)
        marked = notifications_mark_read(recipient=request.user, ids=fields.get("ids"))
        return Response(NotificationsReadOutput({"marked": marked}).data)
