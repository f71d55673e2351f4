from django.urls import path

from claimants import views
from claimants.views import six_point_plans

app_name = "claimants"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("add/", views.claimant_add, name="add"),
    path("<int:claimant_id>/", views.claimant_detail, name="detail"),
    path("<int:claimant_id>/edit/", views.claimant_edit, name="edit"),
    path(
        "<int:claimant_id>/six-point-plans/new/",
        six_point_plans.six_point_plan_new,
        name="six_point_plan_new",
    ),
    path(
        "<int:claimant_id>/six-point-plans/new/check/",
        six_point_plans.six_point_plan_check,
        name="six_point_plan_check",
    ),
    path(
        "six-point-plans/<int:record_id>/",
        six_point_plans.six_point_plan_detail,
        name="six_point_plan",
    ),
    path(
        "six-point-plans/<int:record_id>/recorded/",
        six_point_plans.six_point_plan_recorded,
        name="six_point_plan_recorded",
    ),
]
