"""Django admin for the organisation, staff, the access log, notifications and job runs."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jomcase.models import (
    AccessLog,
    AdviserType,
    District,
    Jobcentre,
    JobRun,
    LineManagement,
    Notification,
    RoleAssignment,
    Staff,
    Team,
    TeamMembership,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["team"]


class LineManagementInline(admin.TabularInline):
    model = LineManagement
    fk_name = "staff"
    extra = 0
    autocomplete_fields = ["manager"]


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "jobcentre", "adviser_type", "is_active"]
    list_filter = ["is_active", "role_assignments__role", "adviser_type"]
    list_select_related = ["jobcentre", "adviser_type"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["jobcentre"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Organisation", {"fields": ("jobcentre", "adviser_type")}),
    )
    inlines = [RoleAssignmentInline, TeamMembershipInline, LineManagementInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Jobcentre)
class JobcentreAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "nation"]
    list_filter = ["nation", "district"]
    list_select_related = ["district"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "jobcentre", "leader"]
    list_select_related = ["jobcentre", "leader"]
    search_fields = ["name", "jobcentre__name"]
    autocomplete_fields = ["jobcentre", "leader"]


@admin.register(AdviserType)
class AdviserTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["staff", "role", "start", "end"]
    list_filter = ["role"]
    list_select_related = ["staff"]
    autocomplete_fields = ["staff"]
    search_fields = ["staff__username", "staff__last_name"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["staff", "team", "start", "end"]
    list_select_related = ["staff", "team__jobcentre"]
    autocomplete_fields = ["staff", "team"]


@admin.register(LineManagement)
class LineManagementAdmin(admin.ModelAdmin):
    list_display = ["staff", "manager", "start", "end"]
    list_select_related = ["staff", "manager"]
    autocomplete_fields = ["staff", "manager"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and nobody edits it."""

    list_display = ["at", "staff", "record_type", "record_id", "via"]
    list_filter = ["record_type"]
    list_select_related = ["staff"]
    search_fields = ["staff__username", "via", "=record_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the service writes and people only read."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "started_at", "finished_at", "status", "looked_at", "changed"]
    list_filter = ["name", "status"]
    date_hierarchy = "started_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "title", "key"]
    date_hierarchy = "created_at"
