from django.apps import AppConfig


class DeaSupportConfig(AppConfig):
    name = "dea_support"
    verbose_name = "DEA support"

    def ready(self):
        from dea_support.views.cohorts import home_panel
        from dea_support.views.request_lists import inbox_panel, requests_panel
        from jomcase.home import register_panel

        register_panel(inbox_panel)
        register_panel(requests_panel)
        register_panel(home_panel)
