from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("headcount/", views.headcount, name="headcount"),
    path("headcount/download/", views.headcount_download, name="headcount_download"),
    path("activity/", views.activity, name="activity"),
    path("activity/download/", views.activity_download, name="activity_download"),
    path("activity/rows/", views.activity_rows, name="activity_rows"),
    path("returns/", views.returns, name="returns"),
    path("returns/import/", views.returns_import, name="returns_import"),
]
