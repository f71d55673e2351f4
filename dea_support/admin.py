"""Django admin for cohorts.

Memberships are read-only here: adding or ending one must pass through the 30-coach rule in
dea_support.services, which the cohort page (open to administrators too) calls.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from dea_support.models import Cohort, CohortMembership


class CohortMembershipInline(admin.TabularInline):
    model = CohortMembership
    fk_name = "cohort"
    extra = 0
    can_delete = False
    fields = readonly_fields = ["work_coach", "start", "end", "added_by", "added_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["dea", "created_at", "manage"]
    list_select_related = ["dea"]
    autocomplete_fields = ["dea"]
    search_fields = ["dea__username", "dea__last_name"]
    inlines = [CohortMembershipInline]

    @admin.display(description="Members")
    def manage(self, cohort):
        url = reverse("dea_support:cohort", args=[cohort.pk])
        return format_html('<a href="{}">Add or remove work coaches</a>', url)


@admin.register(CohortMembership)
class CohortMembershipAdmin(admin.ModelAdmin):
    list_display = ["cohort", "work_coach", "start", "end"]
    list_select_related = ["cohort__dea", "work_coach"]
    list_filter = ["cohort"]
    search_fields = ["work_coach__username", "work_coach__last_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
