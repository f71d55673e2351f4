"""API: the FTE headcount (API.md ``/api/reports/headcount/``) and the DEA activity and
compliance figures (``/api/reports/activity/``, ``/api/reports/activity-rows/``), for analysts
and administrators.

``?from=2012-13&to=2014-15`` chooses the years (both default to the span the returns cover, up
to this year), ``format`` is ``json`` (the default), ``csv``, ``xlsx`` or ``ods``, and
``adviser_type`` (repeatable), ``district`` and ``jobcentre`` filter by id. JSON is
``{"years", "rows": [{"adviser_type", "values": {year: int | null}}], "notes"}``.

The activity figures take ``?from=2026-04&to=2026-09`` (months; by default the six months to
this one), ``level`` (``national``, ``district``, ``jobcentre`` or ``dea``), ``district`` (id)
and ``format``. Their JSON is ``{"from", "to", "level", "district", "months", "tables":
[{"key", "title", "columns", "rows": [{"area", "total", "month", "values"}], "notes"}],
"notes"}``; the rows endpoint streams CSV only.

The parameters are read by the same forms as the report pages (``reports.forms``), so the
rules, defaults and messages are the pages' own; only some names differ (``from`` for
``year_from``, say), and a form's errors come back under the API's names as a 400.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import selectors
from reports.activity import LEVELS, cached_activity_figures
from reports.activity.exports import as_dict as activity_as_dict
from reports.activity.exports import figures_response
from reports.activity.rows import activity_rows_response
from reports.exports import FORMATS, as_dict, headcount_response
from reports.forms import activity_filter_form, headcount_filter_form
from reports.permissions import can_view_reports

#: What the API takes as ``format``; JSON, the first, when none is given.
API_FORMATS = ("json", *(name for name in FORMATS if name != "json"))
#: The API's name (API.md) for each field of the headcount's filter form.
HEADCOUNT_PARAMETERS = {
    "from": "year_from",
    "to": "year_to",
    "adviser_type": "adviser_types",
    "district": "district",
    "jobcentre": "jobcentre",
    "format": "format",
}
#: The API's name for each field of the activity report's filter form.
ACTIVITY_PARAMETERS = {
    "from": "month_from",
    "to": "month_to",
    "level": "level",
    "district": "district",
    "format": "format",
}


class _JsonOnly(BaseContentNegotiation):
    """Here ``format`` names the file to send (API.md), so DRF must not take it as a renderer;
    everything DRF itself renders, errors included, is JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _reports_only(user) -> None:
    if not can_view_reports(user):
        raise PermissionDenied("Only analysts and administrators see the reports.")


def _json_or_file(json_schema) -> dict:
    """A report's answers in the schema: JSON, or with ``format`` the file it names."""
    return {
        200: OpenApiResponse(
            json_schema, description="JSON; with format=csv, xlsx or ods, that file"
        ),
        (200, "text/csv"): OpenApiTypes.STR,
        (200, FORMATS["xlsx"]): OpenApiTypes.BINARY,
        (200, FORMATS["ods"]): OpenApiTypes.BINARY,
    }


def _valid_form(build, params, names: dict[str, str], **options):
    """The report page's form, ``build(data, **options)``, on the API's ``params`` renamed by
    ``names`` to the form's fields; a ValidationError (400) under the API's names if invalid."""
    data = QueryDict(mutable=True)
    for parameter, field in names.items():
        if parameter in params:
            data.setlist(field, params.getlist(parameter))
    form = build(data, **options)
    if not form.is_valid():
        parameter_of = {field: parameter for parameter, field in names.items()}
        raise ValidationError(
            {parameter_of.get(field, field): list(errors) for field, errors in form.errors.items()}
        )
    return form


