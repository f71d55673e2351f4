"""Lists of support requests: the DEA's inbox, the requester's own, and their home panels.

Each list page runs the same number of queries whatever its length or page size: the rows
come with their people joined, and a row's "days waiting" is worked out in Python from the
row itself.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from claimants.models import Claimant
from dea_support import selectors
from dea_support import timeliness as due_rules
from dea_support.forms.inbox import DEFAULT_PAGE_SIZE, InboxFilterForm, MyRequestsSearchForm
from dea_support.models import (
    OPEN_STATES,
    Criticality,
    KnowledgeGap,
    RequestKind,
    RequestState,
    SupportRequest,
)
from dea_support.permissions import can_file_any_support_request
from dea_support.selectors import Due
from dea_support.views.requests import NEXT_STEPS, STATE_TAGS, waiting_text
from jomcase.links import href_for_ids
from jomcase.models import Role
from jomcase.permissions import is_administrator, sees_personal_data

MY_REQUESTS_PER_PAGE = 25
#: Open requests listed on the requester's home panel.
HOME_PANEL_ROWS = 5

_KINDS = dict(RequestKind.choices)
_KNOWLEDGE_GAPS = dict(KnowledgeGap.choices)
_CRITICALITY = dict(Criticality.choices)
_STATES = dict(RequestState.choices)

#: How the inbox names what one of its tabs lists, in the singular and the plural.
STATE_NOUNS = {
    "": ("open request", "open requests"),
    RequestState.SUBMITTED: ("request waiting for a decision", "requests waiting for a decision"),
    RequestState.INFO_REQUESTED: (
        "request waiting for more information",
        "requests waiting for more information",
    ),
    RequestState.ACCEPTED: ("accepted request", "accepted requests"),
    RequestState.DECLINED: ("declined request", "declined requests"),
    RequestState.WITHDRAWN: ("withdrawn request", "withdrawn requests"),
    RequestState.RESOLVED: ("resolved request", "resolved requests"),
    "all": ("request", "requests"),
}


def _subject(sr: SupportRequest, claimant_shown: bool) -> str:
    """What a request is about, in a few words, for a row of a list."""
    if sr.kind == RequestKind.CLAIMANT_SUPPORT:
        if claimant_shown and sr.claimant is not None:
            return sr.claimant.full_name
        return "A claimant"
    if sr.kind == RequestKind.SKILL_SUPPORT:
        return _KNOWLEDGE_GAPS.get(sr.knowledge_gap, "Skills")
    urgency = _CRITICALITY.get(sr.criticality, "")
    return f"{sr.job_role} ({urgency.lower()})" if urgency else sr.job_role


def _row(sr: SupportRequest, href: str, *, claimant_shown: bool) -> dict:
    state = sr.state
    claimant = sr.claimant if claimant_shown else None
    return {
        "reference": sr.reference,
        "href": href.format(sr.pk),
        "kind": _KINDS.get(sr.kind, sr.kind),
        "subject": _subject(sr, claimant_shown),
        "nino": claimant.nino_display if claimant else "",
        "requester": sr.requester.display_name,
        "dea": sr.dea.display_name,
        "required_by": sr.required_by,
        "due_on": sr.due_on,
        "due_tag": due_rules.tag(sr.timeliness()),
        "waiting": waiting_text(sr),
        "state": _STATES.get(state, state),
        "state_tag": STATE_TAGS.get(state, ""),
        "created_at": sr.created_at,
    }


def _claimants_shown(user, requests: list[SupportRequest]) -> set[int]:
    """The claimants of these rows whom the user may see named: one query at most.

    The DEA and the requester always see them; anyone else (a team leader) only those whose
    records they may open (DESIGN.md s10).
    """
    shown = {sr.claimant_id for sr in requests if user.pk in (sr.dea_id, sr.requester_id)}
    others = {sr.claimant_id for sr in requests} - shown - {None}
    if others:
        shown |= set(
            Claimant.objects.visible_to(user).filter(pk__in=others).values_list("pk", flat=True)
        )
    return shown


def _state_tabs(counts: dict[str, int], chosen: str, query) -> list[dict]:
    """The tabs above the inbox: open requests, each state, and all, each with its count."""
    tabs = [("", "Open", sum(counts[s] for s in OPEN_STATES))]
    tabs += [(state, label, counts[state]) for state, label in RequestState.choices]
    tabs.append(("all", "All", sum(counts.values())))
    items = []
    for value, label, count in tabs:
        params = query.copy()
        params.pop("page", None)
        params.pop("state", None)
        if value:
            params["state"] = value
        encoded = params.urlencode()
        items.append(
            {
                "text": label,
                "count": count,
                "href": f"?{encoded}" if encoded else "?",
                "current": value == chosen,
            }
        )
    return items


def _inbox_deas(user):
    """The DEAs whose requests a team leader (or administrator) may narrow the inbox to."""
    if is_administrator(user):
        return list(selectors.all_deas())
    if not user.has_role(Role.WCTL):
        return None
    deas = list(selectors.deas_for_cover(user))
    if user.has_role(Role.DEA) and user.pk not in {d.pk for d in deas}:
        deas.insert(0, user)
    return deas


@login_required
def inbox(request):
    """A DEA's requests, or the requests of a team leader's DEAs, filtered, sorted and paged."""
    user = request.user
    if not (user.has_role(Role.DEA, Role.WCTL) or is_administrator(user)):
        raise PermissionDenied("The inbox is for DEAs and the team leaders who manage them.")
    # An administrator's inbox is national: it offers a DEA to choose, not every requester.
    coaches = [] if is_administrator(user) else selectors.inbox_coaches(user)
    form = InboxFilterForm(
        request.GET or None,
        coaches=coaches,
        deas=_inbox_deas(user),
        topics=selectors.inbox_topics(user),
    )
    if is_administrator(user):
        del form.fields["coach"]
    chosen = form.filters() if request.GET else {}
    size = chosen.pop("size", DEFAULT_PAGE_SIZE)
    state = chosen.get("state") or ""
    tabs = _state_tabs(selectors.inbox_counts(user=user), state, request.GET)
    requests = selectors.as_list_rows(selectors.inbox(user=user, **chosen))
    paginator = Paginator(requests, size)
    if not form.narrowed:
        # With no filter but the state tab, the rows are those the tab counts: no second count.
        paginator.count = next(tab["count"] for tab in tabs if tab["current"])
    page = paginator.get_page(request.GET.get("page"))
    rows_on_page = list(page.object_list)
    shown = _claimants_shown(user, rows_on_page)
    href = href_for_ids("support_requests:detail")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dea_support/requests/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(sr, href, claimant_shown=sr.claimant_id in shown) for sr in rows_on_page],
            "query": query.urlencode(),
            "tabs": tabs,
            "noun": STATE_NOUNS.get(state, STATE_NOUNS["all"]),
            "show_coach": "coach" in form.fields,
            "narrowed": form.narrowed,
            "show_dea": "dea" in form.fields,
            "show_topic": "topic" in form.fields,
            "topic": chosen.get("topic", ""),
            "topic_only": form.narrowed_by_topic_only,
            "is_dea": user.has_role(Role.DEA),
            "can_cover": user.has_role(Role.WCTL) or is_administrator(user),
        },
    )


def requester_next_step(sr: SupportRequest) -> str:
    """What happens next, as the requester's list says it in a line."""
    if sr.state == RequestState.SUBMITTED:
        return f"Waiting for {sr.dea.display_name} to decide"
    if sr.state == RequestState.INFO_REQUESTED:
        return "Answer the DEA's question"
    if sr.state == RequestState.ACCEPTED:
        return NEXT_STEPS.get(sr.channel, "The DEA is working on it")
    if sr.state == RequestState.DECLINED:
        return f"None. Reason: {sr.get_decline_reason_display()}"
    return "None"


