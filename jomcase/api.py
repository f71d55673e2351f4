"""The core app's API views: token sign-in and the signed-in user."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView


class TokenView(ObtainAuthToken):
    """POST username and password, get a token for ``Authorization: Token <key>``."""

    @extend_schema(
        request=ObtainAuthToken.serializer_class,
        responses={200: serializers.DictField(child=serializers.CharField())},
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
