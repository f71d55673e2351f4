"""Checklist versions: an administrator drafts the next version, changes its questions and
publishes it; new checks answer the new questions, and every check done before still shows
the questions it was answered against, on its page and through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qas.checklists import FIRST_VERSIONS
from qas.models import ChecklistTemplate, Criterion
from qas.services import checklist_draft_create, checklist_publish
from tests.conftest import api_as
from tests.factories import StaffFactory
from tests.qas.builders import a_check, work_at

pytestmark = pytest.mark.django_db

NEW_QUESTION = "The DEA checked the work coach could explain the plan back in their own words"


@pytest.fixture
def admin_user(db):
    return StaffFactory(administrator=True, is_staff=True, is_superuser=True)


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def publish_a_second_qas2(admin_user) -> ChecklistTemplate:
    draft = checklist_draft_create(actor=admin_user, check_type="qas2")
    first = draft.criteria.get(position=1)
    first.text = NEW_QUESTION
    first.save()
    Criterion.objects.create(template=draft, position=99, text="A question added in version 2")
    return checklist_publish(actor=admin_user, template_id=draft.pk)


def test_old_checks_keep_their_questions_after_a_new_version_is_published(
    pair, checklists, admin_user
):
    yesterday = timezone.now() - dt.timedelta(days=1)
    old = a_check(pair.leader, work_at(pair.dea, yesterday))
    original = FIRST_VERSIONS["qas2"][1][0][0]

    second = publish_a_second_qas2(admin_user)
    assert second.version == 2

    client = Client()
    client.force_login(pair.leader)
    text = page_text(client, reverse("qas:check", args=[old.pk]))
    assert original in text and NEW_QUESTION not in text
    assert "QAS 2 version 1" in text
    shown = api_as(pair.dea).get(f"/api/qas-checks/{old.pk}/").json()
    assert (shown["template"], shown["version"]) == (checklists["qas2"].pk, 1)
    assert set(shown["answers"]) == {str(c.pk) for c in checklists["qas2"].criteria.all()}

    # Changing the old check still asks the old questions.
    edit = page_text(client, reverse("qas:check_edit", args=[old.pk]))
    assert original in edit and "A question added in version 2" not in edit

    # A new check answers the new version.
    fresh = work_at(pair.dea, yesterday - dt.timedelta(hours=3))
    form = page_text(client, reverse("qas:check_new", args=[fresh.pk]))
    assert NEW_QUESTION in form and "A question added in version 2" in form
    assert a_check(pair.leader, fresh).template == second
    old.refresh_from_db()
    assert old.template == checklists["qas2"]
    first_answer = old.answers.select_related("criterion").first()
    assert first_answer.criterion.text == original

    templates = api_as(pair.leader).get("/api/qas-templates/", {"check_type": "qas2"}).json()
    (current,) = templates["results"]
    assert current["version"] == 2 and current["criteria"][0]["text"] == NEW_QUESTION


def test_answering_an_old_version_after_a_new_one_is_published_is_400(pair, checklists, admin_user):
    activity = work_at(pair.dea, timezone.now() - dt.timedelta(days=1))
    publish_a_second_qas2(admin_user)
    old = checklists["qas2"]
    response = api_as(pair.leader).post(
        "/api/qas-checks/",
        {
            "check_type": "qas2",
            "dea": pair.dea.pk,
            "activity": activity.pk,
            "template": old.pk,
            "answers": {str(c.pk): "met" for c in old.criteria.all()},
            "result": "achieved",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["template"] == [
        "Answer the current version of the checklist (QAS 2 version 2)"
    ]


def test_drafting_and_publishing_rules(checklists, admin_user):
    draft = checklist_draft_create(actor=admin_user, check_type="qas1")
    assert (draft.version, draft.published_at) == (2, None)
    assert draft.criteria.count() == checklists["qas1"].criteria.count()
    assert checklist_draft_create(actor=admin_user, check_type="qas1") == draft
    draft.criteria.all().delete()
    with pytest.raises(ValidationError):
        checklist_publish(actor=admin_user, template_id=draft.pk)
    with pytest.raises(ValidationError):
        checklist_publish(actor=admin_user, template_id=checklists["qas1"].pk)
    with pytest.raises(PermissionDenied):
        checklist_draft_create(actor=StaffFactory(wctl=True), check_type="qas1")


def test_in_the_admin_a_published_versions_questions_cannot_change(checklists, admin_user):
    client = Client()
    client.force_login(admin_user)
    published = checklists["group_checklist"]
    url = reverse("admin:qas_checklisttemplate_change", args=[published.pk])
    page = client.get(url).content.decode()
    assert 'name="criteria-0-text"' not in page
    response = client.post(
        reverse("admin:qas_checklisttemplate_changelist"),
        {"action": "draft_next_version", "_selected_action": [published.pk]},
    )
    assert response.status_code == 302
    draft = ChecklistTemplate.objects.get(check_type="group_checklist", version=2)
    page = client.get(reverse("admin:qas_checklisttemplate_change", args=[draft.pk]))
    assert 'name="criteria-0-text"' in page.content.decode()
    client.post(
        reverse("admin:qas_checklisttemplate_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == admin_user
