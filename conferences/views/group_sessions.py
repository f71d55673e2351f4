"""Pages of one group conference: its agenda and attendance, holding it, recording it.

A session's page shows when and where, who is invited, its agenda and what came of it; the
DEA holds it and records it with outcomes per case [33][34], and the DEA or their team
leader changes who attends. Every change is one service call; a refusal shows on the page
with GOV.UK's error summary and nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from conferences import selectors, services
from conferences.forms import ConfirmForm
from conferences.forms.groups import GroupAttendeesForm, GroupRecordForm
from conferences.models import Activity, ActivityState, ParticipantRole
from conferences.permissions import can_plan_groups, is_dea_of
from conferences.views.common import STATE_TAGS, run_service
from conferences.views.groups import case_label, case_rows, warn_of_clashes
from dea_support.models import Cohort


def _session_or_404(user, session_id: int) -> Activity:
    try:
        return selectors.group_session_for(user=user, session_id=session_id)
    except Activity.DoesNotExist:
        raise Http404("No group conference found") from None


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
                for row in case_rows(agenda, shown)
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
            warn_of_clashes(request, booked.clashes)
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
