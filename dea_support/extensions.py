"""What the apps that build on dea_support add to a support request's pages.

Imports run one way only (jomcase <- claimants <- dea_support <- conferences), yet accepting
a request creates its first piece of work in conferences, cover moves that work with the
request, and the request page lists the work it led to. So conferences registers all three
here in its AppConfig.ready(), as every app registers its home panels with the core app, and
this app's pages call whatever was registered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

#: ``(*, request_id, actor, channel, note) -> SupportRequest``: accepts and creates the work.
Acceptor = Callable[..., object]
#: ``(*, actor, from_dea_id, to_dea_id, request_ids, note, start, end)`` -> ``(Cover, moved)``.
Cover = Callable[..., tuple]
#: ``(*, cover_id, actor)`` -> ``(Cover, returned)``: ends a cover early.
CoverEnd = Callable[..., tuple]
#: ``(user, support_request) -> list[dict]``: the work a request led to, as its page lists it.
WorkList = Callable[[object, object], list[dict]]

_acceptor: list[Acceptor] = []
_cover: list[Cover] = []
_cover_end: list[CoverEnd] = []
_work_lists: list[WorkList] = []


def register_acceptor(accept: Acceptor) -> Acceptor:
    """Name the one service that accepts a request with a channel."""
    _acceptor[:] = [accept]
    return accept


def register_cover(cover_service: Cover, end_service: CoverEnd) -> Cover:
    """Name the services that arrange cover (moving a DEA's open requests and their work)
    and end it early (moving them back)."""
    _cover[:] = [cover_service]
    _cover_end[:] = [end_service]
    return cover_service


def register_work_list(work_list: WorkList) -> WorkList:
    if work_list not in _work_lists:
        _work_lists.append(work_list)
    return work_list


def can_accept() -> bool:
    """Whether any app offers accepting; without one the page shows no Accept form."""
    return bool(_acceptor)


def accept(*, request_id: int, actor, channel: str, note: str = ""):
    if not _acceptor:
        raise ImproperlyConfigured("No app has registered how to accept a support request.")
    return _acceptor[0](request_id=request_id, actor=actor, channel=channel, note=note)


def cover(
    *,
    actor,
    from_dea_id: int,
    to_dea_id: int,
    request_ids: list[int] | None = None,
    note="",
    start=None,
    end=None,
) -> tuple:
    if not _cover:
        raise ImproperlyConfigured("No app has registered how to move requests for cover.")
    return _cover[0](
        actor=actor,
        from_dea_id=from_dea_id,
        to_dea_id=to_dea_id,
        request_ids=request_ids,
        note=note,
        start=start,
        end=end,
    )


def cover_end(*, cover_id: int, actor) -> tuple:
    if not _cover_end:
        raise ImproperlyConfigured("No app has registered how to end cover.")
    return _cover_end[0](cover_id=cover_id, actor=actor)


def work_for(user, support_request) -> list[dict]:
    """Each item: ``title``, ``state``, ``detail``, ``href`` when the user may open it,
    ``lead`` (the DEA who leads it) and ``yours`` (whether that is the user)."""
    return [item for work_list in _work_lists for item in work_list(user, support_request)]
