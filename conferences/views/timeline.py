"""A claimant's whole story with the DEA: requests, activities, consents, outcomes, actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from claimants.models import Claimant
from conferences import selectors
from jomcase.services import access_log_record


def timeline_section(user, claimant) -> list[dict]:
    """The claimant's record links to their timeline (its viewers may see the timeline)."""
    href = reverse("conferences:claimant_timeline", args=[claimant.pk])
    text = "Requests, activities and outcomes with the DEA, oldest first"
    return [{"heading": "DEA support", "links": [{"text": text, "href": href}]}]


@login_required
def claimant_timeline(request, claimant_id: int):
    """Oldest first, for those who may see the claimant; each read is logged (s10)."""
    claimant = Claimant.objects.visible_to(request.user).filter(pk=claimant_id).first()
    if claimant is None:
        raise Http404("No claimant found")
    access_log_record(staff=request.user, record=claimant, via=request.path)
    return render(
        request,
        "conferences/claimant_timeline.html",
        {"claimant": claimant, "items": selectors.claimant_timeline(claimant)},
    )
