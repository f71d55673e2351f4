"""Every write of the dea_support app: cohorts and support requests."""

from dea_support.services.cohorts import cohort_create, cohort_member_add, cohort_member_end
from dea_support.services.cover import (
    cover_check,
    cover_record,
    cover_requests_move,
    cover_requests_return,
    cover_tell,
)
from dea_support.services.requests import (
    support_request_decline,
    support_request_file,
    support_request_mark_accepted,
    support_request_provide_info,
    support_request_request_info,
    support_request_resolve,
    support_request_tag,
    support_request_withdraw,
)
from dea_support.services.waiting import info_request_reminders_send, support_request_chase

__all__ = [
    "cohort_create",
    "cohort_member_add",
    "cohort_member_end",
    "cover_check",
    "cover_record",
    "cover_requests_move",
    "cover_requests_return",
    "cover_tell",
    "info_request_reminders_send",
    "support_request_chase",
    "support_request_decline",
    "support_request_file",
    "support_request_mark_accepted",
    "support_request_provide_info",
    "support_request_request_info",
    "support_request_resolve",
    "support_request_tag",
    "support_request_withdraw",
]
