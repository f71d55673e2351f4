"""Pages of a cohort's group work coach conferences [29-34]: its sessions, planning, compliance.

A cohort's sessions and pending cases; blocking diaries for four months; booking one
session; and the cohort's month-by-month compliance (DESIGN.md section 5, group row). One
session's page, holding it and recording it are in ``group_sessions``. Every change is one
service call; a refusal shows on the page with GOV.UK's error summary and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from conferences import selectors, services
from conferences.forms.groups import BlockDiariesForm, GroupBookForm
from conferences.permissions import can_plan_groups, is_dea_or_their_wctl
from conferences.views.common import PAGE_SIZE, STATE_TAGS, run_service, when
from dea_support.models import Cohort
from jomcase.models import Role
from jomcase.months import add_months, month_code, parse_month
from jomcase.permissions import is_administrator

#: How many months a "block diaries" run plans [31].
BLOCK_MONTHS = 4


def _cohort_or_404(user, cohort_id: int) -> Cohort:
    try:
        return selectors.group_cohort_for(user=user, cohort_id=cohort_id)
    except Cohort.DoesNotExist:
        raise Http404("No cohort found") from None


def _planner_cohort(user, cohort_id: int) -> Cohort:
    """A cohort the user may see (404 otherwise) and plan for (403 otherwise)."""
    cohort = _cohort_or_404(user, cohort_id)
    if not can_plan_groups(user, cohort.dea_id):
        raise PermissionDenied("Only the DEA or their team leader plans group conferences.")
    return cohort


def case_label(case, shown: set[int]) -> str:
    """How a case reads for this viewer: the claimant's name only where they may see it."""
    if case.claimant_id and case.claimant_id in shown:
        return f"{case.claimant.full_name} ({case.claimant.nino_display})"
    if case.claimant_id:
        coach = case.claimant.work_coach
        return f"a claimant of {coach.display_name}" if coach else "a claimant"
    if case.support_request_id:
        return f"a question from {case.support_request.requester.display_name}"
    return f"a case nominated by {case.nominated_by.display_name}"


def case_rows(cases, shown: set[int]) -> list[dict]:
    return [
        {"case": c, "label": case_label(c, shown), "named": c.claimant_id in shown} for c in cases
    ]


def warn_of_clashes(request, clashes: list[str]) -> None:
    if clashes:
        messages.warning(
            request, "Not put in every diary, as these were already busy: " + "; ".join(clashes)
        )


# The cohort's sessions


@login_required
def groups_home(request):
    """A DEA goes to their own cohort's sessions; a team leader chooses one of their DEAs'."""
    user = request.user
    if not (user.has_role(Role.DEA, Role.WCTL) or is_administrator(user)):
        raise PermissionDenied("Group conferences are planned by DEAs and their team leaders.")
    cohorts = selectors.group_cohorts_for(user)
    own = cohorts.filter(dea=user).first()
    if own is not None:
        return redirect("conferences:groups", own.pk)
    page = Paginator(cohorts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conferences/groups/home.html",
        {"page": page, "is_dea": user.has_role(Role.DEA)},
    )


