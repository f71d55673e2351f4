"""Pages: the caseload, a claimant's record, and adding or changing a claimant."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from claimants import nino as nino_rules
from claimants import selectors, services
from claimants.extensions import claimant_sections
from claimants.forms import CaseloadFilterForm, ClaimantForm
from claimants.models import (
    AccessibleFormat,
    Benefit,
    CaseloadType,
    Claimant,
    Conditionality,
    Regime,
)
from claimants.permissions import (
    can_add_claimant,
    can_edit_claimant,
    can_record_six_point_plan,
    can_see_six_point_plans,
    has_caseload,
    work_coaches_assignable_by,
)
from jomcase.links import href_for_ids
from jomcase.models import Role
from jomcase.months import MONTH_ABBREVIATIONS
from jomcase.services import access_log_record

PAGE_SIZE = 25

# The caseload table's columns: (heading, sort key or None when it cannot be sorted by).
CASELOAD_COLUMNS = [
    ("Name", "name"),
    ("National Insurance number", "nino"),
    ("Benefits", None),
    ("Regime", None),
    ("Work coach", None),
    ("Added", "added"),
]

# How the record's history names each field, and how it shows their values.
_FIELD_CHOICES = {
    "benefits": dict(Benefit.choices),
    "regime": dict(Regime.choices),
    "conditionality": dict(Conditionality.choices),
    "caseload_type": dict(CaseloadType.choices),
    "accessible_formats": dict(AccessibleFormat.choices),
}


_HISTORY_LABELS = {
    "nino": "National Insurance number",
    "surname": "Surname",
    "forenames": "First names",
    "benefits": "Benefits",
    "regime": "Regime",
    "conditionality": "Conditionality",
    "caseload_type": "Caseload type",
    "vulnerability_exception": "Vulnerability exception",
    "accessible_formats": "Letter formats",
    "self_harm_declared": "Declared intention of suicide or self-harm",
    "work_coach": "Work coach",
}
HISTORY_SHOWN = 50

# What the caseload table shows for each code: a benefit by its initials ("UC"), a regime by
# its name. Worked out once here rather than for every row of every page.
_BENEFIT_INITIALS = {value: label.split(" (")[-1].rstrip(")") for value, label in Benefit.choices}
_REGIME_NAMES = dict(Regime.choices)


def home_panel(user):
    if not has_caseload(user):
        return None
    return {
        "template": "claimants/_home_panel.html",
        "caseload_count": selectors.claimants_visible_to(user).count(),
        "can_add": can_add_claimant(user),
        "is_team_leader": user.has_role(Role.WCTL),
    }


def _visible_or_404(user, claimant_id: int) -> Claimant:
    try:
        return selectors.claimant_for(user=user, claimant_id=claimant_id)
    except Claimant.DoesNotExist:
        raise Http404("No claimant found") from None


def _columns(sort: str, sort_query: str, show_work_coach: bool) -> list[dict]:
    """Table headings with links that sort by them; the sorted one says which way (aria-sort)."""
    columns = []
    for heading, key in CASELOAD_COLUMNS:
        if heading == "Work coach" and not show_work_coach:
            continue
        column = {"heading": heading, "key": key}
        if key:
            ascending, descending = sort == key, sort == f"-{key}"
            column["aria_sort"] = (
                "ascending" if ascending else "descending" if descending else "none"
            )
            target = f"-{key}" if ascending else key
            column["href"] = f"?{sort_query}&sort={target}" if sort_query else f"?sort={target}"
        columns.append(column)
    return columns


def _caseload_table(values, *, show_work_coach: bool) -> list[dict]:
    """The rows of one caseload page as the strings the table shows."""
    detail_href = href_for_ids("claimants:detail")
    local = timezone.get_current_timezone()
    rows = []
    for value in values:
        added = value["created_at"].astimezone(local)
        row = {
            "href": detail_href.format(value["id"]),
            "name": f"{value['surname']}, {value['forenames']}",
            "nino": nino_rules.display(value["nino"]),
            "benefits": ", ".join(_BENEFIT_INITIALS.get(b, b) for b in value["benefits"]) or "None",
            "non_benefit": value["non_benefit"],
            "regime": _REGIME_NAMES.get(value["regime"], value["regime"]) or "Not recorded",
            "added": f"{added.day} {MONTH_ABBREVIATIONS[added.month - 1]} {added.year}",
        }
        if show_work_coach:
            # As Staff.display_name has it: the full name, else the username.
            username = value["work_coach__username"]
            full_name = f"{value['work_coach__first_name']} {value['work_coach__last_name']}"
            row["work_coach"] = "None" if username is None else full_name.strip() or username
        rows.append(row)
    return rows


def _display(field: str, value) -> str:
    if value in (None, "", []):
        return "none"
    labels = _FIELD_CHOICES.get(field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) if labels else str(v) for v in value)
    return labels.get(value, value) if labels else str(value)


def _change_rows(records: list, shown: int) -> list[dict]:
    """The newest ``shown`` versions of the record, each with what it changed from the one before.

    ``records`` is newest first and may hold one more version than is shown, so the oldest row
    shown still has a version to compare against.
    """
    rows = []
    for index, record in enumerate(records[:shown]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and older is not None:
            for change in record.diff_against(older).changes:
                label = _HISTORY_LABELS.get(change.field, change.field)
                if change.field == "work_coach":
                    changes.append(f"{label}: see moves between caseloads")
                else:
                    old = _display(change.field, change.old)
                    new = _display(change.field, change.new)
                    changes.append(f"{label}: {old} to {new}")
        rows.append(
            {
                "at": record.history_date,
                "by": record.history_user,
                "kind": {"+": "Added", "~": "Changed", "-": "Deleted"}[record.history_type],
                "changes": changes,
            }
        )
    return rows


@login_required
def caseload(request):
    """Search, filter, sort and page through the claimants the user may see."""
    if not has_caseload(request.user):
        raise PermissionDenied("Only work coaches and their team leaders have a caseload.")
    form = CaseloadFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    sort = filters.get("sort", "name")
    show_work_coach = request.user.has_role(Role.WCTL)
    claimants = selectors.caseload_rows(
        user=request.user, with_work_coach=show_work_coach, **filters
    )
    page = Paginator(claimants, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "claimants/caseload.html",
        {
            "form": form,
            "page": page,
            "rows": _caseload_table(page.object_list, show_work_coach=show_work_coach),
            "query": query.urlencode(),
            "sort": sort,
            "columns": _columns(sort, sort_query.urlencode(), show_work_coach),
            "show_work_coach": show_work_coach,
            "filtered": any(filters.get(k) for k in ("search", "benefit", "regime")),
            "can_add": can_add_claimant(request.user),
        },
    )


@login_required
def claimant_detail(request, claimant_id: int):
    claimant = _visible_or_404(request.user, claimant_id)
    access_log_record(staff=request.user, record=claimant, via=request.path)
    changes, transfers = selectors.claimant_history(claimant=claimant)
    return render(
        request,
        "claimants/detail.html",
        {
            "claimant": claimant,
            "benefits": [_display("benefits", [b]) for b in claimant.benefits],
            "accessible_formats": [
                _display("accessible_formats", [f]) for f in claimant.accessible_formats
            ],
            "changes": _change_rows(list(changes[: HISTORY_SHOWN + 1]), HISTORY_SHOWN),
            "transfers": transfers,
            "can_edit": can_edit_claimant(request.user, claimant),
            "sections": claimant_sections(request.user, claimant),
            "six_point_plans": (
                list(selectors.six_point_plans_of(claimant=claimant))
                if can_see_six_point_plans(request.user, claimant)
                else None
            ),
            "can_record_six_point_plan": can_record_six_point_plan(request.user, claimant),
            # Only those with a caseload go back to it; a DEA came from a request.
            "has_caseload": has_caseload(request.user),
        },
    )


def _assignable(user):
    """The coaches a team leader may choose between; None when the claimant stays with the user."""
    return work_coaches_assignable_by(user) if user.has_role(Role.WCTL) else None


@login_required
def claimant_add(request):
    if not can_add_claimant(request.user):
        raise PermissionDenied("Only work coaches and their team leaders add claimants.")
    form = ClaimantForm(request.POST or None, work_coaches=_assignable(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            claimant = services.claimant_create(actor=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{claimant.full_name} was added to the caseload")
            return redirect(reverse("claimants:detail", args=[claimant.pk]))
    return render(request, "claimants/form.html", {"form": form, "adding": True})


@login_required
def claimant_edit(request, claimant_id: int):
    claimant = _visible_or_404(request.user, claimant_id)
    if not can_edit_claimant(request.user, claimant):
        raise PermissionDenied("Only the claimant's work coach may change this record.")
    initial = {name: getattr(claimant, name) for name in services.EDITABLE_FIELDS}
    initial["vulnerability_exception"] = claimant.vulnerability_exception or ""
    initial["work_coach"] = claimant.work_coach_id
    form = ClaimantForm(
        request.POST or None, initial=initial, work_coaches=_assignable(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claimant_update(
                actor=request.user, claimant_id=claimant.pk, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The claimant's details were saved")
            return redirect(reverse("claimants:detail", args=[claimant.pk]))
    else:
        access_log_record(staff=request.user, record=claimant, via=request.path)
    return render(
        request, "claimants/form.html", {"form": form, "adding": False, "claimant": claimant}
    )
