"""QAS pages (DESIGN.md section 6): the team leader's dashboard, a DEA's checks and the work
to observe, the checklist form, a check with its history, and the DEA's own checks.

Only the DEA's line-managing team leader records or changes a check; anyone who may not see
the DEA's checks gets 404 for them. Each form is post/redirect/get through one service, and a
refused or incomplete form is shown again with GOV.UK's error summary, with nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from conferences.views.common import run_service
from jomcase.models import Role, Staff
from qas import selectors, services
from qas.forms import ChecklistForm
from qas.models import OBSERVED_STATES, CheckType, check_type_for_kind
from qas.permissions import can_acknowledge, can_check, sees_checks_of

PAGE_SIZE = 25


def _team_leader_only(user) -> None:
    if not user.has_role(Role.WCTL):
        raise PermissionDenied("The QAS dashboard is for work coach team leaders.")


@login_required
def dashboard(request):
    """Every DEA the team leader manages, with checks due, overdue and done this month."""
    _team_leader_only(request.user)
    overview = selectors.qas_overview_for(wctl=request.user)
    rows = [
        {
            "dea": dea,
            "due": sum(1 for i in overview.due if i.dea_id == dea.pk),
            "overdue": sum(1 for i in overview.overdue if i.dea_id == dea.pk),
            "done": [
                (CheckType(t).label, n)
                for t, n in sorted(overview.done_this_month.get(dea.pk, {}).items())
            ],
        }
        for dea in overview.deas
    ]
    return render(request, "qas/dashboard.html", {"overview": overview, "rows": rows})


@login_required
def dea(request, dea_id: int):
    """One DEA's checks; for their team leader, also what is due and the work to observe."""
    user = request.user
    checker = can_check(user, dea_id)
    if user.pk == dea_id and not checker:
        return redirect("qas:my_checks")
    if not (checker or sees_checks_of(user, dea_id)):
        raise Http404("No such DEA")
    person = get_object_or_404(Staff, pk=dea_id)
    items, work = [], {}
    if checker:
        items = selectors.due_checks_for(wctl=user, dea_id=dea_id)
        work = selectors.work_to_observe(dea=person)
    page = Paginator(selectors.checks_of_dea(user=user, dea_id=dea_id), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "qas/dea.html",
        {
            "dea": person,
            "checker": checker,
            "items": items,
            "held": work.get("held", []),
            "coming": work.get("coming", []),
            "page": page,
        },
    )


@login_required
def check_new(request, activity_id: int):
    """The checklist for one held activity of a DEA the team leader manages."""
    user = request.user
    activity = selectors.observable_activity_for(user=user, activity_id=activity_id)
    existing = selectors.existing_check(activity)
    if existing is not None:
        messages.info(request, "This activity has already been checked")
        return redirect("qas:check", existing.pk)
    if activity.state not in OBSERVED_STATES:
        messages.info(request, "A check can be recorded once the activity has been marked as held")
        return redirect("qas:dea", activity.dea_id)
    check_type = check_type_for_kind(activity.kind)
    template = services.current_template(check_type)
    if template is None:
        raise Http404("This checklist has no published version")
    data = request.POST if request.method == "POST" else None
    form = ChecklistForm(data, criteria=list(template.criteria.all()))
    if request.method == "POST" and form.is_valid():
        qas_check, done = run_service(
            form,
            None,
            lambda: services.qas_check_create(
                actor=user,
                activity_id=activity.pk,
                answers=form.answers(),
                feedback=form.feedback(),
            ),
            stale="Someone else has just changed this activity. Nothing was saved",
        )
        if done:
            messages.success(request, f"{template.get_check_type_display()} signed off")
            return redirect("qas:check", qas_check.pk)
    return render(
        request,
        "qas/check_form.html",
        {
            "form": form,
            "activity": activity,
            "template": template,
            "heading": f"{template.get_check_type_display()} of {activity.dea.display_name}'s work",
        },
    )


@login_required
def check(request, check_id: int):
    """A check as it was signed off, its history, and the DEA's acknowledgement."""
    user = request.user
    qas_check = selectors.check_for(user=user, check_id=check_id)
    return render(
        request,
        "qas/check.html",
        {
            "check": qas_check,
            "answers": list(qas_check.answers.all()),
            "history": selectors.check_history(qas_check),
            "can_edit": can_check(user, qas_check.dea_id),
            "can_acknowledge": can_acknowledge(user, qas_check) and not qas_check.acknowledged_at,
            "is_dea": user.pk == qas_check.dea_id,
        },
    )


@login_required
def check_edit(request, check_id: int):
    """Change a signed-off check; its answers stay against the version it was done with."""
    user = request.user
    qas_check = selectors.check_for(user=user, check_id=check_id)
    if not can_check(user, qas_check.dea_id):
        raise PermissionDenied("Only the DEA's team leader may change a check.")
    criteria = [row.criterion for row in qas_check.answers.all()]
    if request.method == "POST":
        form = ChecklistForm(request.POST, criteria=criteria)
    else:
        form = ChecklistForm(initial=ChecklistForm.initial_from(qas_check), criteria=criteria)
    if request.method == "POST" and form.is_valid():
        _, done = run_service(
            form,
            None,
            lambda: services.qas_check_update(
                actor=user, check_id=qas_check.pk, answers=form.answers(), feedback=form.feedback()
            ),
        )
        if done:
            messages.success(request, "Check changed; the change is kept in its history")
            return redirect("qas:check", qas_check.pk)
    return render(
        request,
        "qas/check_form.html",
        {
            "form": form,
            "activity": qas_check.activity,
            "template": qas_check.template,
            "editing": qas_check,
            "heading": f"Change the {qas_check.get_check_type_display()} of "
            f"{qas_check.dea.display_name}'s work",
        },
    )


@require_POST
@login_required
def acknowledge(request, check_id: int):
    """The DEA confirms they have read the feedback."""
    services.qas_check_acknowledge(actor=request.user, check_id=check_id)
    messages.success(request, "You have acknowledged this check")
    return redirect("qas:check", check_id)


@login_required
def my_checks(request):
    """The checks team leaders have done of the signed-in DEA's work, latest first."""
    user = request.user
    if not user.has_role(Role.DEA):
        raise PermissionDenied("This page lists checks of a DEA's work.")
    page = Paginator(selectors.checks_of_dea(user=user, dea_id=user.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "qas/my_checks.html", {"page": page})


@require_POST
@login_required
def observe(request, activity_id: int):
    """The team leader will observe a booked activity for a check: it goes in their diary."""
    user = request.user
    activity = selectors.observable_activity_for(user=user, activity_id=activity_id)
    try:
        services.observation_plan(actor=user, activity_id=activity.pk)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        when = timezone.localtime(activity.start)
        messages.success(
            request,
            f"You will observe the {activity.get_kind_display().lower()} on "
            f"{when:%-d %B %Y}; it is in your diary",
        )
    return redirect("qas:dea", activity.dea_id)


def home_panel(user):
    """The home page's QAS panel: checks due for a team leader, checks to read for a DEA."""
    panel = {"template": "qas/_home_panel.html"}
    if user.has_role(Role.WCTL):
        items = selectors.due_checks_for(wctl=user, suggest=False)
        panel["due"] = sum(1 for i in items if not i.overdue)
        panel["overdue"] = sum(1 for i in items if i.overdue)
        panel["team_leader"] = True
    if user.has_role(Role.DEA):
        panel["to_acknowledge"] = selectors.checks_awaiting_acknowledgement(user)
        panel["dea"] = True
    return panel if len(panel) > 1 else None
