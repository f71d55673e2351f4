"""Routes of the strategies API, included under /api/ (API.md)."""

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
]
