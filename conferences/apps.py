from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"

    def ready(self):
        from conferences.services import support_request_accept
        from conferences.views.home import actions_panel, work_panel
        from conferences.views.request_work import support_request_work
        from dea_support.extensions import register_acceptor, register_work_list
        from jomcase.home import register_panel

        register_panel(work_panel)
        register_panel(actions_panel)
        # The request page (dea_support) accepts through this app and lists the work it made.
        register_acceptor(support_request_accept)
        register_work_list(support_request_work)
