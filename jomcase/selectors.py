"""Reads for the core app's pages."""

from __future__ import annotations

from jomcase.home import panels_for
from jomcase.models import Role, Staff


def home_summary(user: Staff) -> dict:
    """What the home page shows: the user's roles and each app's panel for them."""
    return {
        "roles": [Role(r).label for r in sorted(user.roles)],
        "panels": panels_for(user),
    }
