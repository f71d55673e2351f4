from django.apps import AppConfig


class QasConfig(AppConfig):
    name = "qas"
    verbose_name = "Quality Assurance Standards"

    def ready(self):
        from jomcase.home import register_panel
        from qas.views import home_panel

        register_panel(home_panel)
