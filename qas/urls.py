"""QAS pages, under /qas/."""

from django.urls import path

from qas import views

app_name = "qas"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("your-work/", views.my_checks, name="my_checks"),
    path("deas/<int:dea_id>/", views.dea, name="dea"),
    path("activities/<int:activity_id>/check/", views.check_new, name="check_new"),
    path("activities/<int:activity_id>/observe/", views.observe, name="observe"),
    path("checks/<int:check_id>/", views.check, name="check"),
    path("checks/<int:check_id>/change/", views.check_edit, name="check_edit"),
    path("checks/<int:check_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
