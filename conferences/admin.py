"""Admin for the DEA's work; states change only through services, so they are read-only here."""

from django.contrib import admin

from conferences.models import Activity, AgendaCase


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "state", "dea", "work_coach", "created_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["dea", "work_coach"]
    readonly_fields = ["state", "support_request", "claimant", "created_by", "created_at"]
    raw_id_fields = ["dea", "work_coach"]


@admin.register(AgendaCase)
class AgendaCaseAdmin(admin.ModelAdmin):
    list_display = ["id", "cohort", "support_request", "nominated_by", "nominated_at"]
    list_select_related = ["cohort__dea", "support_request", "nominated_by"]
    raw_id_fields = ["cohort", "support_request", "claimant", "nominated_by"]
