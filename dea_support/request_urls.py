"""Support request pages under /requests/: the requester's list, the inbox, cover, a request
and the steps taken on it."""

from django.urls import include, path

from dea_support.views import cover, request_lists, requests

app_name = "support_requests"

urlpatterns = [
    path("", request_lists.my_requests, name="mine"),
    path("new/", include("dea_support.filing_urls")),
    path("inbox/", request_lists.inbox, name="inbox"),
    path("cover/", cover.cover, name="cover"),
    path("covers/", cover.covers, name="covers"),
    path("covers/<int:cover_id>/end/", cover.cover_end, name="cover_end"),
    path("<int:pk>/", requests.detail, name="detail"),
    path("<int:pk>/request-info/", requests.request_info, name="request_info"),
    path("<int:pk>/provide-info/", requests.provide_info, name="provide_info"),
    path("<int:pk>/accept/", requests.accept, name="accept"),
    path("<int:pk>/decline/", requests.decline, name="decline"),
    path("<int:pk>/chase/", requests.chase, name="chase"),
    path("<int:pk>/close/", requests.close_unanswered, name="close_unanswered"),
    path("<int:pk>/withdraw/", requests.withdraw, name="withdraw"),
    path("<int:pk>/topics/", requests.topics, name="topics"),
]
