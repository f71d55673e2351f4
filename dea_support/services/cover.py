"""Writes for cover: another DEA looks after an away DEA's requests for dated leave (s4).

A team leader arranges a ``Cover`` from a start date to an end date. On the start date (at
once when that is today) the away DEA's open requests move to the covering DEA; while it
runs, new requests from the away DEA's cohort go to the covering DEA too; on the day after
the end date, or when the team leader ends it early, the ones still open and still with the
covering DEA go back. Each move is recorded on each request's timeline, and the requesters,
the away DEA and the covering DEA are each told once per move, with the references.

The moves of the requests' unbooked work live one app up, in ``conferences.services.cover``,
which holds the transaction and calls the functions here that say so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dea_support.models import (
    COVER_LONGEST_MONTHS,
    Cover,
    CoveredRequest,
    RequestKind,
    SupportRequest,
    SupportRequestEvent,
)
from dea_support.permissions import can_cover
from dea_support.selectors import covers_overlapping, covers_running, dea_route_for_work_coach
from jomcase.errors import ensure
from jomcase.models import Role, Staff
from jomcase.months import add_months
from jomcase.services import notification_send

#: The references a cover notification lists before it says how many more there are.
COVER_REFERENCES_LISTED = 20


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def cover_latest_end(start: dt.date) -> dt.date:
    """The last end date allowed for a cover from ``start``: six months on, less a day."""
    return add_months(start, COVER_LONGEST_MONTHS) - dt.timedelta(days=1)


def cover_check(
    *,
    actor: Staff,
    away_dea_id: int | None,
    covering_dea_id: int | None,
    start: dt.date | None,
    end: dt.date | None,
    choosing: bool = False,
    today: dt.date | None = None,
) -> tuple[Staff, Staff]:
    """Check a cover before it is arranged; return the away and covering DEAs, or raise.

    Only the away DEA's line manager (or an administrator) arranges it, to another DEA who
    is not away themselves; it starts today or later, ends on or after its start and within
    six months, and shares no day with another cover of the away DEA or one they give.
    ``choosing`` says which requests move, which only cover starting today may: for a later
    start every request open that morning moves. Every problem is reported at once.
    """
    today = today or timezone.localdate()
    away = Staff.objects.filter(pk=away_dea_id).first() if away_dea_id else None
    covering = Staff.objects.filter(pk=covering_dea_id).first() if covering_dea_id else None
    if away is None:
        raise ValidationError({"from_dea": ["Choose the DEA whose requests need cover"]})
    ensure(can_cover(actor, away), "Only the DEA's line manager may arrange cover.")
    errors: dict[str, list[str]] = {}
    if covering is None or not covering.has_role(Role.DEA):
        errors["to_dea"] = ["Choose a DEA to cover"]
    elif covering.pk == away.pk:
        errors["to_dea"] = ["Choose a different DEA to cover"]
    if start is None:
        errors["start"] = ["Enter the first day of the cover"]
    elif start < today:
        errors["start"] = ["The first day of the cover must be today or in the future"]
    if end is None:
        errors["end"] = ["Enter the last day of the cover"]
    elif start is not None and end < start:
        errors["end"] = ["The last day of the cover must be the same as or after the first day"]
    elif start is not None and end > cover_latest_end(start):
        errors["end"] = [
            f"Cover can last up to {COVER_LONGEST_MONTHS} months: the last day must be "
            f"{_day(cover_latest_end(start))} or earlier"
        ]
    if choosing and start is not None and start > today and "start" not in errors:
        errors["requests"] = [
            "Every open request moves on the first day of a cover that starts later. "
            "Choose which requests move only for cover that starts today"
        ]
    if errors:
        raise ValidationError(errors)
    for other in covers_overlapping(start=start, end=end):
        when = f"{_day(other.start)} to {_day(other.end)}"
        if other.away_dea_id == away.pk:
            errors.setdefault("start", []).append(
                f"{away.display_name} already has cover by {other.covering_dea.display_name} "
                f"from {when}. Choose dates outside it, or end that cover first"
            )
        elif other.covering_dea_id == away.pk:
            errors.setdefault("start", []).append(
                f"{away.display_name} is covering for {other.away_dea.display_name} from "
                f"{when}. Choose dates outside it, or end that cover first"
            )
        if other.away_dea_id == covering.pk:
            errors.setdefault("to_dea", []).append(
                f"{covering.display_name} is away themselves from {when}, so cannot cover. "
                "Choose another DEA"
            )
    if errors:
        raise ValidationError(errors)
    return away, covering


def cover_record(
    *, actor: Staff, away: Staff, covering: Staff, start: dt.date, end: dt.date, note: str = ""
) -> Cover:
    """Save a checked cover; only ``conferences.services.cover`` calls this, after locking
    both DEAs' rows and checking again, so two covers arranged at once cannot overlap."""
    return Cover.objects.create(
        away_dea=away,
        covering_dea=covering,
        start=start,
        end=end,
        note=note.strip(),
        arranged_by=actor,
    )


