"""The home page is built from panels that each app contributes for the signed-in user.

The core app cannot import the apps above it, so each app registers its panels in its
AppConfig.ready(); a panel is a function ``(user) -> dict | None`` whose dict has a
``template`` and the context that template needs. Panels show in registration order.
"""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[[object], dict | None]
_panels: list[Panel] = []


def register_panel(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def panels_for(user) -> list[dict]:
    return [p for p in (panel(user) for panel in _panels) if p]
