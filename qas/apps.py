from django.apps import AppConfig


class QasConfig(AppConfig):
    name = "qas"
    verbose_name = "Quality Assurance Standards"

    def ready(self):
        from conferences.extensions import register_activity_sections
        from jomcase.home import register_panel
        from qas.selectors.checks import activity_sections
        from qas.views import home_panel

        register_panel(home_panel)
        # A DEA's team leader starts the QAS check of a held activity from its page.
        register_activity_sections(activity_sections)
