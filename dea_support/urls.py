"""Cohort pages: a DEA's own cohort, any cohort the user may see, and changes to members."""

from django.urls import path

from dea_support.views import cohorts as views

app_name = "dea_support"

urlpatterns = [
    path("", views.my_cohort, name="my_cohort"),
    path("<int:cohort_id>/", views.cohort_page, name="cohort"),
    path("<int:cohort_id>/add/", views.member_add, name="member_add"),
    path("<int:cohort_id>/members/<int:membership_id>/end/", views.member_end, name="member_end"),
]
