"""Sign in and out, each role's home page, and the health check."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from jomcase.forms import SignInForm
from jomcase.selectors import home_summary


class SignInView(auth_views.LoginView):
    template_name = "jomcase/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    template_name = "jomcase/signed_out.html"


@login_required
def home(request):
    """A home page that lists what the signed-in person's roles let them do."""
    return render(request, "jomcase/home.html", home_summary(request.user))


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
