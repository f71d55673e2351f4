"""Values every page template needs."""

from django.conf import settings


def service(request):
    return {"service_name": "JOMCase", "demo_mode": settings.DEMO_MODE}
