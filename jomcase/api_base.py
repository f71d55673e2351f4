"""Shared API pieces: pagination and the error body that API.md fixes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_fsm import TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jomcase.errors import RuleViolation


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def _error(status_code: int, code: str, detail: str, errors: dict | None = None) -> Response:
    return Response({"code": code, "detail": detail, "errors": errors or {}}, status=status_code)


def _field_errors(data) -> dict:
    if isinstance(data, dict):
        return {
            key: [str(m) for m in (value if isinstance(value, list) else [value])]
            for key, value in data.items()
        }
    return {"non_field_errors": [str(m) for m in (data if isinstance(data, list) else [data])]}


def exception_handler(exc, context):
    """Turn every error into ``{"code", "detail", "errors"}`` with the status API.md gives it."""
    if isinstance(exc, RuleViolation):
        return _error(status.HTTP_409_CONFLICT, exc.code, exc.detail)
    if isinstance(exc, TransitionNotAllowed):
        return _error(
            status.HTTP_409_CONFLICT,
            "transition_not_allowed",
            "That step is not possible from the record's current state.",
        )
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(errors)
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