@login_required
def groups(request, cohort_id: int):
    """The cohort's sessions from last month on (or earlier ones) and its pending cases."""
    user = request.user
    cohort = _cohort_or_404(user, cohort_id)
    earlier = request.GET.get("earlier") == "1"
    page = Paginator(selectors.group_sessions_of(cohort, earlier=earlier), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    pending_qs = selectors.pending_cases_of(cohort)
    pending = list(pending_qs[: selectors.PENDING_SHOWN])
    pending_total = pending_qs.count() if len(pending) == selectors.PENDING_SHOWN else len(pending)
    shown = selectors.claimants_shown(user, cohort.dea_id, pending)
    return render(
        request,
        "conferences/groups/list.html",
        {
            "cohort": cohort,
            "page": page,
            "earlier": earlier,
            "query": "earlier=1" if earlier else "",
            "rows": [{"session": s, "tag": STATE_TAGS.get(s.state, "")} for s in page],
            "pending": case_rows(pending, shown),
            "pending_total": pending_total,
            "can_plan": can_plan_groups(user, cohort.dea_id),
            "sees_compliance": is_dea_or_their_wctl(user, cohort.dea_id),
            "months": BLOCK_MONTHS,
        },
    )


# Planning


def _blocked_key(cohort_id: int) -> str:
    return f"groups-blocked-{cohort_id}"


@login_required
def groups_block(request, cohort_id: int):
    """Book the sessions of the next four months into every coach's diary [29][31]."""
    user = request.user
    cohort = _planner_cohort(user, cohort_id)
    form = BlockDiariesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        result, done = run_service(
            form,
            None,
            lambda: services.group_conferences_block_diaries(
                actor=user, dea_id=cohort.dea_id, months=BLOCK_MONTHS, **arguments
            ),
            stale="The sessions changed while you were planning. Check them and try again.",
        )
        if done:
            request.session[_blocked_key(cohort.pk)] = {
                "created": [a.pk for a in result.created],
                "already_planned": result.already_planned,
                "clashes": result.clashes,
                "first_month": f"{arguments['first_month']:%Y-%m}",
            }
            return redirect("conferences:groups_blocked", cohort.pk)
    return render(
        request,
        "conferences/groups/block.html",
        {"cohort": cohort, "form": form, "months": BLOCK_MONTHS},
    )


@login_required
def groups_blocked(request, cohort_id: int):
    """What the last "block diaries" made: the sessions created and the clashes found."""
    user = request.user
    cohort = _planner_cohort(user, cohort_id)
    done = request.session.get(_blocked_key(cohort.pk))
    if not done:
        return redirect("conferences:groups_block", cohort.pk)
    created = list(selectors.group_sessions_among(cohort, done["created"]))
    year, month = (int(p) for p in done["first_month"].split("-"))
    return render(
        request,
        "conferences/groups/blocked.html",
        {
            "cohort": cohort,
            "created": created,
            "already_planned": done["already_planned"],
            "clashes": done["clashes"],
            "first_month": dt.date(year, month, 1),
            "months": BLOCK_MONTHS,
        },
    )


@login_required
def group_book(request, cohort_id: int):
    """Book one session: its time, coaches, invitees and cases from the pending list."""
    user = request.user
    cohort = _planner_cohort(user, cohort_id)
    pending = list(selectors.pending_cases_of(cohort)[: selectors.PENDING_SHOWN])
    shown = selectors.claimants_shown(user, cohort.dea_id, pending)
    form = GroupBookForm(
        request.POST or None,
        coaches=selectors.coaches_to_invite(cohort),
        invitees=selectors.people_to_invite(cohort),
        cases=[(str(c.pk), case_label(c, shown)) for c in pending],
    )
    if request.method == "POST" and form.is_valid():
        booked, done = run_service(
            form,
            None,
            lambda: services.group_conference_create(
                actor=user, dea_id=cohort.dea_id, **form.service_arguments()
            ),
        )
        if done:
            messages.success(request, f"Group conference booked for {when(booked.activity.start)}")
            for warning in booked.warnings:
                messages.warning(request, warning)
            warn_of_clashes(request, booked.clashes)
            return redirect("conferences:group", booked.activity.pk)
    return render(
        request,
        "conferences/groups/book.html",
        {"cohort": cohort, "form": form, "has_pending": bool(pending)},
    )


# Compliance

#: ``?from=`` takes only what the page's own links write (``2026-08``, see ``month_code``).
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _from_month(value: str | None) -> dt.date | None:
    if not _MONTH.match(value or ""):
        return None
    try:
        return parse_month(value)
    except ValueError:
        return None


@login_required
def compliance(request, cohort_id: int):
    """Month by month: sessions required, booked and held, minutes, coaches not covered [29].

    For the cohort's DEA and the DEA's team leader, who are told of gaps by the scheduled
    rule; it counts the same way.
    """
    user = request.user
    cohort = _cohort_or_404(user, cohort_id)
    if not is_dea_or_their_wctl(user, cohort.dea_id):
        raise PermissionDenied("Compliance is for the DEA and the DEA's team leader.")
    first = _from_month(request.GET.get("from"))
    months = selectors.compliance_months(first)
    rows = selectors.cohort_compliance(cohort, months)
    # Each "Show earlier months" adds the three months before the first one shown.
    earlier = add_months(months[0], -3)
    return render(
        request,
        "conferences/groups/compliance.html",
        {
            "cohort": cohort,
            "rows": rows,
            "earlier": month_code(earlier),
            "bad_from": bool(request.GET.get("from")) and first is None,
        },
    )
