"""Who may see the reports and load FTE returns (DESIGN.md section 10): analysts and
administrators. Analysts see aggregates only; nothing in this app shows a name or a NINO.
"""

from __future__ import annotations

from jomcase.permissions import is_administrator, is_analyst


def can_view_reports(user) -> bool:
    return is_analyst(user) or is_administrator(user)


def can_import_fte_returns(user) -> bool:
    return is_analyst(user) or is_administrator(user)
