from django.urls import path

from reports import api

urlpatterns = [
    path("reports/headcount/", api.HeadcountView.as_view(), name="api-reports-headcount"),
    path("reports/activity/", api.ActivityView.as_view(), name="api-reports-activity"),
    path(
        "reports/activity-rows/", api.ActivityRowsView.as_view(), name="api-reports-activity-rows"
    ),
]
