"""Every read of the qas app that a page, the API, a scheduled rule or a report needs."""

from qas.selectors.checks import (
    check_for,
    check_history,
    check_list_for_api,
    checks_awaiting_acknowledgement,
    checks_of_dea,
    checks_visible_to,
    current_templates,
    existing_check,
    observable_activity_for,
    work_to_observe,
)
from qas.selectors.due import (
    DueCheck,
    QasOverview,
    due_checks,
    due_checks_for,
    lines_managed,
    qas_overview_for,
)
from qas.selectors.reports import QasMonthFigures, qas_done_against_due

__all__ = [
    "DueCheck",
    "QasMonthFigures",
    "QasOverview",
    "check_for",
    "check_history",
    "check_list_for_api",
    "checks_awaiting_acknowledgement",
    "checks_of_dea",
    "checks_visible_to",
    "current_templates",
    "due_checks",
    "due_checks_for",
    "existing_check",
    "lines_managed",
    "observable_activity_for",
    "qas_done_against_due",
    "qas_overview_for",
    "work_to_observe",
]
