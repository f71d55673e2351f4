"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server,
and every page a journey visits is checked with axe-core.

Playwright's browsers are not downloaded; the system Chromium at ``settings.CHROMIUM_PATH`` is
used. Without it these tests are skipped, except under CI (the ``CI`` environment variable),
where a missing browser is a failure so a journey can never pass by not running.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "jomcase-test"  # tests.factories.StaffFactory's password


def _require(path: Path, what: str) -> None:
    if path.exists():
        return
    message = f"{what} not found at {path}"
    if "CI" in os.environ:
        pytest.fail(f"{message}; browser journeys must run under CI", pytrace=False)
    pytest.skip(f"{message}; set CHROMIUM_PATH or install chromium to run browser journeys")


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for the browser journeys, closed when they are done.

    Playwright's sync API runs an event loop in the test thread, and Django refuses database
    calls from a thread with a running loop; the journeys' own setup and the database flush
    between them are synchronous, so Django is told to allow them for exactly as long as the
    loop exists. The test database is made first, before there is a loop.
    """
    _require(Path(settings.CHROMIUM_PATH), "Chromium")
    _require(AXE, "axe-core (run npm ci)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=settings.CHROMIUM_PATH, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        # A process started later (manage.py check --deploy in the settings tests) must not
        # inherit the switch.
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so the page fixture knows whether it failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser, live_server, transactional_db):
    """A fresh browser tab on the live server; a screenshot is kept if the test fails."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    # Script errors (a module that fails to load, say) are kept and checked with axe's results.
    tab.script_errors = []
    tab.on("pageerror", lambda error: tab.script_errors.append(str(error)))
    tab.on(
        "console",
        lambda message: message.type == "error" and tab.script_errors.append(message.text),
    )
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now and fail on any violation, saying where; fail too
    if any script has gone wrong so far, as GOV.UK Frontend's behaviour is part of the page."""
    # A click may have started a navigation whose new document has no <head> yet: axe is
    # added to the page once it has loaded, never to a document still being replaced.
    page.wait_for_load_state("load")
    assert not page.script_errors, f"Script errors on {page.url}: {page.script_errors}"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, f"Accessibility problems on {page.url}:\n" + "\n".join(problems)


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
