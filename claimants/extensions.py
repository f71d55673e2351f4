"""What the apps that build on claimants add to a claimant's record page.

Imports run one way only (jomcase <- claimants <- dea_support <- conferences), yet the record
should lead to the claimant's timeline of DEA support, which conferences draws. So
conferences registers a function here in its AppConfig.ready(), and the record page shows
the sections of links that the registered functions return.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``(user, claimant) -> list[{"heading", "links": [{"text", "href"}]}]``.
ClaimantSections = Callable[[object, object], list[dict]]

_sections: list[ClaimantSections] = []


def register_claimant_sections(sections: ClaimantSections) -> ClaimantSections:
    if sections not in _sections:
        _sections.append(sections)
    return sections


def claimant_sections(user, claimant) -> list[dict]:
    """Every registered app's sections of links for ``user`` on ``claimant``'s record."""
    return [section for sections in _sections for section in sections(user, claimant)]
