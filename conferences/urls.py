"""Pages of the DEA's work: activities, diaries, actions, CSI approvals, group conferences."""

from django.urls import path

from conferences.views import (
    actions,
    activities,
    activity_steps,
    csi,
    diary,
    group_sessions,
    groups,
    letters,
    timeline,
)

app_name = "conferences"

urlpatterns = [
    path("", activities.work, name="work"),
    # An activity and its steps
    path("activities/<int:activity_id>/", activities.activity, name="activity"),
    path("activities/<int:activity_id>/consent/", activity_steps.consent, name="consent"),
    path("activities/<int:activity_id>/book/", activity_steps.book, name="book"),
    path("activities/<int:activity_id>/hold/", activities.hold, name="hold"),
    path(
        "activities/<int:activity_id>/not-attended/",
        activities.not_attended,
        name="not_attended",
    ),
    path("activities/<int:activity_id>/cancel/", activity_steps.cancel, name="cancel"),
    path(
        "activities/<int:activity_id>/withdraw-consent/",
        activity_steps.withdraw_consent,
        name="withdraw_consent",
    ),
    path("activities/<int:activity_id>/observe/", activities.observe, name="observe"),
    path("activities/<int:activity_id>/outcome/", activity_steps.outcome, name="outcome"),
    path(
        "activities/<int:activity_id>/information/", activity_steps.information, name="information"
    ),
    path(
        "activities/<int:activity_id>/holding-response/",
        activity_steps.holding_response,
        name="holding_response",
    ),
    path(
        "activities/<int:activity_id>/calendar.ics",
        diary.activity_calendar,
        name="activity_calendar",
    ),
    path("activities/<int:activity_id>/letter/", letters.letter, name="letter"),
    path("activities/<int:activity_id>/letter.pdf", letters.letter_pdf, name="letter_pdf"),
    # Diaries and calendars
    path("diary/", diary.diary, name="diary"),
    path("diary/<int:staff_id>/", diary.diary, name="diary_of"),
    path("diary/unavailable/", diary.unavailability_add, name="unavailability_add"),
    path(
        "diary/unavailable/<int:entry_id>/remove/",
        diary.unavailability_remove,
        name="unavailability_remove",
    ),
    path("diary/calendar/", diary.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/<str:token>.ics", diary.calendar_feed, name="calendar_feed"),
    # Partners' actions
    path("actions/", actions.actions, name="actions"),
    path("actions/<int:action_id>/done/", actions.action_done, name="action_done"),
    # Claimant support interventions beyond the cap, and asked for directly
    path("csi-approvals/", csi.csi_approvals, name="csi_approvals"),
    path("csi-approvals/request/", csi.csi_request, name="csi_request"),
    path(
        "csi-approvals/claimants/<int:claimant_id>/approve/",
        csi.csi_approve,
        name="csi_approve",
    ),
    # Group work coach conferences, and a cohort's compliance with them
    path("groups/", groups.groups_home, name="groups_home"),
    path("cohorts/<int:cohort_id>/groups/", groups.groups, name="groups"),
    path("cohorts/<int:cohort_id>/groups/block/", groups.groups_block, name="groups_block"),
    path("cohorts/<int:cohort_id>/groups/blocked/", groups.groups_blocked, name="groups_blocked"),
    path("cohorts/<int:cohort_id>/groups/book/", groups.group_book, name="group_book"),
    path("cohorts/<int:cohort_id>/compliance/", groups.compliance, name="compliance"),
    path("groups/<int:session_id>/", group_sessions.group, name="group"),
    path("groups/<int:session_id>/hold/", group_sessions.group_hold, name="group_hold"),
    path(
        "groups/<int:session_id>/attendees/", group_sessions.group_attendees, name="group_attendees"
    ),
    path("groups/<int:session_id>/record/", group_sessions.group_record, name="group_record"),
    # A claimant's timeline
    path(
        "claimants/<int:claimant_id>/timeline/",
        timeline.claimant_timeline,
        name="claimant_timeline",
    ),
]
