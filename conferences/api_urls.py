from django.urls import path

from conferences import api

urlpatterns = [
    path(
        "support-requests/cover/",
        api.SupportRequestsCover.as_view(),
        name="api-support-requests-cover",
    ),
    path("covers/<int:cover_id>/end/", api.CoverEnd.as_view(), name="api-cover-end"),
    path(
        "support-requests/<int:request_id>/accept/",
        api.SupportRequestAccept.as_view(),
        name="api-support-request-accept",
    ),
]
