"""Pages: the DEA's cohort, with members added and ended under the 30-coach rule."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from dea_support import selectors, services
from dea_support.forms import AddMemberForm, EndMemberForm
from dea_support.forms.cohorts import CoachSearchForm
from dea_support.models import CohortMembership
from dea_support.permissions import can_manage_cohort
from jomcase.errors import RuleViolation
from jomcase.models import Role, Staff
from jomcase.permissions import is_administrator

COHORTS_PER_PAGE = 25
# Search results offered on the add page; more than this asks for more of the name.
COACHES_SHOWN = 20


def home_panel(user):
    if not user.has_role(Role.DEA, Role.WCTL):
        return None
    cohorts = list(selectors.cohorts_visible_to(user))
    return {
        "template": "dea_support/_home_panel.html",
        "cohorts": [(c, len(selectors.members_on(c))) for c in cohorts],
        "is_dea": user.has_role(Role.DEA),
        "limit": settings.COHORT_MAX_COACHES,
    }


def _cohort_or_404(user, cohort_id):
    cohort = selectors.cohorts_visible_to(user).filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404("No cohort found")
    return cohort


def _render_cohort(request, cohort):
    today = timezone.localdate()
    members = list(cohort.memberships.all())
    current = [m for m in members if m.is_current(today)]
    limit = settings.COHORT_MAX_COACHES
    return render(
        request,
        "dea_support/cohort.html",
        {
            "cohort": cohort,
            "own": cohort.dea_id == request.user.pk,
            "current": current,
            "future": [m for m in members if m.start > today],
            "past": [m for m in members if m.end and m.end < today],
            "limit": limit,
            "full": len(current) >= limit,
            "can_manage": can_manage_cohort(request.user, cohort),
        },
    )


@login_required
def my_cohort(request):
    """A DEA's own cohort; for a team leader or administrator, the cohorts they may see."""
    user = request.user
    if not (user.has_role(Role.DEA, Role.WCTL) or is_administrator(user)):
        raise Http404("No cohort found")
    own = selectors.cohorts_visible_to(user).filter(dea=user).first()
    if own is not None:
        return _render_cohort(request, own)
    page = Paginator(selectors.cohort_list_for(user), COHORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "dea_support/cohort_list.html",
        {"page": page, "limit": settings.COHORT_MAX_COACHES, "is_dea": user.has_role(Role.DEA)},
    )


@login_required
def cohort_page(request, cohort_id: int):
    """The members of a cohort today, those to come, and those who have left."""
    return _render_cohort(request, _cohort_or_404(request.user, cohort_id))


def _choices_hint(dea, *, searched: bool, everywhere: bool) -> str:
    """Which coaches the add page is offering, in words."""
    if not searched:
        where = dea.jobcentre.name if dea.jobcentre else "the DEA's jobcentre"
        return f"Work coaches at {where}. Search to find others."
    if dea.jobcentre and not everywhere:
        return (
            f"Work coaches in {dea.jobcentre.district.name} whose name or username matches, "
            "nearest first"
        )
    return "Work coaches whose name or username matches, nearest first"


@login_required
def member_add(request, cohort_id: int):
    """Find a work coach by name or username, nearest the DEA first, and add them."""
    cohort = _cohort_or_404(request.user, cohort_id)
    if not can_manage_cohort(request.user, cohort):
        raise PermissionDenied("Only the cohort's DEA may add work coaches.")
    # The search travels with the choice, so a refused choice comes back with its results.
    search = CoachSearchForm(request.POST if request.method == "POST" else request.GET)
    text, everywhere = search.terms()
    dea = Staff.objects.select_related("jobcentre__district").get(pk=cohort.dea_id)
    found = selectors.work_coaches_to_add(dea=dea, text=text, everywhere=everywhere)
    candidates = list(found[: COACHES_SHOWN + 1])
    more = len(candidates) > COACHES_SHOWN
    candidates = candidates[:COACHES_SHOWN]
    form = AddMemberForm(request.POST or None, cohort_id=cohort.pk, candidates=candidates)
    if request.method == "POST":
        valid = form.is_valid()
        chosen = form.cleaned_data.get("work_coach")  # a rule error below takes it out
        if valid:
            try:
                membership = services.cohort_member_add(
                    actor=request.user,
                    cohort_id=cohort.pk,
                    work_coach_id=chosen.pk,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                )
            except (RuleViolation, ValidationError) as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"{membership.work_coach} was added to the cohort")
                return redirect("dea_support:cohort", cohort_id=cohort.pk)
        if chosen is not None and chosen.pk not in {coach.pk for coach in candidates}:
            # Keep the refused choice on the page, ticked, beside its error.
            candidates.insert(0, selectors.work_coach_candidate(dea=dea, coach_id=chosen.pk))
            form.offer(candidates)
    return render(
        request,
        "dea_support/member_add.html",
        {
            "cohort": cohort,
            "dea": dea,
            "search": search,
            "form": form,
            "candidates": candidates,
            "searched": bool(text),
            "query": text,
            "choices_hint": _choices_hint(dea, searched=bool(text), everywhere=everywhere),
            "everywhere": everywhere,
            "more": more,
            "shown": COACHES_SHOWN,
            "limit": settings.COHORT_MAX_COACHES,
        },
    )


@login_required
def member_end(request, cohort_id: int, membership_id: int):
    """Confirm the last day of a coach's membership; the record is kept as history."""
    cohort = _cohort_or_404(request.user, cohort_id)
    membership = get_object_or_404(
        CohortMembership.objects.select_related("work_coach"), pk=membership_id, cohort=cohort
    )
    if not can_manage_cohort(request.user, cohort):
        raise PermissionDenied("Only the cohort's DEA may remove work coaches.")
    # A membership that has not started yet can end no earlier than its first day.
    last_day = max(timezone.localdate(), membership.start)
    form = EndMemberForm(request.POST or None, initial={"end": last_day.strftime("%d/%m/%Y")})
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_member_end(
                actor=request.user, membership_id=membership.pk, end=form.cleaned_data["end"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            end = form.cleaned_data["end"]
            messages.success(
                request,
                f"{membership.work_coach}'s last day in the cohort is {end:%-d %B %Y}",
            )
            return redirect("dea_support:cohort", cohort_id=cohort.pk)
    return render(
        request,
        "dea_support/member_end.html",
        {"cohort": cohort, "membership": membership, "form": form},
    )
