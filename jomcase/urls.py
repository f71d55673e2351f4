"""URLs: pages per app, the API under /api/, the schema and docs, and the Django admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from jomcase import api as core_api
from jomcase import views

api_patterns = [
    path("auth/token/", core_api.TokenView.as_view(), name="api-token"),
    path("me/", core_api.MeView.as_view(), name="api-me"),
    path("", include("claimants.api_urls")),
    path("", include("dea_support.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("healthz/", views.health, name="health"),
    path("claimants/", include("claimants.urls")),
    path("cohorts/", include("dea_support.urls")),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "JOMCase administration"
admin.site.site_title = "JOMCase administration"
