"""Every write of the qas app: checks, acknowledgements, planned observations, checklist
versions and the scheduled rule."""

from qas.services.checklists import checklist_draft_create, checklist_publish
from qas.services.checks import (
    AnswerInput,
    Feedback,
    current_template,
    observation_plan,
    qas_check_acknowledge,
    qas_check_create,
    qas_check_update,
)
from qas.services.rules import qas_due_notify

__all__ = [
    "AnswerInput",
    "Feedback",
    "checklist_draft_create",
    "checklist_publish",
    "current_template",
    "observation_plan",
    "qas_check_acknowledge",
    "qas_check_create",
    "qas_check_update",
    "qas_due_notify",
]
