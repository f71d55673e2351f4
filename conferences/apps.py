from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"

    def ready(self):
        from claimants.extensions import register_claimant_sections
        from conferences.services import cover_end, support_request_accept, support_requests_cover
        from conferences.views.home import actions_panel, work_panel
        from conferences.views.request_work import support_request_work
        from conferences.views.timeline import timeline_section
        from dea_support.extensions import register_acceptor, register_cover, register_work_list
        from jomcase.home import register_panel

        register_panel(work_panel)
        register_panel(actions_panel)
        # The request pages (dea_support) accept and arrange cover through this app, which
        # creates and moves the requests' work, and list the work a request led to.
        register_acceptor(support_request_accept)
        register_cover(support_requests_cover, cover_end)
        register_work_list(support_request_work)
        # A claimant's record leads to their timeline of DEA support.
        register_claimant_sections(timeline_section)
