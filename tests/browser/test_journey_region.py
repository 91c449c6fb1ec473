"""Journey: the regional coordinator reads the region's territories' indicators side by side,
then searches the directory across the region for a person who moves from one territory to the
other."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import check, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def coordinator_compares_the_territories(page):
    sign_in(page, "coordination@example.org")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Région").click()
    expect(page.locator("h1")).to_have_text("Régions")
    check(page)
    page.get_by_role("link", name="Centre-Val de Loire", exact=True).click()
    expect(page.locator("h1")).to_have_text("Centre-Val de Loire")
    check(page)
    page.get_by_role("link", name="Indicateurs des territoires côte à côte").click()
    expect(page.locator("h1")).to_contain_text("les territoires côte à côte")
    side_by_side = page.locator("table").first
    headers = side_by_side.locator("thead th")
    expect(headers).to_contain_text(["Touraine"])
    expect(headers).to_contain_text(["Blésois"])
    # Each territory's register is counted: a number under each territory.
    first_row = side_by_side.locator("tbody tr").first.locator("td")
    expect(first_row).to_have_count(2)
    for cell in first_row.all():
        expect(cell).to_have_text(re.compile(r"^\d"))
    check(page)


def coordinator_searches_the_region(page):
    page.get_by_role("link", name="Retour à la région").click()
    page.get_by_role("link", name="Chercher dans l'annuaire de toute la région").click()
    expect(page.locator("h1")).to_have_text("Annuaire de la région Centre-Val de Loire")
    page.get_by_label("Que cherchez-vous ?").fill("portage de repas")
    page.get_by_role("button", name="Rechercher").click()
    results = page.locator(".directory-results")
    # Services of both territories answer: Tours (Touraine) and Blois (Blésois).
    expect(results.get_by_role("link", name=re.compile("Tours")).first).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("Blois")).first).to_be_visible()
    check(page)


def test_coordinator_compares_territories_and_searches_the_region(journey_page):
    coordinator_compares_the_territories(journey_page)
    coordinator_searches_the_region(journey_page)
