"""Admin for strategies: read here with their history, written only through the services
(by the lead DEA, the owner and the action owners)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import Strategy, StrategyAction


class _ReadOnly:
    """Strategies and their actions are service-owned records."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StrategyActionInline(_ReadOnly, admin.TabularInline):
    model = StrategyAction
    extra = 0
    fields = ["team", "description", "owner", "partner_name", "due", "done_at"]
    readonly_fields = fields


@admin.register(Strategy)
class StrategyAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["title", "kind", "state", "dea", "owner", "created_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["dea", "owner"]
    search_fields = ["title"]
    inlines = [StrategyActionInline]


@admin.register(StrategyAction)
class StrategyActionAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["strategy", "team", "owner", "due", "done_at"]
    list_filter = ["team"]
    list_select_related = ["strategy", "owner"]
