"""Pages: the caseload, a claimant's record, and adding or changing a claimant."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from claimants import selectors, services
from claimants.forms import CaseloadFilterForm, ClaimantForm
from claimants.models import Claimant
from claimants.permissions import can_add_claimant, can_edit_claimant
from jomcase.models import Role
from jomcase.services import access_log_record

PAGE_SIZE = 25


def home_panel(user):
    if not user.has_role(Role.WORK_COACH, Role.WCTL):
        return None
    return {
        "template": "claimants/_home_panel.html",
        "caseload_count": selectors.claimants_visible_to(user).count(),
        "can_add": can_add_claimant(user),
    }


def _visible_or_404(user, claimant_id: int) -> Claimant:
    try:
        return selectors.claimant_for(user=user, claimant_id=claimant_id)
    except Claimant.DoesNotExist:
        raise Http404("No claimant found") from None


@login_required
def caseload(request):
    """Search, filter, sort and page through the claimants the user may see."""
    if not request.user.has_role(Role.WORK_COACH, Role.WCTL):
        raise PermissionDenied("Only work coaches and their team leaders have a caseload.")
    form = CaseloadFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    claimants = selectors.caseload(user=request.user, **filters)
    page = Paginator(claimants, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = request.GET.copy()
    sort_query.pop("sort", None)
    sort_query.pop("page", None)
    return render(
        request,
        "claimants/caseload.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": filters.get("sort", "name"),
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
            "changes": changes[:50],
            "transfers": transfers,
            "can_edit": can_edit_claimant(request.user, claimant),
        },
    )


@login_required
def claimant_add(request):
    if not can_add_claimant(request.user):
        raise PermissionDenied("Only work coaches and their team leaders add claimants.")
    form = ClaimantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claimant = services.claimant_create(actor=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{claimant.full_name} was added to your caseload")
            return redirect(reverse("claimants:detail", args=[claimant.pk]))
    return render(request, "claimants/form.html", {"form": form, "adding": True})


@login_required
def claimant_edit(request, claimant_id: int):
    claimant = _visible_or_404(request.user, claimant_id)
    if not can_edit_claimant(request.user, claimant):
        raise PermissionDenied("Only the claimant's work coach may change this record.")
    initial = {name: getattr(claimant, name) for name in services.EDITABLE_FIELDS}
    initial["vulnerability_exception"] = claimant.vulnerability_exception or ""
    form = ClaimantForm(request.POST or None, initial=initial)
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
