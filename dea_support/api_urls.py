from django.urls import path

from dea_support import api

urlpatterns = [
    path("cohorts/", api.CohortList.as_view(), name="api-cohorts"),
    path(
        "cohorts/<int:cohort_id>/members/", api.CohortMemberAdd.as_view(), name="api-cohort-members"
    ),
]
