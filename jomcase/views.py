"""Sign in and out, each role's home page, notifications, the health check and the icon."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from jomcase.forms import SignInForm
from jomcase.models import Notification
from jomcase.permissions import is_administrator, is_analyst
from jomcase.selectors import (
    home_summary,
    notification_of,
    notifications_for,
    unread_notification_count,
)
from jomcase.services import notification_open, notifications_mark_read

NOTIFICATIONS_PER_PAGE = 25
# The same file the pages link to as a static file.
FAVICON = Path(__file__).resolve().parent / "static" / "jomcase" / "favicon.ico"


class SignInView(auth_views.LoginView):
    template_name = "jomcase/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only), then show the signed-out page on its own address."""

    next_page = "signed_out"


class SignedOutView(TemplateView):
    template_name = "jomcase/signed_out.html"

    def get(self, request, *args, **kwargs):
        # Only someone who has just signed out should be told they have.
        if request.user.is_authenticated:
            return redirect("home")
        return super().get(request, *args, **kwargs)


@login_required
def home(request):
    """A home page that lists what the signed-in person's roles let them do."""
    context = home_summary(request.user)
    context["is_administrator"] = is_administrator(request.user)
    # The Django admin lets in staff accounts only.
    context["can_use_admin"] = context["is_administrator"] and request.user.is_staff
    context["is_analyst"] = is_analyst(request.user)
    return render(request, "jomcase/home.html", context)


@login_required
def notifications(request):
    """The signed-in person's notifications, newest first, with the unread ones marked."""
    page = Paginator(notifications_for(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "jomcase/notifications.html",
        {"page": page, "unread": unread_notification_count(request.user)},
    )


@login_required
def notification_follow(request, notification_id: int):
    """Follow a notification's link (from the list or its e-mail): it is read from now on.

    Only its recipient may (anyone else: 404), and only to a page of the service; one that
    leads nowhere here goes back to the list.
    """
    try:
        notification = notification_of(request.user, notification_id)
    except Notification.DoesNotExist:
        raise Http404("No notification found") from None
    return redirect(notification_open(notification=notification) or "notifications")


@require_POST
@login_required
def notifications_read(request):
    """Mark every unread notification of the signed-in person as read."""
    marked = notifications_mark_read(recipient=request.user)
    if marked:
        messages.success(
            request, f"{marked} notification{'s' if marked != 1 else ''} marked as read"
        )
    return redirect("notifications")


@cache_control(max_age=24 * 60 * 60, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links to (and for the API's answers)."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
