"""What the apps that build on claimants add to a claimant's record page and visibility.

Imports run one way only (jomcase <- claimants <- dea_support <- conferences), yet the record
should lead to the claimant's timeline of DEA support, which conferences draws. So
conferences registers a function here in its AppConfig.ready(), and the record page shows
the sections of links that the registered functions return.

Likewise a DEA sees the claimants referred to them (DESIGN.md section 10), which only
dea_support knows: it registers a visibility rule here, and ``claimant_visibility`` adds
every registered rule to its own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

#: ``(user, claimant) -> list[{"heading", "links": [{"text", "href"}]}]``.
ClaimantSections = Callable[[object, object], list[dict]]
#: ``(user) -> Q``: a filter on claimants for a further path by which ``user`` may see them.
VisibilityRule = Callable[[object], Q]

_sections: list[ClaimantSections] = []
_visibility_rules: list[VisibilityRule] = []


def register_claimant_sections(sections: ClaimantSections) -> ClaimantSections:
    if sections not in _sections:
        _sections.append(sections)
    return sections


def claimant_sections(user, claimant) -> list[dict]:
    """Every registered app's sections of links for ``user`` on ``claimant``'s record."""
    return [section for sections in _sections for section in sections(user, claimant)]


def register_visibility_rule(rule: VisibilityRule) -> VisibilityRule:
    if rule not in _visibility_rules:
        _visibility_rules.append(rule)
    return rule


def visibility_rules() -> list[VisibilityRule]:
    """Every registered app's rule, in the order the apps registered them."""
    return list(_visibility_rules)
