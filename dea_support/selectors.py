"""Reads of cohorts and support requests for pages and the API, scoped to the viewer."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone

from claimants.models import Claimant
from dea_support import timeliness as due_rules
from dea_support.models import (
    OPEN_STATES,
    Cohort,
    CohortMembership,
    Cover,
    CoveredRequest,
    RequestState,
    SupportRequest,
    SupportRequestEvent,
)
from dea_support.permissions import cohort_visibility, dea_oversight
from dea_support.search import support_request_search_q
from jomcase.models import LineManagement, Role, RoleAssignment, Staff
from jomcase.permissions import is_administrator


def cohorts_visible_to(user: Staff) -> QuerySet[Cohort]:
    members = CohortMembership.objects.select_related("work_coach").order_by(
        "work_coach__last_name", "work_coach__first_name", "start"
    )
    return (
        Cohort.objects.filter(cohort_visibility(user))
        .select_related("dea")
        .prefetch_related(Prefetch("memberships", queryset=members))
    )


def cohort_of_dea(dea: Staff) -> Cohort | None:
    return Cohort.objects.filter(dea=dea).first()


def members_on(cohort: Cohort, day: dt.date | None = None) -> list[CohortMembership]:
    day = day or timezone.localdate()
    return [m for m in cohort.memberships.all() if m.is_current(day)]


def covers_running(day: dt.date | None = None) -> QuerySet[Cover]:
    """Covers whose requests have moved and not yet gone back, and whose dates hold ``day``."""
    day = day or timezone.localdate()
    return Cover.objects.filter(
        started_at__isnull=False, ended_at__isnull=True, start__lte=day, end__gte=day
    )


def dea_route_for_work_coach(
    work_coach: Staff, day: dt.date | None = None
) -> tuple[Staff | None, Cover | None]:
    """Where a coach's request goes on ``day``, and the cover that sent it there, if any.

    The DEA whose cohort holds the coach, unless that DEA is away under a running cover:
    then the covering DEA (DESIGN.md s4). One query, or two while a cover runs.
    """
    day = day or timezone.localdate()
    running = covers_running(day).filter(away_dea=OuterRef("cohort__dea_id")).order_by()
    membership = (
        CohortMembership.objects.current_on(day)
        .filter(work_coach=work_coach)
        .select_related("cohort__dea")
        .annotate(cover_id=Subquery(running.values("pk")[:1]))
        .first()
    )
    if membership is None:
        return None, None
    if membership.cover_id is None:
        return membership.cohort.dea, None
    cover = Cover.objects.select_related("covering_dea").get(pk=membership.cover_id)
    return cover.covering_dea, cover


def dea_for_work_coach(work_coach: Staff, day: dt.date | None = None) -> Staff | None:
    """The DEA a coach's support requests go to on ``day`` (their cohort's, or its cover)."""
    return dea_route_for_work_coach(work_coach, day)[0]


def cohort_list_for(user: Staff, day: dt.date | None = None) -> QuerySet[Cohort]:
    """The cohorts a user may see, each with ``current_members``: how many coaches it has today.

    Counted in the database, so a list of many cohorts is one query, not one per cohort.
    """
    day = day or timezone.localdate()
    current = Q(memberships__start__lte=day) & (
        Q(memberships__end__isnull=True) | Q(memberships__end__gte=day)
    )
    return (
        Cohort.objects.filter(cohort_visibility(user))
        .select_related("dea")
        .annotate(current_members=Count("memberships", filter=current))
        .order_by("dea__last_name", "dea__first_name", "id")
    )


def work_coaches_to_add(
    *, dea: Staff, text: str = "", everywhere: bool = False, day: dt.date | None = None
) -> QuerySet[Staff]:
    """Current work coaches a DEA might add to their cohort, found by name or username.

    Nearest first: the DEA's jobcentre, then the rest of its district, and other districts
    only when ``everywhere`` (or when the DEA has no jobcentre). Every word of ``text`` must
    start a first name or surname, or be part of the username; with no ``text``, the coaches
    at the DEA's own jobcentre. Each coach comes with their jobcentre and, as
    ``cohort_today`` and ``cohort_dea_name``, the cohort they are in on ``day``, if any.
    Slice it: at national scale a district has hundreds of coaches.
    """
    day = day or timezone.localdate()
    coaches = RoleAssignment.objects.current_on(day).filter(role=Role.WORK_COACH)
    qs = Staff.objects.filter(pk__in=coaches.values("staff_id"), is_active=True)
    jobcentre = dea.jobcentre
    words = text.split()
    if not words:
        qs = qs.filter(jobcentre=jobcentre) if jobcentre is not None else qs.none()
    elif jobcentre is not None and not everywhere:
        qs = qs.filter(jobcentre__district_id=jobcentre.district_id)
    for word in words:
        qs = qs.filter(
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(username__icontains=word)
        )
    return _as_candidates(qs, dea=dea, day=day)


def work_coach_candidate(*, dea: Staff, coach_id: int, day: dt.date | None = None) -> Staff:
    """One coach as ``work_coaches_to_add`` shows them, wherever they are."""
    qs = Staff.objects.filter(pk=coach_id)
    return _as_candidates(qs, dea=dea, day=day or timezone.localdate()).get()


def _as_candidates(qs: QuerySet[Staff], *, dea: Staff, day: dt.date) -> QuerySet[Staff]:
    jobcentre = dea.jobcentre
    # A coach is in at most one cohort on a day, so no ordering is needed to pick it.
    today = CohortMembership.objects.current_on(day).filter(work_coach=OuterRef("pk")).order_by()
    dea_name = Trim(Concat("cohort__dea__first_name", Value(" "), "cohort__dea__last_name"))
    nearness = Value(2)
    if jobcentre is not None:
        nearness = Case(
            When(jobcentre_id=jobcentre.pk, then=Value(0)),
            When(jobcentre__district_id=jobcentre.district_id, then=Value(1)),
            default=Value(2),
        )
    return (
        qs.select_related("jobcentre")
        .annotate(
            nearness=nearness,
            cohort_today=Subquery(today.values("cohort_id")[:1]),
            cohort_dea_name=Subquery(
                today.annotate(
                    name=Coalesce(NullIf(dea_name, Value("")), "cohort__dea__username")
                ).values("name")[:1]
            ),
        )
        .order_by("nearness", "last_name", "first_name", "username", "pk")
    )


def deas_at_jobcentre(jobcentre_id: int, day: dt.date | None = None) -> QuerySet[Staff]:
    """The DEAs based at a jobcentre on ``day``; a colleague's request goes to one of them [64]."""
    deas = RoleAssignment.objects.current_on(day).filter(role=Role.DEA)
    return Staff.objects.filter(
        jobcentre_id=jobcentre_id, is_active=True, pk__in=deas.values("staff_id")
    ).order_by("last_name", "first_name", "pk")


