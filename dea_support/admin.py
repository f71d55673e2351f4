"""Django admin for cohorts. Adding a member here goes through the same 30-coach rule."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from dea_support.models import Cohort, CohortMembership
from dea_support.services import cohort_member_add
from jomcase.errors import RuleViolation


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["dea", "created_at"]
    list_select_related = ["dea"]
    autocomplete_fields = ["dea"]
    search_fields = ["dea__username", "dea__last_name"]


@admin.register(CohortMembership)
class CohortMembershipAdmin(admin.ModelAdmin):
    list_display = ["cohort", "work_coach", "start", "end"]
    list_select_related = ["cohort__dea", "work_coach"]
    autocomplete_fields = ["cohort", "work_coach"]
    list_filter = ["cohort"]

    def get_readonly_fields(self, request, obj=None):
        # Once made, only the end date changes; the rule is checked when a member is added.
        return ["cohort", "work_coach", "start"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            created = cohort_member_add(
                actor=request.user,
                cohort_id=obj.cohort_id,
                work_coach_id=obj.work_coach_id,
                start=obj.start,
                end=obj.end,
            )
        except (RuleViolation, ValidationError) as error:
            messages.error(request, getattr(error, "detail", None) or "; ".join(error.messages))
            raise
        obj.pk = created.pk
