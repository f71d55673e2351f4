"""Six point plan records take the API's shape (API.md): what was declared and when, the steps
taken, who was told, emergency services contacted, the follow-up, and the team leader's review.

Rows written under the older shape are carried across: the day of the occurrence becomes the
day of the declaration, the staff member the recorder, the emergency services' time a yes, the
manager told a line in who was told, and a review outcome the review note.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

RECORD_MODELS = ("sixpointplanrecord", "historicalsixpointplanrecord")
OLD_FIELDS = (
    "occurred_at",
    "channel",
    "staff",
    "supporting_colleague",
    "immediate_risk",
    "emergency_services_called_at",
    "referral_advice_given",
    "manager_told",
    "review_outcome",
)
NOT_RECORDED = "Not recorded"


def _carry_across(row) -> None:
    occurred = timezone.localtime(row.occurred_at) if row.occurred_at else None
    row.declared_on = occurred.date() if occurred else None
    row.recorded_by_id = row.staff_id
    row.emergency_services_contacted = row.emergency_services_called_at is not None
    row.declaration = row.declaration or NOT_RECORDED
    steps = [f"Channel: {row.channel.replace('_', ' ')}."] if row.channel else []
    if row.immediate_risk:
        steps.append("Immediate risk: yes.")
    if row.emergency_services_called_at:
        called = timezone.localtime(row.emergency_services_called_at)
        steps.append(f"Emergency services called at {called:%H:%M on %d %B %Y}.")
    if row.referral_advice_given:
        steps.append("Referral advice given.")
    row.steps_taken = " ".join(steps) or NOT_RECORDED
    told = []
    if row.supporting_colleague_id:
        told.append("A supporting colleague.")
    if row.manager_told:
        told.append("The manager.")
    row.people_told = " ".join(told) or NOT_RECORDED
    row.follow_up = row.follow_up or NOT_RECORDED
    row.review_note = row.review_outcome or ""


def carry_across(apps, schema_editor):
    for name in ("SixPointPlanRecord", "HistoricalSixPointPlanRecord"):
        model = apps.get_model("claimants", name)
        for row in model.objects.all().iterator():
            _carry_across(row)
            row.save()


def _text(model_name, name):
    return migrations.AddField(
        model_name=model_name, name=name, field=models.TextField(default=""), preserve_default=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claimants", "0003_claimant_benefits_may_be_empty"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # New fields, nullable until the old rows are carried across.
        *[
            operation
            for model_name in RECORD_MODELS
            for operation in (
                migrations.AddField(
                    model_name=model_name,
                    name="declared_on",
                    field=models.DateField(null=True),
                ),
                _text(model_name, "declaration"),
                _text(model_name, "steps_taken"),
                migrations.AddField(
                    model_name=model_name,
                    name="emergency_services_contacted",
                    field=models.BooleanField(null=True),
                ),
                _text(model_name, "people_told"),
                _text(model_name, "follow_up"),
                migrations.AddField(
                    model_name=model_name,
                    name="reviewed_at",
                    field=models.DateTimeField(blank=True, null=True),
                ),
                migrations.AddField(
                    model_name=model_name,
                    name="review_note",
                    field=models.TextField(blank=True, default=""),
                    preserve_default=False,
                ),
            )
        ],
        migrations.AddField(
            model_name="sixpointplanrecord",
            name="recorded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="sixpointplanrecord",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        *[
            migrations.AddField(
                model_name="historicalsixpointplanrecord",
                name=name,
                field=models.ForeignKey(
                    blank=True,
                    db_constraint=False,
                    null=True,
                    on_delete=django.db.models.deletion.DO_NOTHING,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            )
            for name in ("recorded_by", "reviewed_by")
        ],
        migrations.RunPython(carry_across, migrations.RunPython.noop),
        *[
            migrations.RemoveField(model_name=model_name, name=name)
            for model_name in RECORD_MODELS
            for name in OLD_FIELDS
        ],
        *[
            operation
            for model_name in RECORD_MODELS
            for operation in (
                migrations.AlterField(
                    model_name=model_name,
                    name="declared_on",
                    field=models.DateField(help_text="The day the claimant made the declaration."),
                ),
                migrations.AlterField(
                    model_name=model_name,
                    name="declaration",
                    field=models.TextField(help_text="What the claimant declared, in facts."),
                ),
                migrations.AlterField(
                    model_name=model_name,
                    name="emergency_services_contacted",
                    field=models.BooleanField(),
                ),
                migrations.AlterField(
                    model_name=model_name,
                    name="people_told",
                    field=models.TextField(help_text="Who was told: colleagues, manager, others."),
                ),
                migrations.AlterField(
                    model_name=model_name,
                    name="review_on",
                    field=models.DateField(
                        blank=True, help_text="The day of the review.", null=True
                    ),
                ),
            )
        ],
        migrations.AlterField(
            model_name="sixpointplanrecord",
            name="recorded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterModelOptions(
            name="sixpointplanrecord",
            options={"ordering": ["claimant", "-declared_on", "-recorded_at", "-id"]},
        ),
        migrations.AddIndex(
            model_name="sixpointplanrecord",
            index=models.Index(
                fields=["claimant", "-recorded_at"], name="claimants_s_claiman_2f43b7_idx"
            ),
        ),
    ]
