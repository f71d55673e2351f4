"""Django admin for claimants. Opening a claimant here is logged like any other read."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claimants.models import CaseloadTransfer, Claimant, SixPointPlanRecord
from jomcase.services import access_log_record


class CaseloadTransferInline(admin.TabularInline):
    model = CaseloadTransfer
    extra = 0
    fk_name = "claimant"
    readonly_fields = ["from_work_coach", "to_work_coach", "at", "by", "reason"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claimant)
class ClaimantAdmin(SimpleHistoryAdmin):
    list_display = ["nino", "surname", "forenames", "work_coach", "regime", "non_benefit"]
    list_filter = ["regime", "conditionality", "non_benefit"]
    list_select_related = ["work_coach"]
    search_fields = ["=nino", "surname"]
    autocomplete_fields = ["work_coach"]
    readonly_fields = ["non_benefit", "created_at", "updated_at"]
    inlines = [CaseloadTransferInline]
    show_full_result_count = False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            access_log_record(staff=request.user, record=obj, via="admin:claimant")
        return response


@admin.register(CaseloadTransfer)
class CaseloadTransferAdmin(admin.ModelAdmin):
    list_display = ["claimant", "from_work_coach", "to_work_coach", "at", "by"]
    list_select_related = ["claimant", "from_work_coach", "to_work_coach", "by"]
    autocomplete_fields = ["claimant", "from_work_coach", "to_work_coach", "by"]


@admin.register(SixPointPlanRecord)
class SixPointPlanRecordAdmin(SimpleHistoryAdmin):
    """Read-only: records are written and reviewed through the service's pages and API, which
    check who may record and review, tell the team leader and keep the history [37]."""

    list_display = ["claimant", "declared_on", "recorded_by", "recorded_at", "reviewed_at"]
    list_select_related = ["claimant", "recorded_by"]
    search_fields = ["=claimant__nino", "claimant__surname"]
    date_hierarchy = "recorded_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
