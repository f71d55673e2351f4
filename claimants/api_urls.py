from django.urls import path

from claimants import api

urlpatterns = [
    path("claimants/", api.ClaimantListCreate.as_view(), name="api-claimants"),
    path("claimants/<int:claimant_id>/", api.ClaimantDetail.as_view(), name="api-claimant"),
]
