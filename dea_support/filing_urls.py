"""The filing journey's question pages, under /requests/new/.

Every page after the first carries the journey's id, so answers given in one tab never land
in a request being made in another.
"""

from django.urls import path

from dea_support.views import filing as views


def _question(route: str, step: str):
    return path(f"<str:journey>/{route}/", views.question, {"step": step}, name=f"new_{step}")


urlpatterns = [
    path("", views.start, name="new"),
    path("sent/<int:request_id>/", views.confirmation, name="new_confirmation"),
    path("<str:journey>/claimant/", views.claimant, name="new_claimant"),
    _question("challenges", "challenges"),
    _question("reason", "reason"),
    _question("knowledge-gap", "knowledge_gap"),
    _question("description", "description"),
    _question("job-role", "job_role"),
    _question("urgency", "criticality"),
    _question("dea", "dea"),
    _question("date", "required_by"),
    path("<str:journey>/check/", views.check, name="new_check"),
]
