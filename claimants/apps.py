from django.apps import AppConfig


class ClaimantsConfig(AppConfig):
    name = "claimants"

    def ready(self):
        from claimants.views import home_panel
        from jomcase.home import register_panel

        register_panel(home_panel)
