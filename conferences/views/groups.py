"""Pages of group work coach conferences [29-34] (DESIGN.md section 5, group row).

A cohort's sessions and pending cases; blocking diaries for four months; booking one
session; a session's page with its agenda and attendance, holding it and recording it with
outcomes per case; and the cohort's month-by-month compliance. Every change is one service
call; a refusal shows on the page with GOV.UK's error summary and nothing is saved.
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
from django.views.decorators.http import require_POST

from conferences import selectors_groups as selectors
from conferences import services
from conferences.forms import ConfirmForm
from conferences.forms.groups import (
    BlockDiariesForm,
    GroupAttendeesForm,
    GroupBookForm,
    GroupRecordForm,
)
from conferences.models import Activity, ActivityState, ParticipantRole
from conferences.permissions import can_plan_groups, is_dea_of, is_dea_or_their_wctl
from conferences.views.common import PAGE_SIZE, STATE_TAGS, run_service, when
from dea_support.models import Cohort
from jomcase.models import Role
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


def _session_or_404(user, session_id: int) -> Activity:
    try:
        return selectors.group_session_for(user=user, session_id=session_id)
    except Activity.DoesNotExist:
        raise Http404("No group conference found") from None


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


def _case_rows(cases, shown: set[int]) -> list[dict]:
    return [
        {"case": c, "label": case_label(c, shown), "named": c.claimant_id in shown} for c in cases
    ]


def _warn_of_clashes(request, clashes: list[str]) -> None:
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
            "pending": _case_rows(pending, shown),
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
            _warn_of_clashes(request, booked.clashes)
            return redirect("conferences:group", booked.activity.pk)
    return render(
        request,
        "conferences/groups/book.html",
        {"cohort": cohort, "form": form, "has_pending": bool(pending)},
    )


# One session


def _session_steps(user, session: Activity) -> dict[str, bool]:
    names = {t.name for t in session.get_available_state_transitions()}
    dea = is_dea_of(user, session)
    booked = session.state == ActivityState.BOOKED
    return {
        "attendees": booked and can_plan_groups(user, session.dea_id),
        "hold": dea and "hold" in names,
        "record": dea and session.state == ActivityState.HELD,
        "cancel": dea and "cancel" in names,
    }


def _render_session(request, session: Activity, *, errors=()):
    user = request.user
    agenda = list(session.agenda.all())
    shown = selectors.claimants_shown(user, session.dea_id, agenda)
    outcomes: dict[int, list] = {}
    for outcome in session.outcomes.all():
        outcomes.setdefault(outcome.agenda_case_id, []).append(outcome)
    participants = list(session.participants.all())
    cohort = Cohort.objects.filter(dea_id=session.dea_id).first()
    return render(
        request,
        "conferences/groups/session.html",
        {
            "session": session,
            "state_tag": STATE_TAGS.get(session.state, ""),
            "cohort": cohort,
            "cohort_open": cohort is not None
            and (user.pk == cohort.dea_id or can_plan_groups(user, session.dea_id)),
            "agenda": [
                {**row, "outcomes": outcomes.get(row["case"].pk, [])}
                for row in _case_rows(agenda, shown)
            ],
            "coaches": [p for p in participants if p.role == ParticipantRole.WORK_COACH],
            "invitees": [
                p
                for p in participants
                if p.role in (ParticipantRole.INVITEE, ParticipantRole.OBSERVER)
            ],
            "recorded": session.state == ActivityState.CONCLUDED,
            "steps": _session_steps(user, session),
            "errors": [{"text": e, "href": ""} for e in errors],
        },
    )


@login_required
def group(request, session_id: int):
    """One session: when and where, who is invited, its agenda, and what came of it."""
    return _render_session(request, _session_or_404(request.user, session_id))


@require_POST
@login_required
def group_hold(request, session_id: int):
    """The DEA marks the session as held once it has started."""
    session = _session_or_404(request.user, session_id)
    form = ConfirmForm({})
    form.is_valid()
    _, done = run_service(
        form,
        session.pk,
        lambda: services.activity_hold(activity_id=session.pk, actor=request.user),
    )
    if done:
        messages.success(request, "Marked as held. Record who came and the outcomes")
        return redirect("conferences:group", session.pk)
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return _render_session(request, _session_or_404(request.user, session_id), errors=errors)


@login_required
def group_attendees(request, session_id: int):
    """Change which coaches attend a booked session; never more than 10."""
    user = request.user
    session = _session_or_404(user, session_id)
    if not can_plan_groups(user, session.dea_id):
        raise PermissionDenied("Only the DEA or their team leader changes who attends.")
    if request.method != "POST" and session.state != ActivityState.BOOKED:
        messages.info(request, "Attendees can change only while the session is booked")
        return redirect("conferences:group", session.pk)
    cohort = Cohort.objects.get(dea_id=session.dea_id)
    current = [
        str(p.staff_id) for p in session.participants.all() if p.role == ParticipantRole.WORK_COACH
    ]
    form = GroupAttendeesForm(
        request.POST or None,
        coaches=selectors.coaches_to_invite(cohort),
        initial={"attendees": current},
    )
    if request.method == "POST" and form.is_valid():
        booked, done = run_service(
            form,
            session.pk,
            lambda: services.group_attendees_set(
                activity_id=session.pk, actor=user, attendee_ids=form.attendee_ids()
            ),
        )
        if done:
            messages.success(request, "The attendees were changed")
            _warn_of_clashes(request, booked.clashes)
            return redirect("conferences:group", session.pk)
    return render(request, "conferences/groups/attendees.html", {"session": session, "form": form})


@login_required
def group_record(request, session_id: int):
    """The DEA records who came, the summary of outputs and the outcomes of each case."""
    user = request.user
    session = _session_or_404(user, session_id)
    if not is_dea_of(user, session):
        raise PermissionDenied("Only the DEA who led the session records it.")
    if request.method != "POST" and session.state != ActivityState.HELD:
        state = session.get_state_display().lower()
        messages.info(request, f"That step is not open now: the session is {state}")
        return redirect("conferences:group", session.pk)
    agenda = [c for c in session.agenda.all() if c.closed_at is None]
    shown = selectors.claimants_shown(user, session.dea_id, agenda)
    invited = [p for p in session.participants.all() if p.role != ParticipantRole.DEA]
    form = GroupRecordForm(
        request.POST or None,
        invited=invited,
        cases=[(c, case_label(c, shown)) for c in agenda],
    )
    if request.method == "POST" and form.is_valid():
        recorded, done = run_service(
            form,
            session.pk,
            lambda: services.group_conference_record(
                activity_id=session.pk, actor=user, **form.service_arguments()
            ),
        )
        if done:
            made = sum(len(f) for f in recorded.follow_ons.values())
            cases = len(recorded.follow_ons)
            message = (
                f"Recorded: {cases} case{'s' if cases != 1 else ''} discussed, "
                f"{made} follow-on{'s' if made != 1 else ''}"
            )
            if recorded.returned:
                message += f"; {len(recorded.returned)} back on the pending list"
            messages.success(request, message)
            return redirect("conferences:group", session.pk)
    return render(request, "conferences/groups/record.html", {"session": session, "form": form})


# Compliance

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _from_month(value: str | None) -> dt.date | None:
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


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
    earlier = (months[0] - dt.timedelta(days=1)).replace(day=1)
    earlier = (earlier - dt.timedelta(days=62)).replace(day=1)
    return render(
        request,
        "conferences/groups/compliance.html",
        {
            "cohort": cohort,
            "rows": rows,
            "earlier": f"{earlier:%Y-%m}",
            "bad_from": bool(request.GET.get("from")) and first is None,
        },
    )
