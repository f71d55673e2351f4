"""Pages: the DEA's cohort, with members added and ended under the 30-coach rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from dea_support import selectors, services
from dea_support.forms import AddMemberForm, EndMemberForm
from dea_support.models import CohortMembership
from dea_support.permissions import can_manage_cohort
from jomcase.errors import RuleViolation
from jomcase.models import Role


def home_panel(user):
    if not user.has_role(Role.DEA, Role.WCTL):
        return None
    cohorts = list(selectors.cohorts_visible_to(user))
    return {
        "template": "dea_support/_home_panel.html",
        "cohorts": [(c, len(selectors.members_on(c))) for c in cohorts],
        "is_dea": user.has_role(Role.DEA),
    }


def _cohort_or_404(user, cohort_id=None):
    cohorts = selectors.cohorts_visible_to(user)
    if cohort_id is None:
        cohort = cohorts.filter(dea=user).first()
    else:
        cohort = cohorts.filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404("No cohort found")
    return cohort


def _add_service_errors(form, error) -> None:
    if isinstance(error, RuleViolation):
        form.add_error(error.field if error.field in form.fields else None, error.detail)
        return
    for field, msgs in error.message_dict.items():
        for message in msgs:
            form.add_error(field if field in form.fields else None, message)


@login_required
def cohort_page(request, cohort_id: int | None = None):
    """The members of a cohort today, those to come, and those who have left."""
    cohort = _cohort_or_404(request.user, cohort_id)
    today = timezone.localdate()
    members = list(cohort.memberships.all())
    current = [m for m in members if m.is_current(today)]
    return render(
        request,
        "dea_support/cohort.html",
        {
            "cohort": cohort,
            "current": current,
            "future": [m for m in members if m.start > today],
            "past": [m for m in members if m.end and m.end < today],
            "limit": services.settings.COHORT_MAX_COACHES,
            "can_manage": can_manage_cohort(request.user, cohort),
        },
    )


@login_required
def member_add(request, cohort_id: int):
    cohort = _cohort_or_404(request.user, cohort_id)
    if not can_manage_cohort(request.user, cohort):
        raise PermissionDenied("Only the cohort's DEA may add work coaches.")
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.cohort_member_add(
                actor=request.user,
                cohort_id=cohort.pk,
                work_coach_id=form.cleaned_data["work_coach"].pk,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except (RuleViolation, ValidationError) as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.work_coach} was added to the cohort")
            return redirect("dea_support:cohort", cohort_id=cohort.pk)
    return render(request, "dea_support/member_add.html", {"cohort": cohort, "form": form})


@login_required
def member_end(request, cohort_id: int, membership_id: int):
    cohort = _cohort_or_404(request.user, cohort_id)
    membership = get_object_or_404(
        CohortMembership.objects.select_related("work_coach"), pk=membership_id, cohort=cohort
    )
    if not can_manage_cohort(request.user, cohort):
        raise PermissionDenied("Only the cohort's DEA may remove work coaches.")
    form = EndMemberForm(
        request.POST or None, initial={"end": timezone.localdate().strftime("%d/%m/%Y")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_member_end(
                actor=request.user, membership_id=membership.pk, end=form.cleaned_data["end"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.work_coach} will leave the cohort")
            return redirect("dea_support:cohort", cohort_id=cohort.pk)
    return render(
        request,
        "dea_support/member_end.html",
        {"cohort": cohort, "membership": membership, "form": form},
    )
