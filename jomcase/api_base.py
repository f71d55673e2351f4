"""Shared API pieces: pagination, reading a request's input, and the error body that API.md
fixes."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS as DJANGO_NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_fsm import TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from jomcase.errors import RuleViolation

NON_FIELD_ERRORS_KEY = api_settings.NON_FIELD_ERRORS_KEY


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def validated_input(serializer_class: type[Serializer], request, **kwargs) -> dict:
    """The request's body as ``serializer_class`` reads it; a 400 ``invalid`` if it does not."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _error(status_code: int, code: str, detail: str, errors: dict | None = None) -> Response:
    return Response({"code": code, "detail": detail, "errors": errors or {}}, status=status_code)


def _messages(value, prefix: str = "") -> list[str]:
    """Plain sentences from DRF's error detail, however deeply a list or nested object holds them.

    A list field's errors come keyed by item position, and a nested object's by its field
    names; clients get sentences, with the nested field named in front.
    """
    if isinstance(value, dict):
        return [
            message
            for key, inner in value.items()
            for message in _messages(inner, f"{prefix}{key}: " if isinstance(key, str) else prefix)
        ]
    if isinstance(value, list | tuple):
        return [message for inner in value for message in _messages(inner, prefix)]
    return [f"{prefix}{value}"]


def _field_errors(data) -> dict:
    if isinstance(data, dict):
        return {
            NON_FIELD_ERRORS_KEY if key == DJANGO_NON_FIELD_ERRORS else key: _messages(value)
            for key, value in data.items()
        }
    return {NON_FIELD_ERRORS_KEY: _messages(data)}


def exception_handler(exc, context):
    """Turn every error into ``{"code", "detail", "errors"}`` with the status API.md gives it."""
    if isinstance(exc, RuleViolation):
        set_rollback()
        errors = {exc.field: [exc.detail]} if exc.field else {}
        return _error(status.HTTP_409_CONFLICT, exc.code, exc.detail, errors)
    if isinstance(exc, TransitionNotAllowed):
        set_rollback()
        return _error(
            status.HTTP_409_CONFLICT,
            "transition_not_allowed",
            "That step is not possible from the record's current state.",
        )
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS_KEY: exc.messages}
        )
        exc = exceptions.ValidationError(errors)
    if isinstance(exc, exceptions.ParseError):
        # A body that is not JSON at all is invalid input like any other (API.md: 400 invalid).
        exc = exceptions.ValidationError({NON_FIELD_ERRORS_KEY: [str(exc.detail)]})
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        first = next(iter(errors.values()), ["Check the request."])[0]
        response.data = {"code": "invalid", "detail": first, "errors": errors}
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # DRF answers 403 when the first authenticator (the session) has no challenge to send;
        # API.md promises 401, so answer that and name the token scheme as the challenge.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = 'Token realm="api"'
        response.data = {"code": "not_authenticated", "detail": str(exc.detail), "errors": {}}
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = {"code": "forbidden", "detail": str(exc.detail), "errors": {}}
    elif isinstance(exc, exceptions.NotFound):
        response.data = {"code": "not_found", "detail": "Not found.", "errors": {}}
    else:
        response.data = {
            "code": getattr(exc, "default_code", "error"),
            "detail": str(getattr(exc, "detail", exc)),
            "errors": {},
        }
    return response
