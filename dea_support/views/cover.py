"""Cover: a team leader moves a DEA's open requests to another DEA, e.g. for leave (s4).

Three steps on one address: choose the DEA whose requests need cover (``?dea=``), choose
which of their open requests move and to whom, then confirm. Each moved request records
the move on its timeline and the covering DEA is told. The move itself is the conferences
app's service (registered in ``dea_support.extensions``), because the requests' work that is
not booked yet goes with them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from dea_support import extensions, selectors
from dea_support.forms.triage import CoverChooseForm, CoverForm
from jomcase.models import Role
from jomcase.permissions import is_administrator

#: More DEAs than this are offered in a drop-down list rather than as radios.
RADIOS_UP_TO = 10


@login_required
def cover(request):
    user = request.user
    if not (user.has_role(Role.WCTL) or is_administrator(user)):
        raise PermissionDenied("Only team leaders arrange cover for the DEAs they manage.")
    deas = list(selectors.deas_for_cover(user))
    chooser = CoverChooseForm(request.GET if "dea" in request.GET else None, deas=deas)
    if len(deas) > RADIOS_UP_TO:
        chooser.use_select()
    if not (chooser.is_bound and chooser.is_valid()):
        return render(
            request, "dea_support/requests/cover_choose.html", {"form": chooser, "deas": deas}
        )

    from_dea = next(d for d in deas if d.pk == chooser.cleaned_data["dea"])
    # The DEA's open requests as their inbox lists them: soonest needed first.
    open_requests = list(selectors.inbox(user=user, dea_id=from_dea.pk))
    covering = [d for d in selectors.all_deas() if d.pk != from_dea.pk]
    form = CoverForm(
        request.POST if request.method == "POST" else None,
        requests=open_requests,
        deas=covering,
        initial={"requests": [sr.pk for sr in open_requests]},
    )
    context = {
        "from_dea": from_dea,
        "form": form,
        "open_requests": open_requests,
        "back": reverse("support_requests:cover"),
    }
    # "Change" on the confirmation page brings the choices back to be changed.
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        chosen = set(form.cleaned_data["requests"])
        to_dea = next(d for d in covering if d.pk == form.cleaned_data["to_dea"])
        if "confirm" not in request.POST:
            return render(
                request,
                "dea_support/requests/cover_confirm.html",
                context
                | {
                    "to_dea": to_dea,
                    "moving": [sr for sr in open_requests if sr.pk in chosen],
                },
            )
        try:
            moved = extensions.cover(
                actor=user,
                from_dea_id=from_dea.pk,
                to_dea_id=to_dea.pk,
                request_ids=sorted(chosen),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            count = len(moved)
            messages.success(
                request,
                f"{count} request{'s' if count != 1 else ''} moved from "
                f"{from_dea.display_name} to {to_dea.display_name}",
            )
            return redirect(f"{reverse('support_requests:cover')}?dea={from_dea.pk}")
    return render(request, "dea_support/requests/cover.html", context)
