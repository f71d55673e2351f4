from django.urls import path

from claimants import views

app_name = "claimants"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("add/", views.claimant_add, name="add"),
    path("<int:claimant_id>/", views.claimant_detail, name="detail"),
    path("<int:claimant_id>/edit/", views.claimant_edit, name="edit"),
]
