"""Admin for QAS: administrators draft and publish checklist versions; checks are read here
(with their history) but recorded and changed only by team leaders through the service.

A published version's questions are read-only, so no past check can change; new questions
are a new version, drafted with the action below, edited, then published.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from qas.models import CheckAnswer, ChecklistTemplate, Criterion, PlannedObservation, QasCheck
from qas.services import checklist_draft_create, checklist_publish


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "text", "guidance"]

    def _draft(self, obj) -> bool:
        return obj is not None and not obj.is_published

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


def _report(modeladmin, request, call, done: str) -> None:
    try:
        result = call()
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(getattr(error, "messages", None) or [str(error)])
        modeladmin.message_user(request, text, messages.ERROR)
    else:
        modeladmin.message_user(request, f"{result}: {done}", messages.SUCCESS)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "check_type", "version", "published_at", "published_by"]
    list_filter = ["check_type"]
    list_select_related = ["published_by"]
    inlines = [CriterionInline]
    actions = ["draft_next_version", "publish"]

    def has_add_permission(self, request):
        return False  # a version is drafted from the latest one, with the action

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_published) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fixed = ["check_type", "version", "created_at", "published_at", "published_by"]
        return [*fixed, "introduction"] if obj is not None and obj.is_published else fixed

    @admin.action(description="Draft the next version of the chosen checklists")
    def draft_next_version(self, request, queryset):
        for check_type in sorted(set(queryset.values_list("check_type", flat=True))):
            _report(
                self,
                request,
                lambda t=check_type: checklist_draft_create(actor=request.user, check_type=t),
                "draft ready to edit",
            )

    @admin.action(description="Publish the chosen drafts")
    def publish(self, request, queryset):
        for template in queryset.order_by("check_type", "version"):
            _report(
                self,
                request,
                lambda t=template: checklist_publish(actor=request.user, template_id=t.pk),
                "published; new checks use it from now on",
            )


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "template"]
    list_filter = ["template__check_type"]
    list_select_related = ["template"]
    readonly_fields = ["template", "position", "text", "guidance"]

    def has_add_permission(self, request):
        return False  # questions are edited on their draft version

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CheckAnswerInline(admin.TabularInline):
    model = CheckAnswer
    extra = 0
    fields = ["criterion", "answer", "comment", "evidence"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class _ReadOnly:
    """Checks are written by team leaders through the service, never in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QasCheck)
class QasCheckAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["id", "check_type", "dea", "wctl", "observed_on", "result", "acknowledged_at"]
    list_filter = ["check_type", "result"]
    list_select_related = ["dea", "wctl"]
    date_hierarchy = "observed_on"
    inlines = [CheckAnswerInline]


@admin.register(CheckAnswer)
class CheckAnswerAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["qas_check", "criterion", "answer"]
    list_select_related = ["qas_check__dea", "criterion"]


@admin.register(PlannedObservation)
class PlannedObservationAdmin(admin.ModelAdmin):
    list_display = ["activity", "wctl", "check_type", "created_at"]
    list_select_related = ["activity", "wctl"]
    raw_id_fields = ["activity", "wctl"]