def deas_for_cover(user: Staff, day: dt.date | None = None) -> QuerySet[Staff]:
    """The DEAs whose requests ``user`` may move for cover: those they line-manage."""
    deas = RoleAssignment.objects.current_on(day).filter(role=Role.DEA).values("staff_id")
    qs = Staff.objects.filter(pk__in=deas, is_active=True)
    if not is_administrator(user):
        managed = LineManagement.objects.current_on(day).filter(manager=user)
        qs = qs.filter(pk__in=managed.values("staff_id"))
    return qs.order_by("last_name", "first_name", "pk")


def all_deas(day: dt.date | None = None) -> QuerySet[Staff]:
    deas = RoleAssignment.objects.current_on(day).filter(role=Role.DEA).values("staff_id")
    return Staff.objects.filter(pk__in=deas, is_active=True).order_by("last_name", "first_name")


def _with_people(qs: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    """The people joined, and the DEA's jobcentre, whose nation's working days a request's
    timeliness counts (``dea_support.timeliness``)."""
    return qs.select_related("requester", "dea__jobcentre", "claimant")


#: Steps the scheduled rules take on a request, on behalf of its DEA: no person took them.
AUTOMATIC_EVENT_ACTIONS = frozenset({"info_reminder"})


def request_event_by(event: SupportRequestEvent) -> str:
    """Who took a recorded step, as a timeline's byline names them."""
    if event.action in AUTOMATIC_EVENT_ACTIONS:
        return "JOMCase, automatically"
    return event.by.display_name


#: How each recorded step of a request reads, on its own page and in a claimant's timeline.
REQUEST_EVENT_TITLES = {
    "submitted": "Request sent",
    "request_info": "More information asked for",
    "provide_info": "More information given",
    "accept": "Accepted",
    "decline": "Declined",
    "close_unanswered": "Closed: the requester did not answer",
    "chase": "Chased for an answer",
    "info_reminder": "Reminder sent",
    "withdraw": "Withdrawn",
    "resolve": "Resolved",
    "cover": "Moved to a covering DEA",
    "cover_return": "Back with the DEA after cover",
}


#: What a row of a list of requests shows, and what its "days waiting" is worked out from.
LIST_ROW_FIELDS = (
    "kind",
    "state",
    "required_by",
    "due_on",
    "created_at",
    "info_requested_at",
    "waiting_for_info",
    "accepted_at",
    "closed_at",
    "knowledge_gap",
    "job_role",
    "criticality",
    "requester__first_name",
    "requester__last_name",
    "requester__username",
    "dea__first_name",
    "dea__last_name",
    "dea__username",
    "dea__jobcentre__nation",
    "claimant__forenames",
    "claimant__surname",
    "claimant__nino",
)


def as_list_rows(requests: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    """``requests`` (with their people joined) loading only what a list's row shows.

    A page of 200 rows then reads a fifth of the columns, and makes smaller objects.
    """
    return requests.only(*LIST_ROW_FIELDS)


def inbox_scope(user: Staff) -> QuerySet[SupportRequest]:
    """The requests a DEA works on (theirs) or a WCTL oversees (their DEAs'); admins all.

    Always within ``visible_to``, so the inbox never lists a request its viewer cannot open.
    """
    qs = SupportRequest.objects.visible_to(user)
    if is_administrator(user):
        return qs
    return qs.filter(dea_oversight(user))


class Due:
    """The inbox's "Response needed" filter: each choice is a ``dea_support.timeliness`` rule,
    so it only ever lists requests waiting for the DEA (never those waiting for the requester
    or answered)."""

    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    THIS_WEEK = "this_week"
    choices = [
        (OVERDUE, "Overdue"),
        (TODAY, "Due today"),
        (SOON, "Due today or within 2 working days"),
        (THIS_WEEK, "Due this week"),
    ]


# The sorts keep their names ("required_by") for the addresses people have saved; they sort
# by the due date, the required date moved to a working day and on by any wait.
INBOX_SORTS = {
    "required_by": ("due_on", "created_at", "id"),
    "-required_by": ("-due_on", "-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
}


def inbox(
    *,
    user: Staff,
    state: str | None = None,
    kind: str | None = None,
    coach_id: int | None = None,
    dea_id: int | None = None,
    due: str | None = None,
    search: str = "",
    topic: str = "",
    sort: str = "required_by",
    today: dt.date | None = None,
) -> QuerySet[SupportRequest]:
    """The viewer's inbox, filtered and sorted; the people are joined so a page costs one query.

    With no state chosen it shows the open requests (submitted, info requested, accepted).
    Due dates count working days in the viewer's nation.
    """
    today = today or timezone.localdate()
    qs = inbox_scope(user)
    if state == "all":
        pass
    elif state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(state__in=OPEN_STATES)
    if kind:
        qs = qs.filter(kind=kind)
    if coach_id:
        qs = qs.filter(requester_id=coach_id)
    if dea_id:
        qs = qs.filter(dea_id=dea_id)
    if due:
        qs = due_within(qs, due=due, user=user, today=today)
    if topic:
        qs = qs.filter(topics__contains=[topic])
    if search.strip():
        qs = qs.filter(search_q(search, user=user))
    order = INBOX_SORTS.get(sort, INBOX_SORTS["required_by"])
    return _with_people(qs).order_by(*order)


def due_within(
    qs: QuerySet[SupportRequest], *, due: str, user: Staff, today: dt.date | None = None
) -> QuerySet[SupportRequest]:
    """The requests of ``qs`` waiting for the DEA that are overdue, due today, due within 2
    working days (of the viewer's nation) or due by Sunday: ``dea_support.timeliness``."""
    today = today or timezone.localdate()
    if due == Due.OVERDUE:
        return qs.filter(due_rules.overdue_q(today))
    if due == Due.TODAY:
        return qs.filter(due_rules.due_today_q(today))
    if due == Due.SOON:
        return qs.filter(due_rules.due_today_q(today) | due_rules.due_soon_q(today, user.nation))
    if due == Due.THIS_WEEK:
        return qs.filter(due_rules.this_week_q(today))
    return qs


def claimant_named_q(user: Staff) -> Q:
    """Requests whose claimant ``user`` may see named: the DEA's and the requester's own, and
    those about claimants whose records ``user`` may open (DESIGN.md s10). The lists'
    ``_claimants_shown`` is the same rule, worked out for one page of rows."""
    visible = Claimant.objects.visible_to(user).values("pk")
    return Q(dea=user) | Q(requester=user) | Q(claimant_id__in=visible)


def search_q(text: str, *, user: Staff) -> Q:
    """What a search of a list of requests finds, for this viewer (``dea_support.search``)."""
    return support_request_search_q(text, claimant_named=claimant_named_q(user))


def inbox_topics(user: Staff) -> list[str]:
    """The topic tags used on the requests of the viewer's inbox, A to Z, for its filter."""
    tagged = inbox_scope(user).exclude(topics=[]).order_by()
    topics = (
        tagged.annotate(topic=Func(F("topics"), function="unnest"))
        .values_list("topic", flat=True)
        .distinct()
    )
    return sorted(topics, key=str.casefold)


def support_requests_visible_to(user: Staff) -> QuerySet[SupportRequest]:
    """Every request the viewer may open (DESIGN.md s10), most pressing first."""
    return (
        SupportRequest.objects.visible_to(user)
        .select_related("dea__jobcentre")
        .order_by("due_on", "created_at", "id")
    )


def inbox_counts(*, user: Staff) -> dict[str, int]:
    """How many requests the viewer's inbox holds in each state, in one query."""
    # One row per state rather than six filtered counts: the ORM builds it in half the time
    # (about 0.5 ms less), for about as long in PostgreSQL.
    totals = dict(inbox_scope(user).values_list("state").annotate(Count("pk")).order_by())
    return {state: totals.get(state, 0) for state in RequestState.values}


def inbox_coaches(user: Staff) -> QuerySet[Staff]:
    """The people who have sent requests to the viewer's inbox, for the coach filter."""
    requesters = inbox_scope(user).values("requester_id")
    return (
        Staff.objects.filter(pk__in=requesters)
        .only("first_name", "last_name", "username")
        .order_by("last_name", "first_name", "pk")
    )


def requests_made_by(
    user: Staff, *, state: str | None = None, search: str = ""
) -> QuerySet[SupportRequest]:
    """The requests a staff member has made, newest first; ``state`` may be "open" or "closed",
    and ``search`` finds them as the inbox's search does (``search_q``)."""
    qs = SupportRequest.objects.filter(requester=user)
    if search.strip():
        qs = qs.filter(search_q(search, user=user))
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state == "closed":
        qs = qs.exclude(state__in=OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    return _with_people(qs).order_by("-created_at", "-id")


def requests_made_by_counts(user: Staff) -> dict[str, int]:
    """How many of the requests a staff member made are open, closed, and in all, in one query."""
    totals = SupportRequest.objects.filter(requester=user).aggregate(
        all=Count("pk"), open=Count("pk", filter=Q(state__in=OPEN_STATES))
    )
    return {**totals, "closed": totals["all"] - totals["open"]}


def support_request_for(*, user: Staff, request_id: int) -> SupportRequest:
    """One request the viewer may open, with its timeline; DoesNotExist (404) otherwise."""
    events = SupportRequestEvent.objects.select_related("by").order_by("at", "id")
    return (
        _with_people(SupportRequest.objects.visible_to(user))
        .prefetch_related(Prefetch("events", queryset=events))
        .get(pk=request_id)
    )


def open_requests_for_claimant(
    claimant_id: int, *, exclude_id: int | None = None
) -> QuerySet[SupportRequest]:
    """Open requests about a claimant; filing another shows them as a warning (still allowed)."""
    qs = SupportRequest.objects.open().filter(claimant_id=claimant_id)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.select_related("dea").order_by("created_at")


# --- cover ----------------------------------------------------------------------------------


def covers_for(user: Staff) -> QuerySet[Cover]:
    """The covers a viewer may see, newest start first, with the people named and each cover's
    moved requests (and their requesters) loaded: a list of them costs two queries."""
    from dea_support.permissions import cover_visibility

    moves = CoveredRequest.objects.select_related(
        "support_request__requester", "support_request__claimant"
    ).order_by("support_request__required_by", "support_request_id")
    return (
        Cover.objects.filter(cover_visibility(user))
        .select_related("away_dea", "covering_dea", "arranged_by", "ended_by")
        .prefetch_related(Prefetch("moves", queryset=moves))
        .order_by("-start", "-id")
    )


def covers_to_start(day: dt.date | None = None) -> QuerySet[Cover]:
    """Planned covers whose start date has come (and whose end has not passed)."""
    day = day or timezone.localdate()
    return Cover.objects.filter(
        started_at__isnull=True, ended_at__isnull=True, start__lte=day, end__gte=day
    ).order_by("start", "pk")


def covers_to_end(day: dt.date | None = None) -> QuerySet[Cover]:
    """Covers not yet ended whose last day has passed: their requests go back today."""
    day = day or timezone.localdate()
    return Cover.objects.filter(ended_at__isnull=True, end__lt=day).order_by("end", "pk")


def covers_overlapping(
    *, start: dt.date, end: dt.date, exclude_id: int | None = None
) -> QuerySet[Cover]:
    """Covers not yet ended whose dates share a day with ``start`` to ``end``."""
    qs = Cover.objects.filter(ended_at__isnull=True, start__lte=end, end__gte=start)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.select_related("away_dea", "covering_dea").order_by("start", "pk")
