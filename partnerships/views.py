"""Strategy pages (DESIGN.md section 7; seed 002 [45-46][58-59]): the list of strategies a
person may see, proposing one (its details, then a check of the answers), a strategy with its
partners, links, actions and history, the owner's agreement, and the lead DEA's and owner's
steps. Who may do what is in ``partnerships.permissions``; every write is a service, and a
refused form is shown again with GOV.UK's error summary, with nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from jomcase.models import Role
from jomcase.permissions import is_administrator, sees_personal_data
from partnerships import selectors, services
from partnerships.forms import KIND_HINTS, ActionForm, StrategyForm, TextForm
from partnerships.models import Strategy, StrategyArea, StrategyKind, StrategyState, settled
from partnerships.permissions import (
    can_agree,
    can_complete_action,
    can_create_strategy,
    can_manage,
)

PAGE_SIZE = 25
SESSION_KEY = "strategy_new"
NOT_YET = "A joint local strategy needs its owner's agreement before anything else can happen."

#: Who the home page tells about strategies.
HOME_PANEL_ROLES = (Role.DEA, Role.WCTL, *selectors.PARTNER_ROLES)

#: The GOV.UK tag colour of each state.
STATE_TAGS = {
    StrategyState.PROPOSED: "govuk-tag--blue",
    StrategyState.AGREED: "govuk-tag--turquoise",
    StrategyState.ACTIVE: "govuk-tag--green",
    StrategyState.CLOSED: "govuk-tag--grey",
}


def _casework_only(user) -> None:
    if not (sees_personal_data(user) or is_administrator(user)):
        raise PermissionDenied("Strategies are for jobcentre staff and their partners.")


def _strategy_or_404(user, strategy_id: int) -> Strategy:
    try:
        return selectors.strategy_for(user=user, strategy_id=strategy_id)
    except Strategy.DoesNotExist:
        raise Http404("No strategy found") from None


def _refused(request, error) -> None:
    if isinstance(error, TransitionNotAllowed | ConcurrentTransition):
        messages.error(request, NOT_YET)
    else:
        messages.error(request, str(error))


def home_panel(user):
    """The home page's strategies panel, for DEAs, team leaders and partners."""
    if not user.has_role(*HOME_PANEL_ROLES):
        return None
    return {"template": "partnerships/_home_panel.html", **selectors.home_counts(user=user)}


