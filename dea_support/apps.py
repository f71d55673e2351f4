from django.apps import AppConfig


class DeaSupportConfig(AppConfig):
    name = "dea_support"
    verbose_name = "DEA support"

    def ready(self):
        from claimants.extensions import register_visibility_rule
        from dea_support.permissions import (
            can_file_any_support_request,
            referred_claimant_visibility,
        )
        from dea_support.views.cohorts import home_panel
        from dea_support.views.request_lists import inbox_panel, requests_panel
        from jomcase.home import register_panel
        from jomcase.templatetags.govuk import register_navigation_rule

        register_panel(inbox_panel)
        register_panel(requests_panel)
        register_panel(home_panel)
        # A DEA sees the claimants referred to them; claimants cannot import this app.
        register_visibility_rule(referred_claimant_visibility)
        # Only those with a requester's role see "Request DEA support" (the filing rule).
        register_navigation_rule("support_requests:new", can_file_any_support_request)
