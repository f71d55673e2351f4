"""Publish version 1 of the QAS 1, QAS 2 and group case conference checklists."""

from django.db import migrations


def seed(apps, schema_editor):
    from qas.checklists import seed_first_versions

    seed_first_versions(apps.get_model("qas", "ChecklistTemplate"), apps.get_model("qas", "Criterion"))


def unseed(apps, schema_editor):
    template = apps.get_model("qas", "ChecklistTemplate")
    template.objects.filter(version=1, checks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("qas", "0001_checklists_checks_and_planned_observations")]

    operations = [migrations.RunPython(seed, unseed)]