_HEADCOUNT_JSON = inline_serializer(
    "Headcount",
    {
        "years": serializers.ListField(child=serializers.CharField()),
        "rows": serializers.ListField(
            child=inline_serializer(
                "HeadcountRow",
                {
                    "adviser_type": serializers.CharField(),
                    "values": serializers.DictField(
                        child=serializers.IntegerField(allow_null=True)
                    ),
                },
            )
        ),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
)


class HeadcountView(APIView):
    """FTE by adviser type and financial year; a blank (null) means no returns, never 0."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JsonOnly

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="First financial year, e.g. 2012-13"),
            OpenApiParameter("to", str, description="Last financial year, e.g. 2014-15"),
            OpenApiParameter("format", str, enum=list(FORMATS), description="Default json"),
            OpenApiParameter("adviser_type", int, many=True, description="Adviser type ids"),
            OpenApiParameter("district", int),
            OpenApiParameter("jobcentre", int),
        ],
        responses=_json_or_file(_HEADCOUNT_JSON),
    )
    def get(self, request):
        _reports_only(request.user)
        form = _valid_form(
            headcount_filter_form, request.query_params, HEADCOUNT_PARAMETERS, formats=API_FORMATS
        )
        headcount = selectors.headcount(**form.filters())
        file_format = form.cleaned_data["format"]
        if file_format == "json":
            return Response(as_dict(headcount))
        return headcount_response(headcount, file_format)


# DEA activity and compliance ------------------------------------------------------------


_ACTIVITY_PARAMETERS = [
    OpenApiParameter(
        "from",
        str,
        description="First month, e.g. 2026-04 (default: five months before `to`, or five "
        "months ago when neither is given)",
    ),
    OpenApiParameter(
        "to",
        str,
        description="Last month, e.g. 2026-09 (default: five months after `from` but not past "
        "this month, or this month when neither is given)",
    ),
    OpenApiParameter("district", int, description="Only this district's areas"),
]

_ACTIVITY_JSON = inline_serializer(
    "ActivityFigures",
    {
        "from": serializers.CharField(),
        "to": serializers.CharField(),
        "level": serializers.ChoiceField(choices=list(LEVELS)),
        "district": serializers.IntegerField(allow_null=True),
        "months": serializers.ListField(child=serializers.CharField()),
        "tables": serializers.ListField(
            child=inline_serializer(
                "ActivityTable",
                {
                    "key": serializers.CharField(),
                    "title": serializers.CharField(),
                    "columns": serializers.ListField(
                        child=inline_serializer(
                            "ActivityColumn",
                            {
                                "key": serializers.CharField(),
                                "label": serializers.CharField(),
                                "type": serializers.ChoiceField(
                                    choices=["count", "share", "average"]
                                ),
                            },
                        )
                    ),
                    "rows": serializers.ListField(
                        child=inline_serializer(
                            "ActivityRow",
                            {
                                "area": serializers.CharField(),
                                "total": serializers.BooleanField(),
                                "month": serializers.CharField(),
                                "values": serializers.DictField(
                                    child=serializers.JSONField(),
                                    help_text=(
                                        'A number, "[c]" where withheld, or null where it '
                                        "does not apply"
                                    ),
                                ),
                            },
                        )
                    ),
                    "notes": serializers.ListField(child=serializers.CharField()),
                },
            )
        ),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
)


class ActivityView(APIView):
    """DEA activity and compliance figures by month, nationally or by district, jobcentre
    or DEA (an anonymous code); counts from 1 to 4 below national level are "[c]"."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JsonOnly

    @extend_schema(
        parameters=[
            *_ACTIVITY_PARAMETERS,
            OpenApiParameter("level", str, enum=list(LEVELS), description="Default national"),
            OpenApiParameter("format", str, enum=list(FORMATS), description="Default json"),
        ],
        responses=_json_or_file(_ACTIVITY_JSON),
    )
    def get(self, request):
        _reports_only(request.user)
        form = _valid_form(
            activity_filter_form, request.query_params, ACTIVITY_PARAMETERS, formats=API_FORMATS
        )
        figures = cached_activity_figures(form.scope())
        file_format = form.cleaned_data["format"]
        if file_format == "json":
            return Response(activity_as_dict(figures))
        return figures_response(figures, file_format)


class ActivityRowsView(APIView):
    """Every activity in the months asked for as a CSV line (month, kind, state, channel),
    streamed; nationally only, and nothing about the people involved."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JsonOnly

    @extend_schema(
        parameters=_ACTIVITY_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        _reports_only(request.user)
        form = _valid_form(
            activity_filter_form,
            request.query_params,
            ACTIVITY_PARAMETERS,
            formats=("csv",),
            national_only=True,
        )
        return activity_rows_response(form.scope())
