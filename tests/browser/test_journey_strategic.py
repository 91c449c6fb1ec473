"""Journey 4: a proposal reaches the strategic table. The pilot sends a proposal adopted by a
tactical table to the strategic table's next meeting; an executive, signed in with two-factor
authentication, reads the chain from the field to the proposal and records a position."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from playwright.sync_api import expect

from tests.browser.journey import check, photograph, sign_in, sign_out
from tests.factories import enable_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROPOSAL = "Hébergement temporaire réservé pour les logements insalubres"
DYSFUNCTION = "Sortie d'hospitalisation le vendredi soir sans relais infirmier (Langeais)"
POSITION = "Favorable, sous réserve d'un bilan à six mois."


def menu(page, name):
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name=name).click()


def open_the_proposal(page):
    menu(page, "Propositions")
    page.get_by_role("link", name=PROPOSAL).click()
    expect(page.locator("h1")).to_contain_text(PROPOSAL)


def pilot_sends_the_proposal_to_the_strategic_table(page):
    sign_in(page, "pilote@example.org")
    open_the_proposal(page)
    check(page)
    action = page.locator("details", has_text="Soumettre à une table stratégique")
    action.locator("summary").click()
    action.get_by_label("Table stratégique").select_option(label="Table stratégique de Touraine")
    action.get_by_role("button", name="Soumettre à une table stratégique").click()
    expect(page.locator("main")).to_contain_text("Soumise à la table stratégique")
    action = page.locator("details", has_text="Inscrire à l'ordre du jour de la table stratégique")
    action.locator("summary").click()
    meeting = action.get_by_label("Séance de la table stratégique")
    meeting.select_option(index=1)  # the next meeting comes first
    action.get_by_role("button", name="Inscrire à l'ordre du jour de la table stratégique").click()
    expect(page.locator("main")).to_contain_text("À l'ordre du jour de la table stratégique")
    check(page)
    sign_out(page)


def executive_signs_in_with_two_factor(page, secret):
    page.goto("/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_role("textbox", name="E-mail").fill("decideur@example.org")
    page.get_by_label("Mot de passe").fill("tablee-demo")
    page.get_by_role("button", name="Se connecter").click()
    # The second factor: the code of the authenticator application, computed here as the
    # application would (the same TOTP algorithm as the portal's authentication library).
    expect(page.locator("h1")).to_have_text("Authentification à deux facteurs")
    code = page.get_by_label("Code")
    check(page, english=False)
    counters = list(yield_hotp_counters_from_time())  # around the current 30-second step
    code.fill(format_hotp_value(hotp_value(secret, counters[len(counters) // 2])))
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")


def executive_reads_the_chain_and_gives_a_position(page, secret):
    executive_signs_in_with_two_factor(page, secret)
    check(page)
    awaiting = page.get_by_role("region", name="Propositions en attente de mon avis")
    awaiting.get_by_role("link", name=re.compile(PROPOSAL)).click()
    expect(page.locator("h1")).to_contain_text(PROPOSAL)
    # The chain: the dysfunction from the field, what the tactical table made of it.
    main = page.locator("main")
    expect(main).to_contain_text(DYSFUNCTION)
    expect(main).to_contain_text("Adoptée par la table tactique")
    check(page)
    photograph(page, "proposal-executive")
    page.get_by_role("radio", name="Favorable", exact=True).check()
    page.get_by_label("Commentaire").fill(POSITION)
    page.get_by_role("button", name="Enregistrer mon avis").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(main).to_contain_text(POSITION)
    check(page, english=False)
    menu(page, "Mon espace")
    expect(
        page.get_by_role("region", name="Propositions en attente de mon avis")
    ).not_to_contain_text(PROPOSAL)
    sign_out(page)


def test_executive_with_two_factor_reads_the_chain_and_gives_a_position(journey_page):
    from portal.models import User

    secret = enable_mfa(User.objects.get(email="decideur@example.org"))
    page = journey_page
    mail.outbox.clear()
    pilot_sends_the_proposal_to_the_strategic_table(page)
    executive_reads_the_chain_and_gives_a_position(page, secret)
