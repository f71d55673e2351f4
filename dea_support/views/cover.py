"""Cover: a team leader has another DEA look after a DEA's requests for dated leave (s4).

Arranging it is three steps on one address: choose the DEA who will be away (``?dea=``),
choose the dates, the covering DEA and (for cover starting today) which open requests move,
then confirm. The list of covers shows the team leader's DEAs' covers, planned, running and
ended, with the requests each moved, and ends one early after a confirmation page. The
moves themselves are the conferences app's services (registered in
``dea_support.extensions``), because the requests' work that is not booked yet goes with
them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_fsm import TransitionNotAllowed

from dea_support import extensions, selectors, services
from dea_support.forms.triage import CoverChooseForm, CoverForm
from dea_support.models import CoverState
from dea_support.permissions import can_cover
from jomcase.dates import PARTS as DATE_PARTS
from jomcase.models import Role
from jomcase.permissions import is_administrator

#: More DEAs than this are offered in a drop-down list rather than as radios.
RADIOS_UP_TO = 10
COVERS_PER_PAGE = 20
COVER_TAGS = {
    CoverState.PLANNED: "govuk-tag--blue",
    CoverState.RUNNING: "govuk-tag--green",
    CoverState.ENDED: "govuk-tag--grey",
    CoverState.CANCELLED: "govuk-tag--grey",
}


def _team_leader_only(user) -> None:
    if not (user.has_role(Role.WCTL) or is_administrator(user)):
        raise PermissionDenied("Only team leaders arrange cover for the DEAs they manage.")


@login_required
def cover(request):
    user = request.user
    _team_leader_only(user)
    deas = list(selectors.deas_for_cover(user))
    chooser = CoverChooseForm(
        request.GET if CoverChooseForm.submitted(request.GET) else None, deas=deas
    )
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
        data = form.cleaned_data
        chosen = set(data["requests"])
        to_dea = next(d for d in covering if d.pk == data["to_dea"])
        today = timezone.localdate()
        starts_today = data["start"] == today
        # Every request is ticked at first: left so, a later cover moves whatever is open
        # then; unticking some is only possible for cover that starts now.
        every_one = chosen == {sr.pk for sr in open_requests}
        request_ids = None if (every_one and not starts_today) else sorted(chosen)
        if not open_requests:
            request_ids = None
        try:
            if "confirm" not in request.POST:
                # The service's checks, with nothing saved, so mistakes show before confirming.
                services.cover_check(
                    actor=user,
                    away_dea_id=from_dea.pk,
                    covering_dea_id=to_dea.pk,
                    start=data["start"],
                    end=data["end"],
                    choosing=request_ids is not None,
                )
                moving = [sr for sr in open_requests if sr.pk in chosen]
                return render(
                    request,
                    "dea_support/requests/cover_confirm.html",
                    context
                    | {
                        "to_dea": to_dea,
                        "moving": moving,
                        "starts_today": starts_today,
                        "start": data["start"],
                        "end": data["end"],
                        "day_after": data["end"] + dt.timedelta(days=1),
                        "date_parts": _date_parts(data["start"], data["end"]),
                    },
                )
            _, moved = extensions.cover(
                actor=user,
                from_dea_id=from_dea.pk,
                to_dea_id=to_dea.pk,
                request_ids=request_ids,
                note=data["note"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _arranged(from_dea, to_dea, moved, data, starts_today))
            return redirect("support_requests:covers")
    return render(request, "dea_support/requests/cover.html", context)


def _date_parts(start: dt.date, end: dt.date) -> list[tuple[str, int, int]]:
    """The dates as the confirmation page carries them back: (part, start's, end's)."""
    return [(part, getattr(start, part), getattr(end, part)) for part in DATE_PARTS]


def _arranged(from_dea, to_dea, moved, data, starts_today: bool) -> str:
    dates = f"{data['start']:%-d %B %Y} to {data['end']:%-d %B %Y}"
    if starts_today and moved:
        count = len(moved)
        return (
            f"{count} request{'s' if count != 1 else ''} moved from "
            f"{from_dea.display_name} to {to_dea.display_name}, {dates}"
        )
    return f"{to_dea.display_name} will cover for {from_dea.display_name}, {dates}"


@login_required
def covers(request):
    """The team leader's DEAs' covers, newest first, with the requests each moved."""
    user = request.user
    _team_leader_only(user)
    page = Paginator(selectors.covers_for(user), COVERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "cover": item,
            "tag": COVER_TAGS[item.state],
            "can_end": item.state in (CoverState.PLANNED, CoverState.RUNNING),
        }
        for item in page
    ]
    return render(request, "dea_support/requests/covers.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def cover_end(request, cover_id: int):
    """Confirm, then end a cover now: a running one gives its open requests back."""
    user = request.user
    _team_leader_only(user)
    item = selectors.covers_for(user).filter(pk=cover_id).first()
    if item is None:
        raise Http404("No such cover")
    if not can_cover(user, item.away_dea):
        raise PermissionDenied("Only the DEA's line manager may end their cover.")
    back = reverse("support_requests:covers")
    if item.state not in (CoverState.PLANNED, CoverState.RUNNING):
        messages.info(request, "That cover has already ended")
        return redirect(back)
    if request.method == "POST":
        try:
            _, returned = extensions.cover_end(cover_id=item.pk, actor=user)
        except TransitionNotAllowed:
            messages.info(request, "That cover has already ended")
            return redirect(back)
        away = item.away_dea.display_name
        if item.state == CoverState.PLANNED:
            messages.success(request, f"The cover for {away} is cancelled")
        else:
            count = len(returned)
            messages.success(
                request,
                f"The cover for {away} has ended: {count} request{'s' if count != 1 else ''} "
                f"went back to {away}",
            )
        return redirect(back)
    still_with_cover = [
        move.support_request
        for move in item.moves.all()
        if move.returned_at is None
        and move.support_request.is_open
        and move.support_request.dea_id == item.covering_dea_id
    ]
    return render(
        request,
        "dea_support/requests/cover_end.html",
        {"cover": item, "going_back": still_with_cover, "back": back},
    )
