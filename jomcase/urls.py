"""URLs: pages per app, the API under /api/, the schema and docs, and the Django admin."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import IsAuthenticated

from jomcase import api as core_api
from jomcase import views


class ApiDocsView(SpectacularSwaggerView):
    """The interactive docs, for signed-in staff: anyone else signs in first and comes back."""

    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


api_patterns = [
    path("auth/token/", core_api.TokenView.as_view(), name="api-token"),
    path("me/", core_api.MeView.as_view(), name="api-me"),
    path("notifications/", core_api.NotificationList.as_view(), name="api-notifications"),
    path(
        "notifications/read/", core_api.NotificationsRead.as_view(), name="api-notifications-read"
    ),
    path("", include("claimants.api_urls")),
    path("", include("dea_support.api_urls")),
    path("", include("conferences.api_urls")),
    path("", include("conferences.api_groups_urls")),
    path("", include("conferences.api_activities_urls")),
    path("", include("qas.api_urls")),
    path("", include("partnerships.api_urls")),
    path("", include("reports.api_urls")),
    # The API's description is for its users, signed in by session or token, like the rest.
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="api-schema",
    ),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed_out"),
    path("healthz/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path(
        "notifications/<int:notification_id>/open/",
        views.notification_follow,
        name="notification_open",
    ),
    path("claimants/", include("claimants.urls")),
    path("cohorts/", include("dea_support.urls")),
    path("requests/", include("dea_support.request_urls")),
    path("work/", include("conferences.urls")),
    path("qas/", include("qas.urls")),
    path("strategies/", include("partnerships.urls")),
    path("partners/", include("partnerships.partner_urls")),
    path("reports/", include("reports.urls")),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "JOMCase administration"
admin.site.site_title = "JOMCase administration"
