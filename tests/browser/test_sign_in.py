"""A person signs in, lands on their space, switches to English, and reaches content with the
keyboard through the skip link."""

import pytest

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_partner_signs_in_and_switches_language(page):
    organisation = OrganisationFactory(name="CCAS de Joué-lès-Tours")
    user = UserFactory(email="julien.roussel@exemple.fr")
    MembershipFactory(user=user, organisation=organisation)

    page.goto("/comptes/connexion/")
    assert page.locator("h1").inner_text() == "Se connecter"
    page.get_by_role("textbox", name="E-mail").fill("julien.roussel@exemple.fr")
    page.get_by_label("Mot de passe").fill("tablee-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")
    assert page.locator("h1").inner_text() == "Mon espace"
    assert "CCAS de Joué-lès-Tours" in page.content()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "My space"
    assert page.locator("html").get_attribute("lang") == "en"


def test_skip_link_is_the_first_focus_and_leads_to_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#contenu"
    assert page.locator(".skip-link").is_visible()