@login_required
def my_requests(request):
    """The requests the signed-in person has made, newest first, open or closed."""
    user = request.user
    if not sees_personal_data(user):
        raise PermissionDenied("Only jobcentre staff make support requests.")
    show = request.GET.get("show", "")
    if show not in ("open", "closed"):
        show = ""
    search = MyRequestsSearchForm(request.GET)
    text = search.text()
    requests = selectors.requests_made_by(user, state=show or None, search=text)
    page = Paginator(requests, MY_REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    href = href_for_ids("support_requests:detail")
    counts = selectors.requests_made_by_counts(user)
    rows = []
    for sr in page.object_list:
        row = _row(sr, href, claimant_shown=True)
        row["next_step"] = requester_next_step(sr)
        row["needs_answer"] = sr.state == RequestState.INFO_REQUESTED
        rows.append(row)
    tabs = [
        {"text": text, "count": counts[key], "href": f"?show={key}" if key != "all" else "?"}
        | {"current": show == (key if key != "all" else "")}
        for key, text in (("all", "All"), ("open", "Open"), ("closed", "Closed"))
    ]
    return render(
        request,
        "dea_support/requests/mine.html",
        {
            "page": page,
            "rows": rows,
            "tabs": tabs,
            "show": show,
            "query": urlencode({k: v for k, v in (("show", show), ("search", text)) if v}),
            "search": search,
            "searched": text,
            "total": counts["all"],
            "can_file": can_file_any_support_request(user),
        },
    )


def inbox_panel(user):
    """Home: how many requests wait in each state, and how many are overdue."""
    if not user.has_role(Role.DEA, Role.WCTL):
        return None
    counts = selectors.inbox_counts(user=user)
    return {
        "template": "dea_support/requests/_home_inbox.html",
        "counts": counts,
        "overdue": selectors.inbox(user=user, due=Due.OVERDUE).count(),
        "due_today": selectors.inbox(user=user, due=Due.TODAY).count(),
        "is_dea": user.has_role(Role.DEA),
        "can_cover": user.has_role(Role.WCTL),
        "open": sum(counts[s] for s in OPEN_STATES),
    }


def _panel_item(sr: SupportRequest) -> dict:
    return {
        "sr": sr,
        "state_tag": STATE_TAGS.get(sr.state, ""),
        "next_step": requester_next_step(sr),
        "due_tag": due_rules.tag(sr.timeliness()),
        # The requester always sees who their own request is about (DESIGN.md s10).
        "about": _subject(sr, claimant_shown=True),
    }


def requests_panel(user):
    """Home: every request waiting for the requester's answer, however many, then their
    newest other open requests, and a way to make another."""
    if not sees_personal_data(user):
        return None
    waiting = list(selectors.requests_made_by(user, state=RequestState.INFO_REQUESTED))
    others = list(
        selectors.requests_made_by(user, state="open").exclude(state=RequestState.INFO_REQUESTED)[
            :HOME_PANEL_ROWS
        ]
    )
    can_file = can_file_any_support_request(user)
    if not waiting and not others and not can_file:
        return None
    return {
        "template": "dea_support/requests/_home_requests.html",
        "can_file": can_file,
        "waiting": [_panel_item(sr) for sr in waiting],
        "requests": [_panel_item(sr) for sr in others],
    }
