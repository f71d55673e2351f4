from django.urls import path

from dea_support import api

urlpatterns = [
    path("cohorts/", api.CohortList.as_view(), name="api-cohorts"),
    path(
        "cohorts/<int:cohort_id>/members/", api.CohortMemberAdd.as_view(), name="api-cohort-members"
    ),
    path("covers/", api.CoverList.as_view(), name="api-covers"),
    path("support-requests/", api.SupportRequestListCreate.as_view(), name="api-support-requests"),
    path(
        "support-requests/<int:request_id>/",
        api.SupportRequestDetail.as_view(),
        name="api-support-request",
    ),
    path(
        "support-requests/<int:request_id>/request-info/",
        api.SupportRequestRequestInfo.as_view(),
        name="api-support-request-request-info",
    ),
    path(
        "support-requests/<int:request_id>/provide-info/",
        api.SupportRequestProvideInfo.as_view(),
        name="api-support-request-provide-info",
    ),
    path(
        "support-requests/<int:request_id>/chase/",
        api.SupportRequestChase.as_view(),
        name="api-support-request-chase",
    ),
    path(
        "support-requests/<int:request_id>/decline/",
        api.SupportRequestDecline.as_view(),
        name="api-support-request-decline",
    ),
    path(
        "support-requests/<int:request_id>/withdraw/",
        api.SupportRequestWithdraw.as_view(),
        name="api-support-request-withdraw",
    ),
    path(
        "support-requests/<int:request_id>/topics/",
        api.SupportRequestTopics.as_view(),
        name="api-support-request-topics",
    ),
]
