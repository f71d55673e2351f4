"""Pages of the external partners directory, under /partners/."""

from django.urls import path

from partnerships import partner_views

app_name = "partners"

urlpatterns = [
    path("", partner_views.partners, name="partners"),
    path("<int:partner_id>/", partner_views.partner, name="partner"),
    path("<int:partner_id>/contacts/new/", partner_views.contact_new, name="contact_new"),
]
