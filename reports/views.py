"""Analysts' pages: the reports index, the FTE headcount with its chart and downloads,
loading a month of FTE returns, and the DEA activity and compliance figures. Analysts and
administrators only (DESIGN.md section 10); every page shows aggregates, never a name or a
NINO.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jomcase.months import month_name
from reports import selectors
from reports.activity import SUPPRESSED, cached_activity_figures
from reports.activity.exports import figures_response
from reports.activity.rows import activity_rows_response
from reports.charts import headcount_chart
from reports.exports import headcount_response
from reports.forms import FteImportForm, activity_filter_form, headcount_filter_form
from reports.permissions import can_import_fte_returns, can_view_reports
from reports.services import FteReturnsInvalid, fte_returns_import

#: Errors listed on the import page; the rest are counted.
ERRORS_SHOWN = 500


def home_panel(user):
    if not can_view_reports(user):
        return None
    return {"template": "reports/_home_panel.html", "can_import": can_import_fte_returns(user)}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Only analysts and administrators see the reports.")


DOWNLOADS = (
    ("csv", "CSV"),
    ("xlsx", "Excel (XLSX)"),
    ("ods", "OpenDocument (ODS)"),
    ("json", "JSON"),
)
#: What the downloads take as ``format``; CSV, the first, when none is given.
DOWNLOAD_FORMATS = tuple(file_format for file_format, _ in DOWNLOADS)


def _downloads(url_name: str, query: str) -> list[dict]:
    """A link to each download of a report, carrying the page's query (less its page)."""
    joiner = f"{query}&" if query else ""
    return [
        {"label": label, "href": f"{reverse(url_name)}?{joiner}format={file_format}"}
        for file_format, label in DOWNLOADS
    ]


def _bad_choices(form, what: str) -> HttpResponseBadRequest:
    problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return HttpResponseBadRequest(f"Check the {what}: {problems}")


def _filtered(request, **form_options):
    """The filter form for the request's query, and the headcount when the filters are valid."""
    form = headcount_filter_form(request.GET, **form_options)
    headcount = selectors.headcount(**form.filters()) if form.is_valid() else None
    return form, headcount


@login_required
def index(request):
    _require(can_view_reports(request.user))
    return render(
        request,
        "reports/index.html",
        {"can_import": can_import_fte_returns(request.user)},
    )


def _table(headcount) -> list[dict]:
    """The rows as the page shows them: numbers with thousands separators, blanks as None."""
    return [
        {
            "adviser_type": row.adviser_type,
            "cells": [
                None if row.values[y] is None else f"{row.values[y]:,}"
                for y in headcount.year_labels
            ],
        }
        for row in headcount.rows
    ]


@login_required
def headcount(request):
    """FTE by adviser type and financial year, filtered, with notes, a chart and downloads."""
    _require(can_view_reports(request.user))
    form, result = _filtered(request)
    downloads = _downloads("reports:headcount_download", request.GET.urlencode())
    return render(
        request,
        "reports/headcount.html",
        {
            "form": form,
            "headcount": result,
            "rows": _table(result) if result else [],
            "chart": headcount_chart(result) if result else None,
            "downloads": downloads,
            "filtered": any(
                request.GET.get(name) for name in ("adviser_types", "district", "jobcentre")
            ),
        },
    )


@login_required
def headcount_download(request):
    """The same table as the page, as CSV (the default), XLSX, ODS or JSON."""
    _require(can_view_reports(request.user))
    form, result = _filtered(request, formats=DOWNLOAD_FORMATS)
    if result is None:
        return _bad_choices(form, "filters")
    return headcount_response(result, form.cleaned_data["format"])


@login_required
def returns(request):
    """The months of FTE returns loaded lately, and the way to load another."""
    _require(can_view_reports(request.user))
    return render(
        request,
        "reports/returns.html",
        {
            "imports": selectors.fte_imports(),
            "can_import": can_import_fte_returns(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def returns_import(request):
    """Upload a month's returns: an error report naming every bad row, or a confirmation."""
    _require(can_import_fte_returns(request.user))
    form = FteImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        month = form.cleaned_data["month"]
        try:
            batch = fte_returns_import(
                actor=request.user, month=month, file=upload, file_name=upload.name
            )
        except FteReturnsInvalid as invalid:
            problems = {
                "errors": invalid.errors[:ERRORS_SHOWN],
                "total": invalid.total,
                "hidden": invalid.total - min(len(invalid.errors), ERRORS_SHOWN),
                "rows": len({e.row for e in invalid.errors}),
            }
        else:
            replaced = (
                f" They replace the {batch.replaced_row_count:,} returns loaded before."
                if batch.replaced_row_count
                else ""
            )
            messages.success(
                request,
                f"Returns for {month_name(batch.month)} loaded: {batch.row_count:,} returns, "
                f"{batch.total_fte:,} FTE.{replaced}",
            )
            return redirect("reports:returns")
    return render(
        request,
        "reports/returns_import.html",
        {"form": form, "problems": problems, "has_errors": bool(problems)},
    )


# DEA activity and compliance ------------------------------------------------------------

#: Areas per page of the activity tables; the downloads hold them all.
AREAS_PER_PAGE = 20


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _activity_tables(figures, areas: set[str]) -> list[dict]:
    """Each table as the page shows it: the page's areas, then the totals; numbers formatted."""
    tables = []
    for section in figures.sections:
        columns = section.measure.columns
        rows = [
            {
                "area": row.area,
                "month": month_name(row.month),
                "is_total": row.is_total,
                "cells": [_cell(row.values[c.key]) for c in columns],
            }
            for row in section.rows
            if row.is_total or row.area in areas
        ]
        tables.append(
            {
                "key": section.key,
                "title": section.measure.title,
                "columns": [c.label for c in columns],
                "rows": rows,
                "notes": section.measure.notes,
                "withheld": section.withheld,
            }
        )
    return tables


@login_required
def activity(request):
    """DEA activity and compliance by month and area, with notes and downloads."""
    _require(can_view_reports(request.user))
    form = activity_filter_form(request.GET)
    figures = tables = page = None
    if form.is_valid():
        figures = cached_activity_figures(form.scope())
        page = Paginator(figures.areas, AREAS_PER_PAGE).get_page(request.GET.get("page"))
        tables = _activity_tables(figures, set(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()
    downloads = _downloads("reports:activity_download", query)
    return render(
        request,
        "reports/activity.html",
        {
            "form": form,
            "figures": figures,
            "tables": tables,
            "page": page,
            "query": query,
            "downloads": downloads,
            "rows_href": _rows_href(request.GET),
            "marker": SUPPRESSED,
        },
    )


def _rows_href(query) -> str:
    """The activity lines for the months chosen: national, whatever area the figures show."""
    months = urlencode({key: query[key] for key in ("month_from", "month_to") if query.get(key)})
    return f"{reverse('reports:activity_rows')}?{months}"


@login_required
def activity_download(request):
    """The activity report as CSV (the default), XLSX, ODS or JSON."""
    _require(can_view_reports(request.user))
    form = activity_filter_form(request.GET, formats=DOWNLOAD_FORMATS)
    if not form.is_valid():
        return _bad_choices(form, "choices")
    return figures_response(cached_activity_figures(form.scope()), form.cleaned_data["format"])


@login_required
def activity_rows(request):
    """Every activity in the months chosen as a CSV line, streamed; national only."""
    _require(can_view_reports(request.user))
    form = activity_filter_form(request.GET, formats=("csv",), national_only=True)
    if not form.is_valid():
        return _bad_choices(form, "choices")
    return activity_rows_response(form.scope())
