"""Django admin for the reports: loads of FTE returns (read only) and contracted FTE.

Returns are written only by the services, a month at a time, so that the month's totals stay
in step with them; the admin shows the loads and lets administrators keep the contracted FTE
that the monthly snapshot uses.
"""

from django.contrib import admin

from reports.models import FteImport, StaffFte


@admin.register(FteImport)
class FteImportAdmin(admin.ModelAdmin):
    list_display = ["month", "source", "row_count", "total_fte", "imported_at", "replaced_at"]
    list_filter = ["source"]
    date_hierarchy = "month"
    readonly_fields = [f.name for f in FteImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffFte)
class StaffFteAdmin(admin.ModelAdmin):
    list_display = ["staff", "fte", "start", "end"]
    autocomplete_fields = ["staff"]
    search_fields = ["staff__username", "staff__last_name"]
