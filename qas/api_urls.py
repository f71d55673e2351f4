"""Routes of the QAS API, included under /api/ (API.md)."""

from django.urls import path

from qas import api

urlpatterns = [
    path("qas-templates/", api.ChecklistTemplateList.as_view(), name="api-qas-templates"),
    path("qas-checks/", api.QasCheckList.as_view(), name="api-qas-checks"),
    path("qas-checks/due/", api.QasDueList.as_view(), name="api-qas-checks-due"),
    path("qas-checks/<int:check_id>/", api.QasCheckDetail.as_view(), name="api-qas-check"),
    path(
        "qas-checks/<int:check_id>/acknowledge/",
        api.QasCheckAcknowledge.as_view(),
        name="api-qas-check-acknowledge",
    ),
]
