"""Routes of the group conference API, included under /api/ (API.md)."""

from django.urls import path

from conferences import api_groups

urlpatterns = [
    path(
        "group-conferences/",
        api_groups.GroupConferenceList.as_view(),
        name="api-group-conferences",
    ),
]
