"""Middleware of the service."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class ServiceNotFoundPage:
    """With DEBUG on, answer an unknown or hidden address with the service's "Page not found".

    Django's technical 404 page lists every URL pattern; under `make run` anyone signed in
    would see it. DEBUG_TECHNICAL_404 brings it back for a developer who needs it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # An address that matches no pattern never reaches a view, so process_exception
        # cannot see it: its 404 is already Django's page by the time it comes back here.
        if response.status_code == 404 and request.resolver_match is None and _replacing():
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        """A view's Http404 (a record that does not exist or is hidden from this person)."""
        if isinstance(exception, Http404) and _replacing():
            return page_not_found(request, exception)
        return None


def _replacing() -> bool:
    return settings.DEBUG and not settings.DEBUG_TECHNICAL_404
