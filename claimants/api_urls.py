from django.urls import path

from claimants import api

urlpatterns = [
    path("claimants/", api.ClaimantListCreate.as_view(), name="api-claimants"),
    path("claimants/<int:claimant_id>/", api.ClaimantDetail.as_view(), name="api-claimant"),
    path(
        "claimants/<int:claimant_id>/six-point-plans/",
        api.SixPointPlanListCreate.as_view(),
        name="api-claimant-six-point-plans",
    ),
    path(
        "six-point-plans/<int:record_id>/review/",
        api.SixPointPlanReview.as_view(),
        name="api-six-point-plan-review",
    ),
]
