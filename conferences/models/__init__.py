"""The DEA's work (DESIGN.md section 5): activities and cases waiting for a group conference.

This holds what accepting a support request creates: a proposed activity of the chosen
kind, or a case on the cohort's list for its next group conference. Booking, holding and
outcomes build on it. Each subject has its own module; every name is imported here, so
``from conferences.models import Activity`` finds it and Django finds every model.
"""

# The modules are imported in the order their models were first declared, which is the
# order Django registers them in (and so lists related objects and creates content types).
# isort: off
from conferences.models.activities import (
    NEEDS_CONSENT,
    CSI_CAP,
    CSI_COUNTED_STATES,
    OPEN_ACTIVITY_STATES,
    Activity,
    ActivityEvent,
    ActivityKind,
    ActivityState,
    MeetingChannel,
    Participant,
    ParticipantRole,
)
from conferences.models.diary import DiaryEntry
from conferences.models.consent import Consent, CsiApproval
from conferences.models.outcomes import ALLOWED_OUTCOMES, Outcome, OutcomeKind
from conferences.models.actions import (
    ACTION_ROLE,
    OUTCOME_ACTION,
    Action,
    ActionKind,
    ActionState,
    PartnerCoverage,
)
from conferences.models.groups import AgendaCase
from conferences.models.calendar import CalendarFeedToken

# isort: on

__all__ = [
    "ACTION_ROLE",
    "ALLOWED_OUTCOMES",
    "CSI_CAP",
    "CSI_COUNTED_STATES",
    "NEEDS_CONSENT",
    "OPEN_ACTIVITY_STATES",
    "OUTCOME_ACTION",
    "Action",
    "ActionKind",
    "ActionState",
    "Activity",
    "ActivityEvent",
    "ActivityKind",
    "ActivityState",
    "AgendaCase",
    "CalendarFeedToken",
    "Consent",
    "CsiApproval",
    "DiaryEntry",
    "MeetingChannel",
    "Outcome",
    "OutcomeKind",
    "Participant",
    "ParticipantRole",
    "PartnerCoverage",
]
