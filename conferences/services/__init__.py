"""Every write of the conferences app: accepting requests and moving them for cover,
activities, outcomes and actions. Each subject has its own module; the services are all
imported here, so ``services.x`` finds them."""

from conferences.services.activities import (
    CSI_CAP,
    activity_add_observer,
    activity_cancel,
    activity_hold,
    activity_not_attended,
    activity_propose,
    activity_record_consent,
    activity_withdraw_consent,
    csi_allowance,
    csi_count,
)
from conferences.services.booking import activity_book, unavailability_add, unavailability_remove
from conferences.services.calendar import calendar_feed_token_reset
from conferences.services.cover import cover_end, covers_run, support_requests_cover
from conferences.services.group_outcomes import group_conference_record
from conferences.services.groups import (
    group_agenda_set,
    group_attendees_set,
    group_conference_create,
    group_conferences_block_diaries,
)
from conferences.services.outcomes import (
    action_complete,
    activity_record_outcome,
    csi_approval_create,
    csi_request_direct,
    holding_response_send,
    information_reminders_send,
    information_send,
    support_request_resolve_if_done,
)
from conferences.services.requests import agenda_case_nominate, support_request_accept

__all__ = [
    "CSI_CAP",
    "action_complete",
    "activity_add_observer",
    "activity_book",
    "activity_cancel",
    "activity_hold",
    "activity_not_attended",
    "activity_propose",
    "activity_record_consent",
    "activity_record_outcome",
    "activity_withdraw_consent",
    "agenda_case_nominate",
    "calendar_feed_token_reset",
    "cover_end",
    "covers_run",
    "csi_allowance",
    "csi_approval_create",
    "csi_count",
    "csi_request_direct",
    "group_agenda_set",
    "group_attendees_set",
    "group_conference_create",
    "group_conference_record",
    "group_conferences_block_diaries",
    "holding_response_send",
    "information_reminders_send",
    "information_send",
    "support_request_accept",
    "support_request_resolve_if_done",
    "support_requests_cover",
    "unavailability_add",
    "unavailability_remove",
]
