from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from jomcase.home import register_panel
        from reports.views import home_panel

        register_panel(home_panel)