def cover_message(cover: Cover) -> str:
    """How the move to the covering DEA reads on a request's timeline and on its work's."""
    message = (
        f"Moved from {cover.away_dea.display_name} to {cover.covering_dea.display_name} for cover"
    )
    return message + (f": {cover.note}" if cover.note else "")


def cover_return_message(cover: Cover) -> str:
    """How the move back to the away DEA reads on a timeline."""
    message = (
        f"Back with {cover.away_dea.display_name} after cover by {cover.covering_dea.display_name}"
    )
    if cover.ended_by is not None:
        return f"{message}, ended early by {cover.ended_by.display_name}"
    return f"{message}, which ended on {_day(cover.end)}"


def cover_requests_move(
    *, cover: Cover, actor: Staff, request_ids: list[int] | None = None, strict: bool = True
) -> list[SupportRequest]:
    """Move the away DEA's open requests to the covering DEA; only conferences calls this.

    With ``request_ids`` only those move (each must be open and the away DEA's). A request
    the covering DEA made cannot be theirs to decide: with ``strict`` (a person chose the
    move) that refuses it all; the scheduled rule leaves such a request where it is. Each
    request records the move and a ``CoveredRequest`` row; the caller tells the people.
    """
    away, covering = cover.away_dea, cover.covering_dea
    requests = SupportRequest.objects.select_for_update().filter(dea=away).open()
    if request_ids is not None:
        requests = requests.filter(pk__in=request_ids)
    moving = list(requests.select_related("requester").order_by("pk"))
    if request_ids is not None and len(moving) != len(set(request_ids)):
        raise ValidationError({"requests": [f"Only open requests of {away.display_name} can move"]})
    own = [sr for sr in moving if sr.requester_id == covering.pk]
    if own and strict:
        which = "it" if len(own) == 1 else "them"
        names = ", ".join(sr.reference for sr in own)
        raise ValidationError(
            {"to_dea": [f"{covering.display_name} made {names}, so cannot cover {which}"]}
        )
    moving = [sr for sr in moving if sr.requester_id != covering.pk]
    # A DEA going on leave may have hundreds of open requests: one UPDATE and two INSERTs
    # move them all, whatever their number.
    SupportRequest.objects.filter(pk__in=[sr.pk for sr in moving]).update(dea=covering)
    now = timezone.now()
    message = cover_message(cover)
    for sr in moving:
        sr.dea = covering
    SupportRequestEvent.objects.bulk_create(
        SupportRequestEvent(
            support_request=sr,
            action="cover",
            from_state=sr.state,
            to_state=sr.state,
            by=actor,
            at=now,
            message=message,
        )
        for sr in moving
    )
    CoveredRequest.objects.bulk_create(
        [CoveredRequest(cover=cover, support_request=sr, moved_at=now) for sr in moving],
        ignore_conflicts=True,
    )
    if cover.started_at is None:
        cover.started_at = now
        cover.save(update_fields=["started_at"])
    return moving


def cover_requests_return(
    *, cover: Cover, actor: Staff, early: bool = False
) -> list[SupportRequest]:
    """End the cover and give back the requests moved under it that are still open and still
    with the covering DEA; only conferences calls this, which moves their unbooked work.

    ``early`` is a team leader ending it before its end date has passed (the scheduled rule
    ends it the day after). A cover ended before it started moves nothing.
    """
    now = timezone.now()
    cover.ended_at = now
    cover.ended_by = actor if early else None
    cover.save(update_fields=["ended_at", "ended_by"])
    if cover.started_at is None:
        return []
    returning = list(
        SupportRequest.objects.select_for_update(of=("self",))
        .filter(
            covers__cover=cover,
            covers__returned_at__isnull=True,
            dea=cover.covering_dea_id,
        )
        .open()
        .select_related("requester")
        .order_by("pk")
    )
    ids = [sr.pk for sr in returning]
    SupportRequest.objects.filter(pk__in=ids).update(dea=cover.away_dea_id)
    CoveredRequest.objects.filter(cover=cover, support_request_id__in=ids).update(returned_at=now)
    message = cover_return_message(cover)
    for sr in returning:
        sr.dea = cover.away_dea
    SupportRequestEvent.objects.bulk_create(
        SupportRequestEvent(
            support_request=sr,
            action="cover_return",
            from_state=sr.state,
            to_state=sr.state,
            by=actor,
            at=now,
            message=message,
        )
        for sr in returning
    )
    return returning


def cover_route_chosen(dea: Staff, day: dt.date | None = None) -> tuple[Staff, Cover | None]:
    """Where a request to a DEA someone chose (colleague support) goes on ``day``: to that
    DEA, or to their covering DEA while a cover of their leave runs, and that cover."""
    cover = covers_running(day).filter(away_dea=dea).select_related("covering_dea").first()
    return (cover.covering_dea, cover) if cover is not None else (dea, None)


