"""What every journey does at each step: look at the page as the user sees it, check it with
axe-core for WCAG 2 A and AA rules (in French, and again in English for pages reached by a
link), and photograph the key pages at desktop and phone widths for the README."""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """The A and AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_A_AA,
    )
    return result


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n" + json.dumps(violations, indent=1, ensure_ascii=False)


def _set_language(page, code):
    host = urlsplit(page.url).hostname
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "domain": host, "path": "/"}]
    )


def check(page, *, english=True):
    """Check the page in French; then, for a page reached by a link (safe to load again), in
    English too, and back to French."""
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)
    if english:
        _set_language(page, "en")
        page.reload()
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)
        _set_language(page, "fr")
        page.reload()


def photograph(page, name):
    """docs/screenshots/<name>-desktop.png and <name>-phone.png, when TABLEE_SCREENSHOTS is set
    (.ci/run sets it; the README shows them)."""
    if not os.environ.get("TABLEE_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=False)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=False)
    page.set_viewport_size(DESKTOP)


def sign_in(page, email, password="tablee-demo"):
    """From the home page, through the header's sign-in link."""
    page.goto("/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_role("textbox", name="E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")


def sign_out(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
