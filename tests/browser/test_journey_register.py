"""Journey 2: a case manager files a dysfunction, offered the similar gaps the tables know while
she types; the first attempt names a patient and is refused with every field kept; corrected,
it reaches the pilot, who triages it; the case manager then sees the pilot's decision on its
timeline and in their notifications."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import check, photograph, sign_in, sign_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Pas de relais infirmier le samedi après une sortie d'hôpital"
NAMING = "Mme Josette Pelletier est rentrée chez elle samedi sans passage infirmier."
SITUATION = "Une patiente de 84 ans est rentrée chez elle un samedi sans passage infirmier."


def case_manager_files(page):
    sign_in(page, "gestionnaire@example.org")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Registre"
    ).click()
    check(page)
    page.get_by_role("link", name="Signaler un dysfonctionnement").first.click()
    expect(page.locator("h1")).to_have_text("Signaler un dysfonctionnement")
    check(page)
    photograph(page, "register-file")
    page.get_by_label("Titre").press_sequentially(TITLE)
    # While she types, the similar gaps the tables already know are offered (« moi aussi »),
    # each with its button, before anything is sent.
    similar = page.get_by_role("region", name="Déjà connu des tables ?")
    expect(similar).to_be_visible()
    expect(similar.get_by_role("listitem").first).to_contain_text(re.compile(r"D-\d{4}"))
    expect(
        similar.get_by_role("button", name="Moi aussi : y ajouter mes situations").first
    ).to_be_visible()
    check(page, english=False)
    page.get_by_label("Ce qui s'est passé").fill(NAMING)
    page.get_by_label("Commune").fill("tours")
    page.get_by_role("button", name=re.compile(r"^Tours \(")).click()
    page.get_by_label("Thématique").select_option(index=1)
    page.get_by_label("Date du constat").fill("2026-11-21")
    page.get_by_label("Public concerné").select_option(index=1)
    page.get_by_label("Tranche d'âge").select_option(index=1)
    page.get_by_label("Impact").select_option(index=1)
    page.get_by_role("button", name="Envoyer au pilote").click()

    # Refused: the name is pointed at, and nothing typed is lost.
    expect(page.locator(".field-invalid").first).to_be_visible()
    expect(page.get_by_text("nom d'une personne").first).to_be_visible()
    expect(page.get_by_label("Titre")).to_have_value(TITLE)
    expect(page.get_by_label("Date du constat")).to_have_value("2026-11-21")
    expect(page.get_by_label("Ce qui s'est passé")).to_have_value(NAMING)
    check(page, english=False)

    page.get_by_label("Ce qui s'est passé").fill(SITUATION)
    # The similar gaps are offered again with what she typed; she has seen them and hers is
    # another one, so sending files it at once.
    expect(similar).to_be_visible()
    page.get_by_role("button", name="Envoyer au pilote").click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    reference = page.locator("h1").inner_text().split(" · ")[0]
    assert re.fullmatch(r"D-\d{4}", reference)
    check(page)
    sign_out(page)
    return reference


def pilot_triages(page, reference):
    sign_in(page, "pilote@example.org")
    page.get_by_role("region", name="Dysfonctionnements à trier").get_by_role(
        "link", name=re.compile(reference)
    ).click()
    expect(page.locator("h1")).to_contain_text(reference)
    check(page)
    photograph(page, "register-triage")
    action = page.locator("details", has_text="Demander des précisions")
    action.locator("summary").click()
    action.get_by_label("Motif").fill("Quel service a organisé la sortie ?")
    action.get_by_role("button", name="Demander des précisions").click()
    expect(page.get_by_role("status")).to_be_visible()
    sign_out(page)


def case_manager_sees_the_decision(page, reference):
    sign_in(page, "gestionnaire@example.org")
    # The landing page says something new happened.
    page.get_by_role("link", name=re.compile(r"nouvelles? notifications?")).click()
    expect(page.locator("main")).to_contain_text(reference)
    check(page)
    page.get_by_role("link", name=re.compile(reference)).first.click()
    timeline = page.locator(".register-timeline")
    expect(timeline).to_contain_text("Quel service a organisé la sortie ?")
    check(page)
    photograph(page, "register-timeline")


def test_case_manager_files_pilot_triages_filer_is_told(journey_page):
    reference = case_manager_files(journey_page)
    pilot_triages(journey_page, reference)
    case_manager_sees_the_decision(journey_page, reference)
