"""Routes of the activities, actions, CSI approvals and timeline API, included under /api/."""

from django.urls import path

from conferences import api_activities as api

urlpatterns = [
    path("activities/", api.ActivityList.as_view(), name="api-activities"),
    path("activities/<int:activity_id>/", api.ActivityDetail.as_view(), name="api-activity"),
    path(
        "activities/<int:activity_id>/record-consent/",
        api.ActivityRecordConsent.as_view(),
        name="api-activity-record-consent",
    ),
    path(
        "activities/<int:activity_id>/book/",
        api.ActivityBook.as_view(),
        name="api-activity-book",
    ),
    path(
        "activities/<int:activity_id>/hold/",
        api.ActivityHold.as_view(),
        name="api-activity-hold",
    ),
    path(
        "activities/<int:activity_id>/not-attended/",
        api.ActivityNotAttended.as_view(),
        name="api-activity-not-attended",
    ),
    path(
        "activities/<int:activity_id>/cancel/",
        api.ActivityCancel.as_view(),
        name="api-activity-cancel",
    ),
    path(
        "activities/<int:activity_id>/record-outcome/",
        api.ActivityRecordOutcome.as_view(),
        name="api-activity-record-outcome",
    ),
    path("actions/", api.ActionList.as_view(), name="api-actions"),
    path(
        "actions/<int:action_id>/complete/",
        api.ActionComplete.as_view(),
        name="api-action-complete",
    ),
    path("csi-approvals/", api.CsiApprovalList.as_view(), name="api-csi-approvals"),
    path(
        "claimants/<int:claimant_id>/timeline/",
        api.ClaimantTimeline.as_view(),
        name="api-claimant-timeline",
    ),
]
