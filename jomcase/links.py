"""Addresses for the rows of long lists."""

from __future__ import annotations

from django.urls import reverse

# Any id that cannot occur in the rest of the address; replaced by a "{}" to fill in.
_ID_MARKER = 987654321


def href_for_ids(viewname: str) -> str:
    """``viewname``'s address with ``{}`` where an object's id goes, for ``str.format``.

    reverse() for each row of a page would cost more than the rest of the row, so a list
    reverses once and formats each row's id into the result.
    """
    return reverse(viewname, args=[_ID_MARKER]).replace(str(_ID_MARKER), "{}")
