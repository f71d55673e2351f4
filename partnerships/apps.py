from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "The DEA's wider work"

    def ready(self):
        from jomcase.home import register_panel
        from partnerships.views import home_panel

        # The home page leads DEAs, their team leaders and partners to their strategies.
        register_panel(home_panel)
