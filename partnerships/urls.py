"""Strategy pages, under /strategies/."""

from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.strategies, name="strategies"),
    path("new/", views.strategy_new, name="strategy_new"),
    path("new/check/", views.strategy_check, name="strategy_check"),
    path("<int:strategy_id>/", views.strategy, name="strategy"),
    path("<int:strategy_id>/agree/", views.strategy_agree, name="strategy_agree"),
    path("<int:strategy_id>/change/", views.strategy_edit, name="strategy_edit"),
    path("<int:strategy_id>/actions/new/", views.action_new, name="action_new"),
    path("<int:strategy_id>/<slug:step>/", views.strategy_step, name="strategy_step"),
    path("actions/<int:action_id>/done/", views.action_done, name="action_done"),
]
