"""Reads of the DEA's work for pages and the API, scoped to the viewer (DESIGN.md s5, s10).

Every list joins what its page shows in a fixed number of queries, however long it is:
``select_related`` for the rows' people and claimant, ``Prefetch`` for their children.
Each subject has its own module; every name is imported here, so ``selectors.x`` finds it.
"""

from conferences.selectors.actions import action_counts_for, action_of, actions_for
from conferences.selectors.activities import (
    EVENT_TITLES,
    activities_visible_to,
    activity_for,
    claimant_record_visible,
    event_title,
    next_bookings_for,
    open_work_for,
    shows_claimant,
    step_refused_by_time,
)
from conferences.selectors.csi import (
    claimant_by_nino_and_surname,
    csi_approvals_for,
    csi_cap_warning,
    csi_claimant_for_approval,
    csi_claimants_at_cap_for,
    managed_deas,
)
from conferences.selectors.diary import (
    FEED_DAYS_BACK,
    FEED_MAX_EVENTS,
    calendar_feed_bookings,
    calendar_feed_owner,
    calendar_feed_token_of,
    diary_owners_for,
    diary_week,
    visible_activity_ids,
    week_bounds,
)
from conferences.selectors.groups import (
    COMPLIANCE_AHEAD,
    COMPLIANCE_MAX_MONTHS,
    PENDING_SHOWN,
    ComplianceRow,
    claimants_shown,
    coaches_to_invite,
    cohort_compliance,
    compliance_months,
    group_cohort_for,
    group_cohorts_for,
    group_session_for,
    group_sessions_among,
    group_sessions_of,
    group_sessions_visible_to,
    pending_cases_of,
    people_to_invite,
)
from conferences.selectors.lists import actions_visible_to, activity_list_for
from conferences.selectors.timeline import REQUEST_EVENT_TITLES, claimant_timeline

__all__ = [
    "COMPLIANCE_AHEAD",
    "COMPLIANCE_MAX_MONTHS",
    "EVENT_TITLES",
    "FEED_DAYS_BACK",
    "FEED_MAX_EVENTS",
    "PENDING_SHOWN",
    "REQUEST_EVENT_TITLES",
    "ComplianceRow",
    "action_counts_for",
    "action_of",
    "actions_for",
    "actions_visible_to",
    "activities_visible_to",
    "activity_for",
    "activity_list_for",
    "calendar_feed_bookings",
    "calendar_feed_owner",
    "calendar_feed_token_of",
    "claimant_by_nino_and_surname",
    "claimant_record_visible",
    "claimant_timeline",
    "claimants_shown",
    "coaches_to_invite",
    "cohort_compliance",
    "compliance_months",
    "csi_approvals_for",
    "csi_cap_warning",
    "csi_claimant_for_approval",
    "csi_claimants_at_cap_for",
    "diary_owners_for",
    "diary_week",
    "event_title",
    "group_cohort_for",
    "group_cohorts_for",
    "group_session_for",
    "group_sessions_among",
    "group_sessions_of",
    "group_sessions_visible_to",
    "managed_deas",
    "next_bookings_for",
    "open_work_for",
    "pending_cases_of",
    "people_to_invite",
    "shows_claimant",
    "step_refused_by_time",
    "visible_activity_ids",
    "week_bounds",
]
