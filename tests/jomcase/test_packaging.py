"""Every app of the project ships: the package list in pyproject.toml and the Dockerfile's
copies name each local app in INSTALLED_APPS, so a new app is never left out of the image."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def local_apps() -> set[str]:
    names = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    return {name for name in names if (ROOT / name / "__init__.py").exists()}


def test_the_local_apps_are_found():
    assert {"jomcase", "claimants", "dea_support", "conferences", "partnerships"} <= local_apps()


def test_pyproject_packages_every_app():
    found = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    included = {pattern.rstrip("*") for pattern in found["packages"]["find"]["include"]}
    assert local_apps() <= included


def test_the_image_copies_every_app():
    dockerfile = (ROOT / "Dockerfile").read_text()
    missing = [name for name in local_apps() if f"COPY {name}/ {name}/" not in dockerfile]
    assert missing == []
