"""Journey 1: a partner searches the directory (accents, facets), orients a person by age and
commune, opens a service and proposes a change to their own organisation's entry; the pilot
approves it, and a visitor sees the change."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import check, photograph, sign_in, sign_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_SUMMARY = "Repas livrés chez vous du lundi au samedi, y compris les jours fériés."


def partner_searches_and_orients(page):
    sign_in(page, "partenaire@example.org")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Annuaire"
    ).click()
    expect(page.locator("h1")).to_have_text("Annuaire : qui fait quoi")
    check(page)
    photograph(page, "directory-search")

    # Words typed without their accents find the accented entries.
    page.get_by_label("Que cherchez-vous ?").fill("repas a domicile")
    page.get_by_label("Âge de la personne").fill("82")
    # The commune is searched, not picked from a list of the region's thousands.
    page.get_by_label("Commune où vit la personne").fill("tours")
    page.get_by_role("button", name=re.compile(r"^Tours \(")).click()
    expect(page.locator(".directory-person .searched-select-chosen")).to_contain_text("Tours")
    page.get_by_role("button", name="Rechercher").click()
    results = page.locator(".directory-results")
    expect(results.locator("h2").first).to_contain_text("accueilleraient cette personne")
    expect(results.get_by_role("link", name="Portage de repas à domicile – Tours")).to_be_visible()
    check(page)
    photograph(page, "directory-results")

    # A facet narrows the results.
    facets = page.get_by_role("complementary", name="Affiner la recherche")
    facets.get_by_role("group", name="Public").get_by_role("checkbox").first.check()
    facets.get_by_role("button", name="Appliquer").click()
    expect(page).to_have_url(re.compile(r"public="))
    expect(page.get_by_label("Âge de la personne")).to_have_value("82")

    page.get_by_role("link", name="Portage de repas à domicile – Tours").first.click()
    expect(page.locator("h1")).to_have_text("Portage de repas à domicile – Tours")
    check(page)
    photograph(page, "directory-service")


def partner_proposes_a_change(page):
    page.get_by_role("link", name="Proposer des modifications").click()
    expect(page.locator("h1")).to_contain_text("Proposer des modifications")
    check(page)
    summary = page.get_by_label("Résumé", exact=True)
    summary.fill(NEW_SUMMARY)
    page.get_by_role("button", name="Envoyer pour validation").click()
    expect(page.get_by_role("status")).to_contain_text("envoyées au pilote")
    # Visitors still see the published version until the pilot approves.
    expect(page.get_by_text(NEW_SUMMARY)).to_have_count(0)
    sign_out(page)


def pilot_approves(page):
    sign_in(page, "pilote@example.org")
    awaiting = page.get_by_role("region", name="Annuaire : à valider")
    awaiting.get_by_role("link", name="Portage de repas à domicile – Tours").click()
    expect(page.locator("h1")).to_contain_text("Portage de repas à domicile – Tours")
    expect(page.get_by_text(NEW_SUMMARY).first).to_be_visible()
    check(page)
    photograph(page, "directory-review")
    page.get_by_label("Approuver et publier").check()
    page.get_by_role("button", name="Enregistrer ma décision").click()
    sign_out(page)


def visitor_sees_the_change(page):
    page.goto("/")
    page.get_by_role("link", name="Annuaire").first.click()
    page.get_by_label("Que cherchez-vous ?").fill("portage de repas")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Portage de repas à domicile – Tours").click()
    expect(page.get_by_text(NEW_SUMMARY).first).to_be_visible()
    check(page)


def test_partner_edits_pilot_approves_visitor_sees(journey_page):
    page = journey_page
    partner_searches_and_orients(page)
    partner_proposes_a_change(page)
    pilot_approves(page)
    visitor_sees_the_change(page)