@login_required
def strategies(request):
    """The strategies the person leads, owns, oversees or works on, newest first."""
    user = request.user
    _casework_only(user)
    state = request.GET.get("state") or None
    if state not in (None, *StrategyState.values):
        state = None
    page = Paginator(selectors.strategies_for(user=user, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for strategy in page:
        strategy.tag = STATE_TAGS[strategy.state]
    return render(
        request,
        "partnerships/strategies.html",
        {
            "page": page,
            "can_create": can_create_strategy(user),
            "state": state,
            "states": StrategyState.choices,
            "query": f"state={state}" if state else "",
        },
    )


def _new_form(request, data=None) -> StrategyForm:
    user = request.user
    return StrategyForm(
        data,
        partners=selectors.partner_choices(dea=user),
        activities=selectors.gap_activity_choices(dea=user),
    )


def _form_page(request, form):
    return render(
        request,
        "partnerships/strategy_form.html",
        {"form": form, "kind_hints": {str(k): v for k, v in KIND_HINTS.items()}},
    )


@login_required
def strategy_new(request):
    """The strategy's details on one page; the answers wait in the session for the check."""
    if not can_create_strategy(request.user):
        raise PermissionDenied("Only a DEA proposes a strategy.")
    if request.method == "POST":
        form = _new_form(request, request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = request.POST.dict() | {
                name: request.POST.getlist(name)
                for name in ("areas", "internal_partners", "activities")
            }
            return redirect("partnerships:strategy_check")
    elif SESSION_KEY in request.session:  # back from the check page to change an answer
        form = _new_form(request, _session_data(request))
    else:
        form = _new_form(request)
    return _form_page(request, form)


def _session_data(request):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, value in request.session[SESSION_KEY].items():
        if name == "csrfmiddlewaretoken":
            continue
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def _answer_rows(form: StrategyForm) -> list[dict]:
    data = form.cleaned_data
    change = reverse("partnerships:strategy_new")
    choices = {
        name: dict(field.choices)
        for name, field in form.fields.items()
        if name in ("internal_partners", "activities")
    }
    partners = choices.get("internal_partners", {})
    activities = choices.get("activities", {})
    rows = [
        ("kind", "Kind", StrategyKind(data["kind"]).label),
        ("title", "Title", data["title"]),
        ("summary", "Why it is needed and what it will do", data["summary"]),
        ("areas", "Areas", "\n".join(StrategyArea(a).label for a in data["areas"])),
    ]
    if partners:
        names = [partners[pk] for pk in data["internal_partners"]]
        rows.append(("internal_partners", "Internal partners", "\n".join(names) or "None"))
    rows.append(
        (
            "external_partners",
            "External partners",
            "\n".join(name for name in form.external_names() if name) or "None",
        )
    )
    if activities:
        linked = [activities[pk] for pk in data["activities"]]
        rows.append(("activities", "Conferences that found the gap", "\n".join(linked) or "None"))
    return [
        {
            "key": label,
            "value": value,
            "href": f"{change}#{form[name].auto_id}",
            "change_text": label.lower(),
        }
        for name, label, value in rows
    ]


@login_required
def strategy_check(request):
    """Check the answers, then propose the strategy (``services.strategy_create``)."""
    user = request.user
    if not can_create_strategy(user):
        raise PermissionDenied("Only a DEA proposes a strategy.")
    if SESSION_KEY not in request.session:
        return redirect("partnerships:strategy_new")
    form = _new_form(request, _session_data(request))
    if not form.is_valid():
        return _form_page(request, form)
    if request.method == "POST":
        try:
            strategy = services.strategy_create(actor=user, **form.service_arguments())
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                raise
            form.add_service_errors(error)
            return _form_page(request, form)
        del request.session[SESSION_KEY]
        messages.success(request, f"Strategy proposed to {strategy.owner.display_name}")
        return redirect("partnerships:strategy", strategy.pk)
    return render(
        request,
        "partnerships/strategy_check.html",
        {
            "rows": _answer_rows(form),
            "owner": services.line_manager_of(user),
            "joint": form.cleaned_data["kind"] == StrategyKind.JOINT_LOCAL,
        },
    )


@login_required
def strategy(request, strategy_id: int):
    """One strategy with its partners, links, actions and history."""
    user = request.user
    shown = _strategy_or_404(user, strategy_id)
    actions = list(shown.actions.all())
    for action in actions:
        action.completable = not action.is_done and can_complete_action(user, action)
    return render(
        request,
        "partnerships/strategy.html",
        {
            "strategy": shown,
            "tag": STATE_TAGS[shown.state],
            "actions": actions,
            "versions": list(reversed(selectors.strategy_versions(shown))),
            "steps": [step for step in services.available_steps(user, shown) if step[0] != "agree"],
            "can_agree": can_agree(user, shown) and shown.state == StrategyState.PROPOSED,
            "can_manage": can_manage(user, shown),
            "settled": settled(shown),
        },
    )


@login_required
def strategy_agree(request, strategy_id: int):
    """The owner's agreement: a question, then the agreement [59]."""
    user = request.user
    shown = _strategy_or_404(user, strategy_id)
    if not can_agree(user, shown):
        raise PermissionDenied("Only the strategy's owner may agree to it.")
    if shown.state != StrategyState.PROPOSED:
        messages.info(request, "This strategy has already been agreed")
        return redirect("partnerships:strategy", shown.pk)
    if request.method == "POST":
        try:
            services.strategy_agree(actor=user, strategy_id=shown.pk)
        except (TransitionNotAllowed, ConcurrentTransition):
            messages.info(request, "This strategy has already been agreed")
        else:
            messages.success(
                request, f"You agreed the strategy. {shown.dea.display_name} has been told"
            )
        return redirect("partnerships:strategy", shown.pk)
    return render(request, "partnerships/strategy_agree.html", {"strategy": shown})


@require_POST
@login_required
def strategy_step(request, strategy_id: int, step: str):
    """The lead DEA's or owner's step: start the work, or close the strategy."""
    call = {"activate": services.strategy_activate, "close": services.strategy_close}.get(step)
    if call is None:
        raise Http404("No such step")
    try:
        call(actor=request.user, strategy_id=strategy_id)
    except (TransitionNotAllowed, ConcurrentTransition) as error:
        _refused(request, error)
    else:
        messages.success(request, dict(services.STEP_LABELS)[step] + ": done")
    return redirect("partnerships:strategy", strategy_id)


@login_required
def strategy_edit(request, strategy_id: int):
    """The lead DEA or owner changes the text; the old version stays in the history."""
    user = request.user
    shown = _strategy_or_404(user, strategy_id)
    if not can_manage(user, shown):
        raise PermissionDenied("Only the lead DEA or the owner may change the strategy.")
    if not settled(shown):
        messages.error(request, NOT_YET)
        return redirect("partnerships:strategy", shown.pk)
    initial = {"title": shown.title, "summary": shown.summary}
    form = TextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_text_change(actor=user, strategy_id=shown.pk, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Strategy changed. The earlier version is in its history")
            return redirect("partnerships:strategy", shown.pk)
    return render(request, "partnerships/strategy_edit.html", {"strategy": shown, "form": form})


@login_required
def action_new(request, strategy_id: int):
    """The lead DEA or owner gives part of the work to a partner [46][59]."""
    user = request.user
    shown = _strategy_or_404(user, strategy_id)
    if not can_manage(user, shown):
        raise PermissionDenied("Only the lead DEA or the owner may add actions.")
    if not settled(shown):
        messages.error(request, NOT_YET)
        return redirect("partnerships:strategy", shown.pk)
    form = ActionForm(request.POST or None, owners=selectors.action_owner_choices(strategy=shown))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.strategy_action_add(
                actor=user,
                strategy_id=shown.pk,
                team=data["team"],
                description=data["description"],
                owner_id=data["owner"],
                due=data["due"],
                partner_name=data["partner_name"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Action added")
            return redirect("partnerships:strategy", shown.pk)
    return render(request, "partnerships/action_form.html", {"strategy": shown, "form": form})


@require_POST
@login_required
def action_done(request, action_id: int):
    """The action's owner, the lead DEA or the owner marks it done."""
    action = services.strategy_action_complete(actor=request.user, action_id=action_id)
    messages.success(request, "Action marked as done")
    return redirect("partnerships:strategy", action.strategy_id)