def cover_record_filed(
    sr: SupportRequest, *, day: dt.date | None = None, cover: Cover | None = None
) -> None:
    """A request filed while its DEA is away went to the covering DEA: record it under the
    cover, so it goes back with the others when the cover ends. ``cover`` is the cover a
    chosen DEA's request was sent on under (``cover_route_chosen``); a coach's request is
    routed through their cohort (``dea_route_for_work_coach``)."""
    if sr.kind == RequestKind.COLLEAGUE_SUPPORT:
        if cover is not None and cover.covering_dea_id == sr.dea_id:
            CoveredRequest.objects.get_or_create(cover=cover, support_request=sr)
        return
    dea, cohort_cover = dea_route_for_work_coach(sr.requester, day)
    if cohort_cover is not None and dea is not None and dea.pk == sr.dea_id:
        CoveredRequest.objects.get_or_create(cover=cohort_cover, support_request=sr)


def _listed(requests: list[SupportRequest]) -> list[str]:
    soonest = sorted(requests, key=lambda sr: (sr.required_by, sr.pk))
    lines = [f"{sr.reference} (needed by {_day(sr.required_by)})" for sr in soonest]
    if len(lines) > COVER_REFERENCES_LISTED:
        rest = len(lines) - COVER_REFERENCES_LISTED
        lines = [*lines[:COVER_REFERENCES_LISTED], f"and {rest} more"]
    return lines


def _count(requests: list, what: str = "request") -> str:
    return f"{len(requests)} {what}{'s' if len(requests) != 1 else ''}"


def cover_tell(
    *,
    cover: Cover,
    back: bool,
    requests: list[SupportRequest],
    work: dict[int, list[str]] | None = None,
) -> int:
    """Tell the covering DEA, the away DEA and each requester once about one move.

    ``back`` is the move back to the away DEA. Each notification lists the references that
    moved (a requester's own only); ``work`` names, per request, the unbooked work that went
    with it. Keyed by the cover and the move, so running again sends nothing twice.
    Returns how many notifications were sent now.
    """
    work = work or {}
    away, covering = cover.away_dea, cover.covering_dea
    until = f"until {_day(cover.end)}"
    inbox = reverse("support_requests:inbox")
    move = "return" if back else "start"
    message = cover_return_message(cover) if back else cover_message(cover)
    listed = _listed(requests)
    body = message.rstrip(".") + "." + ("\n\n" + "\n".join(listed) if listed else "")
    if back:
        to_covering = (
            f"{_count(requests)} went back to {away.display_name} as your cover ended",
            "",
        )
        to_away = (
            f"{_count(requests)} back with you after cover by {covering.display_name}",
            inbox,
        )
    else:
        to_covering = (
            f"{_count(requests)} moved to you for cover from {away.display_name}",
            inbox,
        )
        to_away = (
            f"{_count(requests)} moved to {covering.display_name} to cover your leave {until}",
            "",
        )
    if not requests:
        # Nothing to list, but the cover itself still starts or ends.
        if back:
            to_covering = (f"Your cover for {away.display_name} has ended", "")
            to_away = (f"Your cover by {covering.display_name} has ended", inbox)
        else:
            to_covering = (f"You are covering for {away.display_name} {until}", inbox)
            to_away = (f"{covering.display_name} is covering your leave {until}", "")
            body += (
                f"\n\nNothing was open to move. New requests from {away.display_name}'s "
                f"cohort go to {covering.display_name} {until}."
            )
    sent = 0
    for person, (title, link) in ((covering, to_covering), (away, to_away)):
        sent += (
            notification_send(
                recipient=person,
                key=f"cover-{move}:{cover.pk}",
                kind=f"support_request_cover_{move}",
                title=title,
                body=body,
                link=link,
            )
            is not None
        )
    by_requester: dict[int, list[SupportRequest]] = defaultdict(list)
    for sr in requests:
        by_requester[sr.requester_id].append(sr)
    for own in by_requester.values():
        requester = own[0].requester
        them = "it" if len(own) == 1 else "them"
        lines = []
        for line, sr in zip(
            _listed(own), sorted(own, key=lambda r: (r.required_by, r.pk)), strict=False
        ):
            extra = "; ".join(work.get(sr.pk, []))
            lines.append(f"{line}{f', with {extra}' if extra else ''}")
        if back:
            title = f"{_count(own, 'request')} of yours back with {away.display_name}"
            intro = f"{away.display_name} is back and looks after {them} again."
        else:
            title = f"{_count(own, 'request')} of yours moved to {covering.display_name}"
            intro = (
                f"{covering.display_name} looks after {them} "
                f"while {away.display_name} is away, {until}."
            )
        link = (
            reverse("support_requests:detail", args=[own[0].pk])
            if len(own) == 1
            else reverse("support_requests:mine")
        )
        sent += (
            notification_send(
                recipient=requester,
                key=f"cover-{move}:{cover.pk}",
                kind=f"support_request_cover_{move}",
                title=title,
                body=intro + "\n\n" + "\n".join(lines),
                link=link,
            )
            is not None
        )
    return sent
