"""Production settings pass Django's deployment checklist and refuse to start without a key.

Both run ``manage.py`` in a fresh process, because settings are read once at start-up. The
process inherits DATABASE_URL when it is set; without it, it joins the embedded server.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import warnings

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "ALLOWED_HOSTS": "jomcase.example.gov.uk",
    # Pinned so that a developer's .env cannot loosen what is being checked.
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **PRODUCTION, DJANGO_SECRET_KEY="")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr, result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", **PRODUCTION, DJANGO_SECRET_KEY="too-short")

    assert result.returncode != 0
    assert "50 or more characters" in result.stderr, result.stderr


def test_development_checks_pass_on_a_fresh_clone(tmp_path):
    """Before anything is built or collected: static/ is kept in git by its placeholder, and
    STATIC_ROOT may not exist yet."""
    assert (settings.BASE_DIR / "static" / ".gitkeep").is_file()
    result = manage(
        "check",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="true",
        STATIC_ROOT=str(tmp_path / "not-collected"),
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_whitenoise_in_tests_looks_up_files_as_asked_and_does_not_warn(settings, tmp_path):
    """A test run collects no static files, so WhiteNoise must not index (or miss) STATIC_ROOT."""
    settings.STATIC_ROOT = tmp_path / "not-collected"
    assert settings.WHITENOISE_AUTOREFRESH
    assert settings.WHITENOISE_USE_FINDERS

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        middleware = WhiteNoiseMiddleware(lambda request: None)

    assert [str(w.message) for w in caught] == []
    # The built assets are still served, from where `make assets` puts them.
    if (settings.BASE_DIR / "static" / "build" / "app.css").exists():
        assert middleware.find_file(f"{settings.STATIC_URL}build/app.css")
