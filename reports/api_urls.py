from django.urls import path

from reports import api

urlpatterns = [
    path("reports/headcount/", api.HeadcountView.as_view(), name="api-reports-headcount"),
]
