"""Browser tests drive Debian's chromium (the `chromium` executable on PATH) through Playwright;
no browser is downloaded."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's database is
# reached from test code between browser steps only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make setup` (it installs Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(live_server, settings):
    """The demo territory (seed_demo), served by the live server; the demo accounts' two-factor
    exemption applies as in development, unless a journey turns two-factor on itself."""
    from django.core.management import call_command

    settings.TABLEE_ALLOW_DEMO_MFA_EXEMPTION = True
    settings.TABLEE_SITE_URL = live_server.url
    call_command("seed_demo", verbosity=0)
    return live_server


@pytest.fixture
def journey_page(browser, demo):
    """A French browser tab on the demo. axe-core is injected by the tests, so the page's
    Content-Security-Policy is bypassed for that script only in this browser context."""
    from tests.browser.journey import DESKTOP

    context = browser.new_context(
        base_url=demo.url, locale="fr-FR", bypass_csp=True, viewport=DESKTOP
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
