"""Addresses for the rows of long lists, and whether a stored address is one of ours."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Any id that cannot occur in the rest of the address; replaced by a "{}" to fill in.
_ID_MARKER = 987654321


def href_for_ids(viewname: str) -> str:
    """``viewname``'s address with ``{}`` where an object's id goes, for ``str.format``.

    reverse() for each row of a page would cost more than the rest of the row, so a list
    reverses once and formats each row's id into the result.
    """
    return reverse(viewname, args=[_ID_MARKER]).replace(str(_ID_MARKER), "{}")


def is_local_path(link: str) -> bool:
    """Whether ``link`` is a path on this site ("/requests/7/"), so following it can never
    take anyone elsewhere: no scheme, no host, and not "//host" or "/\\host", which browsers
    read as another site."""
    if not link or not link.startswith("/") or link.startswith(("//", "/\\")):
        return False
    return url_has_allowed_host_and_scheme(link, allowed_hosts=set())
