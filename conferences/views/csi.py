"""Claimant support interventions beyond the cap [36], and asking for one directly [39].

A WCTL sees their DEAs' claimants who have had every CSI they are allowed, with past
approvals, and may approve one more for exceptional circumstances. A WCTL or SDTL may ask
a claimant's DEA for a CSI directly.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from claimants.models import Claimant
from conferences import selectors, services
from conferences.forms import CsiApprovalForm, CsiDirectRequestForm
from conferences.views.common import PAGE_SIZE, run_service
from jomcase.models import Role

APPROVALS_SHOWN = 20


def _team_leader_only(user) -> None:
    if not user.has_role(Role.WCTL):
        raise PermissionDenied("Only a work coach team leader approves more interventions.")


@login_required
def csi_approvals(request):
    user = request.user
    _team_leader_only(user)
    page = Paginator(selectors.csi_claimants_at_cap_for(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    deas = selectors.managed_deas(user) if page.object_list else {}
    rows = [{"claimant": c, "dea": deas.get(c.dea_id)} for c in page.object_list]
    return render(
        request,
        "conferences/csi_approvals.html",
        {
            "page": page,
            "rows": rows,
            "approvals": list(selectors.csi_approvals_for(user)[:APPROVALS_SHOWN]),
            "approvals_shown": APPROVALS_SHOWN,
        },
    )


@login_required
def csi_approve(request, claimant_id: int):
    """Allow one more CSI for one of your DEAs' claimants; others are refused (403)."""
    user = request.user
    _team_leader_only(user)
    try:
        claimant = selectors.csi_claimant_for_approval(user=user, claimant_id=claimant_id)
    except Claimant.DoesNotExist:
        raise PermissionDenied("Only the team leader of the claimant's DEA may approve.") from None
    data = request.POST if request.method == "POST" else None
    form = CsiApprovalForm(data)
    if request.method == "POST" and form.is_valid():
        _, done = run_service(
            form,
            None,
            lambda: services.csi_approval_create(
                actor=user, claimant_id=claimant.pk, reason=form.cleaned_data["reason"]
            ),
        )
        if done:
            messages.success(
                request,
                f"{claimant.full_name} may have one more claimant support intervention",
            )
            return redirect("conferences:csi_approvals")
    return render(
        request,
        "conferences/csi_approve.html",
        {
            "claimant": claimant,
            "form": form,
            "dea": selectors.managed_deas(user).get(claimant.dea_id),
        },
    )


@login_required
def csi_request(request):
    """A team leader asks the claimant's DEA for a CSI in exceptional circumstances [39]."""
    user = request.user
    if not user.has_role(Role.WCTL, Role.SDTL):
        raise PermissionDenied("Only a team leader may ask for an intervention directly.")
    data = request.POST if request.method == "POST" else None
    form = CsiDirectRequestForm(data)
    if request.method == "POST" and form.is_valid():
        claimant = selectors.claimant_by_nino_and_surname(
            form.cleaned_data["nino"], form.cleaned_data["surname"]
        )
        if claimant is None:
            form.add_error(
                "nino", "No claimant has that National Insurance number and surname. Check both"
            )
        else:
            activity, done = run_service(
                form,
                None,
                lambda: services.csi_request_direct(
                    actor=user, claimant_id=claimant.pk, reason=form.cleaned_data["reason"]
                ),
            )
            if done:
                messages.success(
                    request,
                    f"{activity.dea.display_name} was asked for a claimant support intervention "
                    f"with {claimant.full_name}",
                )
                if selectors.activities_visible_to(user).filter(pk=activity.pk).exists():
                    return redirect("conferences:activity", activity.pk)
                return redirect("conferences:csi_request")
    return render(request, "conferences/csi_request.html", {"form": form})
