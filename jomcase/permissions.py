"""Predicates about staff that every app uses (DESIGN.md section 10)."""

from __future__ import annotations

from jomcase.models import Role


def is_signed_in_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user) -> bool:
    return is_signed_in_staff(user) and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


def is_analyst(user) -> bool:
    return is_signed_in_staff(user) and user.has_role(Role.ANALYST)


def sees_personal_data(user) -> bool:
    """Analysts get aggregates only; everyone else with a casework role may see some records."""
    return is_signed_in_staff(user) and bool(user.roles - {Role.ANALYST, Role.ADMINISTRATOR})
