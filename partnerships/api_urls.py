"""Routes of the strategies and partners API, included under /api/ (API.md)."""

from django.urls import path

from partnerships import api

urlpatterns = [
    path("strategies/", api.StrategyList.as_view(), name="api-strategies"),
    path("strategies/<int:strategy_id>/", api.StrategyDetail.as_view(), name="api-strategy"),
    path(
        "strategies/<int:strategy_id>/agree/",
        api.StrategyAgree.as_view(),
        name="api-strategy-agree",
    ),
    path("partners/", api.PartnerList.as_view(), name="api-partners"),
    path(
        "partners/<int:partner_id>/contacts/",
        api.PartnerContactCreate.as_view(),
        name="api-partner-contacts",
    ),
]
