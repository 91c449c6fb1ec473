"""Journey 4: a proposal reaches the strategic table. The pilot sends a proposal adopted by a
tactical table to the strategic table's next meeting; an executive, signed in with two-factor
authentication, reads the chain from the field to the proposal and records a position. On the
day of the meeting the pilot records the table's decision from the meeting's agenda; the filer
of the dysfunction it answers is told, and, weeks after its closing, answers the feedback."""

import re
from datetime import timedelta

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


DECISION = "Approuvée : dix places d'hébergement temporaire réservées dès janvier."


def the_day_of_the_meeting_comes(meeting):
    """Time passes: the strategic meeting begins (an hour ago, for two hours)."""
    from django.utils import timezone

    from meetings.apps import meetings_changed
    from meetings.models import Meeting

    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    meetings_changed()  # written without signals: what the pages kept of it is not read again


def pilot_records_the_decision_in_the_meeting(page):
    from register.models import Proposal

    sign_in(page, "pilote@example.org")
    open_the_proposal(page)
    # The chain links the strategic meeting where the proposal is on the agenda.
    chain = page.get_by_role("table", name=re.compile("Les séances où la proposition"))
    chain.get_by_role("row", name=re.compile("à l'ordre du jour")).get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("Table stratégique")
    convene = page.get_by_role("button", name="Envoyer la convocation")
    if convene.count():
        convene.click()
        expect(page.get_by_role("status")).to_be_visible()
    meeting = Proposal.objects.get(title=PROPOSAL).scheduled_in
    the_day_of_the_meeting_comes(meeting)
    page.reload()
    reference = Proposal.objects.get(title=PROPOSAL).reference
    page.get_by_role(
        "link", name=f"Enregistrer la décision de la table stratégique sur {reference}"
    ).click()
    action = page.locator("details#action-decider")
    expect(action).to_have_attribute("open", "")
    chosen = action.get_by_label("Séance stratégique où la table a décidé")
    expect(chosen).to_have_value(str(meeting.pk))
    check(page, english=False)
    action.get_by_role("radio", name="Approuvée", exact=True).check()
    action.get_by_label("Motif").fill(DECISION)
    action.get_by_role("button", name="Enregistrer la décision de la table stratégique").click()
    expect(page.get_by_role("status")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Décidée lors de la séance stratégique")
    expect(main).to_contain_text(DECISION)
    check(page)
    photograph(page, "proposal-decided")
    # The meeting is held now, and lists what it decided.
    chain = page.get_by_role("table", name=re.compile("Les séances où la proposition"))
    chain.get_by_role("row", name=re.compile("décidée : Approuvée")).get_by_role(
        "link"
    ).first.click()
    expect(page.locator("main")).to_contain_text("Tenue")
    decided = page.get_by_role("region", name="Propositions décidées lors de cette séance")
    expect(decided).to_contain_text(PROPOSAL)
    check(page)
    sign_out(page)


def filer_is_told(page, dysfunction):
    filer = dysfunction.filer
    told = [m for m in mail.outbox if filer.email in m.to and dysfunction.reference in m.subject]
    assert told and any(DECISION in m.body for m in told), [m.subject for m in mail.outbox]
    sign_in(page, filer.email)
    page.get_by_role("link", name=re.compile(r"nouvelles? notifications?")).click()
    expect(page.locator("main")).to_contain_text(dysfunction.reference)
    expect(page.locator("main")).to_contain_text(DECISION)
    check(page)
    sign_out(page)


def pilot_closes_the_dysfunction(page, dysfunction):
    sign_in(page, "pilote@example.org")
    open_the_proposal(page)
    page.get_by_role("link", name=re.compile(dysfunction.reference)).first.click()
    expect(page.locator("h1")).to_contain_text(dysfunction.reference)
    action = page.locator("details", has_text="Clore")
    action.locator("summary").click()
    action.get_by_label("Motif").fill("Les places sont ouvertes depuis le 4 janvier.")
    action.get_by_role("button", name="Clore").click()
    expect(page.get_by_role("status")).to_be_visible()
    sign_out(page)


def filer_answers_the_feedback(page, dysfunction):
    """Weeks later the daily task asks the filer whether things changed; they answer from the
    e-mail's link and confirm on the page it opens."""
    from datetime import timedelta as delta

    from django.utils import timezone

    from register.services import feedback_request_due
    from register.services.checks import feedback_delay

    mail.outbox.clear()
    feedback_request_due(now=timezone.now() + feedback_delay() + delta(days=1))
    (asked,) = [m for m in mail.outbox if dysfunction.filer.email in m.to]
    links = dict(re.findall(r"^- (.+?): (http\S+)$", asked.body, re.MULTILINE))
    page.goto(links["En partie"])
    expect(page.locator("h1")).to_have_text("Les choses ont-elles changé ?")
    check(page, english=False)
    page.get_by_role("button", name="Confirmer ma réponse").click()
    expect(page.locator("main")).to_contain_text("Merci")
    check(page, english=False)


def test_executive_gives_a_position_the_table_decides_and_the_filer_answers(journey_page):
    from portal.models import User
    from register.models import Proposal

    secret = enable_mfa(User.objects.get(email="decideur@example.org"))
    page = journey_page
    pilot_sends_the_proposal_to_the_strategic_table(page)
    executive_reads_the_chain_and_gives_a_position(page, secret)
    mail.outbox.clear()
    pilot_records_the_decision_in_the_meeting(page)
    dysfunction = Proposal.objects.get(title=PROPOSAL).dysfunctions.select_related("filer").get()
    filer_is_told(page, dysfunction)
    pilot_closes_the_dysfunction(page, dysfunction)
    filer_answers_the_feedback(page, dysfunction)
