from django.apps import AppConfig


class DeaSupportConfig(AppConfig):
    name = "dea_support"
    verbose_name = "DEA support"

    def ready(self):
        from dea_support.views import home_panel
        from jomcase.home import register_panel

        register_panel(home_panel)
