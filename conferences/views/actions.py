"""Partner actions: what outcomes gave a work psychologist, employer adviser or third party
provision manager to do [16], and marking one as done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from conferences import selectors, services
from conferences.forms import ActionDoneForm
from conferences.models import Action, ActionState
from conferences.permissions import is_partner
from conferences.views.common import PAGE_SIZE, run_service


def _partner_only(user) -> None:
    if not is_partner(user):
        raise PermissionDenied(
            "Actions are for work psychologists, employer advisers and "
            "third party provision managers."
        )


@login_required
def actions(request):
    """The user's open actions by due date (overdue ones tagged), or the ones they have done."""
    user = request.user
    _partner_only(user)
    showing = ActionState.DONE if request.GET.get("show") == "done" else ActionState.OPEN
    page = Paginator(selectors.actions_for(user=user, state=showing), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    rows = [
        {"action": a, "overdue": a.state == ActionState.OPEN and a.due < today}
        for a in page.object_list
    ]
    return render(
        request,
        "conferences/actions.html",
        {
            "page": page,
            "rows": rows,
            "showing": showing,
            "query": "show=done" if showing == ActionState.DONE else "",
            "counts": selectors.action_counts_for(user),
        },
    )


@login_required
def action_done(request, action_id: int):
    """Mark one of your actions as done, with a note for the DEA and work coach."""
    user = request.user
    _partner_only(user)
    try:
        action = selectors.action_of(user=user, action_id=action_id)
    except Action.DoesNotExist:
        raise Http404("No action found") from None
    if action.state == ActionState.DONE and request.method != "POST":
        messages.info(request, "That action is already done")
        return redirect("conferences:actions")
    data = request.POST if request.method == "POST" else None
    form = ActionDoneForm(data)
    if request.method == "POST" and form.is_valid():
        _, done = run_service(
            form,
            None,
            lambda: services.action_complete(
                action_id=action.pk, actor=user, note=form.cleaned_data["note"]
            ),
            stale="This action is already done, so nothing was changed",
        )
        if done:
            messages.success(request, f"{action.get_kind_display()} marked as done")
            return redirect("conferences:actions")
    return render(request, "conferences/action_done.html", {"action": action, "form": form})
