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
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
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

from jomcase.models import AdviserType, District, Jobcentre
from reports import selectors
from reports.activity import LEVELS, MAX_MONTHS, Scope, cached_activity_figures, default_months
from reports.activity.exports import as_dict as activity_as_dict
from reports.activity.exports import figures_response
from reports.activity.rows import NATIONAL_ONLY, activity_rows_response
from reports.exports import FORMATS, as_dict, headcount_response
from reports.permissions import can_view_reports
from reports.years import FinancialYear, add_months, parse_month


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


def _year(params, name: str) -> FinancialYear | None:
    value = params.get(name)
    if not value:
        return None
    try:
        return FinancialYear.parse(value)
    except ValueError as exc:
        raise ValidationError({name: [str(exc)]}) from None


def _ids(params, name: str) -> list[int]:
    try:
        return [int(v) for v in params.getlist(name) if v != ""]
    except ValueError:
        raise ValidationError({name: ["Give ids as whole numbers"]}) from None


def _one(model, params, name: str):
    ids = _ids(params, name)
    if not ids:
        return None
    found = model.objects.filter(pk=ids[0]).first()
    if found is None or len(ids) > 1:
        raise ValidationError({name: [f"No {name.replace('_', ' ')} has id {ids[0]}"]})
    return found


def headcount_query(params) -> tuple[dict, str]:
    """The selector's arguments and the format from the query string; ValidationError if bad."""
    file_format = params.get("format") or "json"
    if file_format not in FORMATS:
        raise ValidationError({"format": ["Choose json, csv, xlsx or ods"]})
    first, last = _year(params, "from"), _year(params, "to")
    if first is None or last is None:
        first_default, last_default = selectors.default_years()
        first = first or (first_default if last is None else min(first_default, last))
        last = last or max(first, last_default)
    if last < first:
        raise ValidationError({"to": ["The last year must not come before the first"]})
    type_ids = _ids(params, "adviser_type")
    types = None
    if type_ids:
        types = list(AdviserType.objects.filter(pk__in=type_ids))
        missing = sorted(set(type_ids) - {t.pk for t in types})
        if missing:
            raise ValidationError({"adviser_type": [f"No adviser type has id {missing[0]}"]})
    district = _one(District, params, "district")
    jobcentre = _one(Jobcentre, params, "jobcentre")
    if district and jobcentre and jobcentre.district_id != district.pk:
        raise ValidationError({"jobcentre": ["That jobcentre is not in that district"]})
    filters = {
        "first_year": first,
        "last_year": last,
        "adviser_types": types,
        "district": district,
        "jobcentre": jobcentre,
    }
    return filters, file_format


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
        filters, file_format = headcount_query(request.query_params)
        headcount = selectors.headcount(**filters)
        if file_format == "json":
            return Response(as_dict(headcount))
        return headcount_response(headcount, file_format)


# DEA activity and compliance ------------------------------------------------------------


def _month(params, name: str):
    value = params.get(name)
    if not value:
        return None
    try:
        return parse_month(value)
    except ValueError as exc:
        raise ValidationError({name: [str(exc)]}) from None


def activity_query(params, *, formats=FORMATS) -> tuple[Scope, str]:
    """The report's scope and the format from the query string; ValidationError if bad."""
    file_format = params.get("format") or ("json" if "json" in formats else "csv")
    if file_format not in formats:
        raise ValidationError({"format": [f"Choose {', '.join(formats)}"]})
    first, last = _month(params, "from"), _month(params, "to")
    default_first, default_last = default_months()
    if first is None and last is None:
        first, last = default_first, default_last
    elif first is None:
        first = add_months(last, -5)
    elif last is None:
        last = max(first, min(add_months(first, 5), default_last))
    if last < first:
        raise ValidationError({"to": ["The last month must not come before the first"]})
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise ValidationError({"to": [f"Ask for at most {MAX_MONTHS} months"]})
    level = params.get("level") or "national"
    if level not in LEVELS:
        raise ValidationError({"level": [f"Choose {', '.join(LEVELS)}"]})
    district = _one(District, params, "district")
    return Scope(first=first, last=last, level=level, district=district), file_format


_ACTIVITY_PARAMETERS = [
    OpenApiParameter("from", str, description="First month, e.g. 2026-04 (default: 5 months ago)"),
    OpenApiParameter("to", str, description="Last month, e.g. 2026-09 (default: this month)"),
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
        scope, file_format = activity_query(request.query_params)
        figures = cached_activity_figures(scope)
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
        scope, _ = activity_query(request.query_params, formats={"csv": FORMATS["csv"]})
        if scope.district is not None:
            raise ValidationError({"district": [NATIONAL_ONLY]})
        return activity_rows_response(scope)
