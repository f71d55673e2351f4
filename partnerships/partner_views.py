"""The district's directory of external partners, under /partners/ (DESIGN.md section 7;
seed 002 [55-57]): GP surgeries, NHS services, charities, disability peer-led organisations
and local authorities, with their work contacts, the services they offer and every contact
made. The district's staff and administrators see it; analysts (aggregates only) do not.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from partnerships import selectors, services
from partnerships.forms import PartnerContactForm
from partnerships.models import Partner, PartnerKind
from partnerships.permissions import can_add_partners, can_manage_partners, can_view_partners

PAGE_SIZE = 25


def _directory_only(user) -> None:
    if not can_view_partners(user):
        raise PermissionDenied("The partner directory is for the district's staff.")


def _partner_or_404(user, partner_id: int) -> Partner:
    try:
        return selectors.partner_for(user=user, partner_id=partner_id)
    except Partner.DoesNotExist:
        raise Http404("No partner found") from None


@login_required
def partners(request):
    """The district's partners A to Z, searched by name and filtered by kind."""
    user = request.user
    _directory_only(user)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind") or None
    if kind not in (None, *PartnerKind.values):
        kind = None
    page = Paginator(selectors.partners_for(user=user, q=q, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partnerships/partners.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": PartnerKind.choices,
            "can_add": can_add_partners(user),
            "query": urlencode({key: value for key, value in (("q", q), ("kind", kind)) if value}),
        },
    )


@login_required
def partner(request, partner_id: int):
    """A partner: what it offers, who to contact, the contacts made and its history."""
    user = request.user
    _directory_only(user)
    shown = _partner_or_404(user, partner_id)
    return render(
        request,
        "partnerships/partner.html",
        {
            "partner": shown,
            "contacts_made": list(shown.contacts_made.all()),
            "versions": selectors.partner_versions(shown),
            "can_manage": can_manage_partners(user, shown.district_id),
        },
    )


@login_required
def contact_new(request, partner_id: int):
    """The district's DEA or team leader records a contact made with the partner [56]."""
    user = request.user
    _directory_only(user)
    shown = _partner_or_404(user, partner_id)
    if not can_manage_partners(user, shown.district_id):
        raise PermissionDenied("Only the district's DEAs and team leaders record contacts.")
    form = PartnerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.partner_contact_record(
                actor=user,
                partner_id=shown.pk,
                on=data["on"],
                channel=data["channel"],
                summary=data["summary"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Contact recorded")
            return redirect("partners:partner", shown.pk)
    return render(
        request, "partnerships/partner_contact_form.html", {"partner": shown, "form": form}
    )
