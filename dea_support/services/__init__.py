"""Every write of the dea_support app: cohorts and support requests."""

from dea_support.services.cohorts import cohort_create, cohort_member_add, cohort_member_end
from dea_support.services.requests import (
    support_request_decline,
    support_request_file,
    support_request_mark_accepted,
    support_request_provide_info,
    support_request_request_info,
    support_request_resolve,
    support_request_tag,
    support_request_withdraw,
    support_requests_cover_check,
    support_requests_mark_covered,
)

__all__ = [
    "cohort_create",
    "cohort_member_add",
    "cohort_member_end",
    "support_request_decline",
    "support_request_file",
    "support_request_mark_accepted",
    "support_request_provide_info",
    "support_request_request_info",
    "support_request_resolve",
    "support_request_tag",
    "support_request_withdraw",
    "support_requests_cover_check",
    "support_requests_mark_covered",
]
