"""What the apps that build on conferences add to an activity's page.

Imports run one way only (... <- conferences <- qas), yet a team leader looking at a DEA's
held case conference should be able to start the QAS check of it from there. So qas
registers a function here in its AppConfig.ready() that says which links it offers a viewer
for an activity, and the activity page shows whatever the registered functions return.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``(user, activity) -> list[{"heading", "links": [{"text", "href"}]}]``: sections of links.
ActivitySections = Callable[[object, object], list[dict]]

_sections: list[ActivitySections] = []


def register_activity_sections(sections: ActivitySections) -> ActivitySections:
    if sections not in _sections:
        _sections.append(sections)
    return sections


def activity_sections(user, activity) -> list[dict]:
    """Every registered app's sections of links for ``user`` on ``activity``'s page."""
    return [section for sections in _sections for section in sections(user, activity)]
