"""Playwright driving Debian's Chromium against the live test server."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between page actions are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _new_page(browser, **options):
    # axe is injected as an inline script, which the site's CSP rightly forbids.
    context = browser.new_context(
        bypass_csp=True,
        locale="nl-BE",
        viewport={"width": 1280, "height": 900},
        **options,
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def blank_page(browser):
    """A browser tab with no server behind it."""
    context, page = _new_page(browser)
    yield page
    context.close()


@pytest.fixture
def page(browser, live_server):
    """A browser tab whose relative URLs go to the live test server."""
    context, page = _new_page(browser, base_url=live_server.url)
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the current page, as readable lines.

    A click that navigates returns before the next document exists; axe then lands
    in a page being replaced ("Cannot read properties of null", "Execution context
    was destroyed"). So wait for the page to load, and run axe again on the new one.
    """
    from playwright.sync_api import Error

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                WCAG_21_AA,
            )
            break
        except Error:
            if attempt == 2:
                raise
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + json.dumps([node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def assert_accessible(page, where: str) -> None:
    """Fail with axe's findings when the current page has WCAG 2.1 A/AA violations."""
    violations = axe_violations(page)
    assert not violations, f"{where}: " + "\n".join(violations)


def log_in(page, user, password: str) -> None:
    """Log in through the login form and land on "Mijn leertraject"."""
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label(re.compile("^Wachtwoord:?$")).fill(password)
    page.get_by_role("button", name="Aanmelden").last.click()
    page.wait_for_url("**/mijn-leertraject/")
