"""Journey 3: the pilot's meeting cycle. The pilot triages a dysfunction, plans a tactical
meeting, builds and reorders its agenda with the dysfunction on it, moves the meeting's date,
convenes it (the e-mail and its calendar invitation are checked in the outbox), adds an item
and sends the members the update the page offers; the member sends her substitute, who is told
by e-mail and answers from her own page; the pilot records the attendance from that answer,
writes and publishes the minutes, and drafts the proposal that carries the dysfunction to the
strategic table."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.journey import check, photograph, sign_in, sign_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Séance extraordinaire : sorties d'hospitalisation"
PLACE = "Maison départementale de la solidarité, Tours"
EXTRA_ITEM = "Point d'étape sur le transport solidaire"
LATE_ITEM = "Calendrier des astreintes de fin d'année"
DYSFUNCTION = re.compile(r"portage de repas au-delà de quinze kilomètres \(Montbazon\)")
MINUTES = "La table demande au CCAS de Joué-lès-Tours d'étudier une seconde tournée."
PROPOSAL = "Seconde tournée de portage de repas pour les hameaux du sud de l'agglomération"


def french_day(day: datetime.date) -> str:
    """The date as the pages write it ("9 janvier 2027")."""
    from django.utils import formats, translation

    with translation.override("fr"):
        return formats.date_format(day, "j F Y")


def pilot_triages(page) -> str:
    sign_in(page, "pilote@example.org")
    check(page)
    page.get_by_role("region", name="Dysfonctionnements à trier").get_by_role(
        "link", name=DYSFUNCTION
    ).click()
    reference = page.locator("h1").inner_text().split(" · ")[0]
    assert re.fullmatch(r"D-\d{4}", reference)
    check(page)
    action = page.locator("details", has_text="Qualifier et publier aux tables")
    action.locator("summary").click()
    action.get_by_role("button", name="Qualifier et publier aux tables").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Qualifié")
    return reference


def pilot_plans_a_meeting(page, day):
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Tables").click()
    check(page)
    page.get_by_role("link", name="Table tactique de Touraine").first.click()
    check(page)
    page.get_by_role("link", name="Prévoir une réunion").click()
    check(page)
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Début").fill("14:00")
    page.get_by_label("Fin").fill("16:00")
    page.get_by_label("Lieu").fill(PLACE)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text(french_day(day))
    check(page)

    # A first item besides the follow-up of earlier decisions.
    page.get_by_role("link", name="Ajouter un point à l’ordre du jour").click()
    check(page)
    page.get_by_label("Titre").fill(EXTRA_ITEM)
    page.get_by_label("Type").select_option(label="Information")
    page.get_by_label("Durée (minutes)").fill("20")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".agenda-item h3")).to_have_count(2)


def pilot_puts_the_dysfunction_on_the_agenda(page, reference):
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Registre"
    ).click()
    page.get_by_label("État").select_option(label="Qualifié")
    page.get_by_label("Commune", exact=True).fill("montbazon")
    page.get_by_role("button", name=re.compile(r"^Montbazon \(")).click()
    page.get_by_role("button", name="Filtrer").click()
    check(page, english=False)
    row = page.get_by_role("row", name=re.compile(reference))
    row.get_by_role("link", name=DYSFUNCTION).click()
    action = page.locator("details", has_text="Inscrire à l'ordre du jour")
    action.locator("summary").click()
    action.get_by_label("Séance de la table tactique").select_option(label=TITLE)
    action.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("main")).to_contain_text(TITLE)
    check(page)


def open_the_meeting(page):
    """From the landing page, as the pilot does each time."""
    page.get_by_role("link", name="Tablée").first.click()
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Tables").click()
    page.get_by_role("link", name="Table tactique de Touraine").first.click()
    page.locator("li", has_text=TITLE).get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text(TITLE)


def pilot_reorders_the_agenda(page, reference):
    open_the_meeting(page)
    titles = page.locator(".agenda-item h3")
    expect(titles).to_have_count(3)
    expect(titles.nth(1)).to_contain_text(EXTRA_ITEM)
    expect(titles.nth(2)).to_contain_text(reference)
    page.locator(".agenda-item", has_text=reference).get_by_role("button", name="Monter").click()
    expect(titles.nth(1)).to_contain_text(reference)
    expect(titles.nth(2)).to_contain_text(EXTRA_ITEM)
    check(page)
    photograph(page, "meeting-agenda")


def pilot_moves_the_date(page, day, new_day):
    page.get_by_role("link", name="Changer la date ou le lieu").click()
    # The form shows the date it holds (a browser's date field reads yyyy-mm-dd only).
    expect(page.get_by_label("Date")).to_have_value(day.isoformat())
    expect(page.get_by_label("Début")).to_have_value("14:00")
    check(page)
    page.get_by_label("Date").fill(new_day.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text(french_day(new_day))


def pilot_convenes(page, new_day, reference):
    mail.outbox.clear()
    page.get_by_role("button", name="Envoyer la convocation").click()
    expect(page.get_by_role("status").first).to_contain_text("convocation")
    expect(page.locator("main")).to_contain_text("Convoquée")
    check(page, english=False)

    # Every member and substitute gets the convocation with its calendar invitation.
    convocations = [
        m
        for m in mail.outbox
        if m.subject.startswith("Convocation") and french_day(new_day) in m.subject
    ]
    recipients = {address for m in convocations for address in m.to}
    assert {"membre@example.org", "l.gauthier@example.org"} <= recipients
    message = next(m for m in convocations if m.to == ["membre@example.org"])
    assert PLACE in message.body
    assert reference in message.body  # the agenda, in its new order
    assert message.body.index(reference) < message.body.index(EXTRA_ITEM)
    assert "&#x27;" not in message.subject + message.body
    ics = next(content for name, content, _type in message.attachments if name.endswith(".ics"))
    calendar = Calendar.from_ical(ics)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    starts = timezone.localtime(event.decoded("DTSTART"))
    assert (starts.date(), starts.hour, starts.minute) == (new_day, 14, 0)
    assert TITLE in str(event["SUMMARY"]) or "Table tactique de Touraine" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == PLACE


def pilot_sends_the_agenda_update(page):
    """An item added after the convocation: the page offers to tell the members, and the
    update carries the new agenda and the same invitation with a higher SEQUENCE."""
    convocation = next(m for m in mail.outbox if m.to == ["membre@example.org"])
    (first,) = Calendar.from_ical(convocation.attachments[0][1]).walk("VEVENT")
    offer = page.get_by_role("region", name="L’ordre du jour a changé depuis la convocation")
    expect(offer).to_have_count(0)
    page.get_by_role("link", name="Ajouter un point à l’ordre du jour").click()
    page.get_by_label("Titre").fill(LATE_ITEM)
    page.get_by_label("Durée (minutes)").fill("10")
    page.get_by_role("button", name="Enregistrer").click()
    expect(offer).to_be_visible()
    check(page, english=False)
    mail.outbox.clear()
    offer.get_by_role("button", name="Envoyer la mise à jour aux membres").click()
    expect(page.get_by_role("status").first).to_contain_text("mis à jour")
    expect(offer).to_have_count(0)
    update = next(m for m in mail.outbox if m.to == ["membre@example.org"])
    assert update.subject.startswith("Ordre du jour modifié")
    assert LATE_ITEM in update.body
    calendar = Calendar.from_ical(update.attachments[0][1])
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == first["UID"]
    assert event["SEQUENCE"] == first["SEQUENCE"] + 1
    assert LATE_ITEM in str(event["DESCRIPTION"])


def member_sends_her_substitute(page) -> str:
    """The member answers that she sends her substitute; the substitute receives the meeting,
    its invitation and the address of her page. Returns that address."""
    sign_out(page)
    sign_in(page, "membre@example.org")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Tables").click()
    page.get_by_role("link", name="Table tactique de Touraine").first.click()
    page.locator("li", has_text=TITLE).get_by_role("link").first.click()
    page.get_by_role("link", name="Répondre à la convocation").click()
    check(page)
    mail.outbox.clear()
    page.get_by_label("Envoie son suppléant").check()
    substitute = page.get_by_role("group", name="Le suppléant que vous envoyez")
    expect(substitute.get_by_label("Léa Gauthier")).to_be_checked()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("status")).to_be_visible()
    answer = page.get_by_role("region", name="Votre réponse")
    expect(answer).to_contain_text("Envoie son suppléant")
    expect(answer).to_contain_text("représenté·e par Léa Gauthier")
    expect(answer).to_contain_text("le suppléant n’a pas encore répondu")
    sign_out(page)

    (message,) = [m for m in mail.outbox if m.to == ["l.gauthier@example.org"]]
    assert "Nadia Benhamou" in message.subject
    assert PLACE in message.body and LATE_ITEM in message.body
    assert "&#x27;" not in message.subject + message.body
    ics = next(content for name, content, _type in message.attachments if name.endswith(".ics"))
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert "l.gauthier@example.org" in str(event["ATTENDEE"])
    (link,) = re.findall(r"https?://\S+/reunions/\d+/suppleance/", message.body)
    return link


def substitute_answers(page, link):
    """The substitute follows the link of her e-mail, reads the meeting and says she comes."""
    sign_in(page, "l.gauthier@example.org")
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Vous remplacez un membre")
    expect(page.locator("main")).to_contain_text("Nadia Benhamou")
    expect(page.locator("main")).to_contain_text(PLACE)
    expect(page.locator(".agenda-item h3", has_text=LATE_ITEM)).to_be_visible()
    check(page)
    page.get_by_label("Sera présent").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sera présent")
    sign_out(page)
    # The member is told.
    told = [m for m in mail.outbox if m.to == ["membre@example.org"]]
    assert any("Léa Gauthier vous remplacera" in m.subject for m in told)


def the_day_comes(new_day):
    """The journey cannot wait for the date: the meeting is moved to this morning, as if the
    days had passed (the pages refuse to plan a meeting in the past, which is right)."""
    from meetings.models import Meeting

    now = timezone.localtime()
    # Started today, whatever the hour the journey runs (01:00 was still to come after midnight).
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(midnight, now - datetime.timedelta(minutes=30))
    Meeting.objects.filter(title=TITLE).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    from meetings.apps import meetings_changed

    meetings_changed()  # written without signals: what the pages kept of it is not read again


def pilot_records_attendance(page):
    sign_in(page, "pilote@example.org")
    open_the_meeting(page)
    page.get_by_role("link", name="Saisir les présences").click()
    check(page)
    photograph(page, "meeting-attendance")
    row = page.get_by_role("row", name=re.compile("^Nadia Benhamou"))
    expect(row).to_contain_text("représenté·e par Léa Gauthier")
    # The sheet starts from the member's answer: represented by the substitute she sent, who
    # said she would come; the representative is a searched choice, not a list of everyone.
    presence = row.get_by_label(re.compile("Présence de Nadia Benhamou"))
    expect(presence).to_have_value("represented")
    expect(row.locator("select[name^=represented_by]")).to_have_count(0)
    expect(row.locator(".searched-select-chosen")).to_contain_text("Léa Gauthier")
    for name in ("Mathieu Lefebvre", "Yann Bouvier", "Céline Marchand"):
        page.get_by_role("row", name=re.compile(f"^{name}")).get_by_label(
            re.compile(f"Présence de {name}")
        ).select_option("present")
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_role("status")).to_be_visible()
    # Attendance recorded: the meeting is held.
    expect(page.locator("main")).to_contain_text("Tenue")
    attendance = page.get_by_role("region", name="Présences")
    expect(attendance).to_contain_text("Nadia Benhamou")
    expect(attendance).to_contain_text("Léa Gauthier")
    check(page)


def pilot_writes_and_publishes_the_minutes(page, reference):
    page.get_by_role("link", name="Rédiger le compte rendu").click()
    check(page, english=False)
    page.get_by_label("Introduction").fill("Séance consacrée aux retours à domicile.")
    item = page.locator("fieldset", has_text=reference)
    item.get_by_role("textbox").fill(MINUTES)
    item.get_by_label("Traité").check()
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    expect(page.get_by_role("status")).to_be_visible()
    open_the_meeting(page)
    page.get_by_role("button", name="Compte rendu approuvé par la table").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.get_by_role("button", name="Publier le compte rendu").click()
    expect(page.locator("main")).to_contain_text("Compte rendu publié")
    page.get_by_role("link", name="Compte rendu", exact=True).click()
    expect(page.locator("main")).to_contain_text(MINUTES)
    check(page)
    photograph(page, "meeting-minutes")


def pilot_drafts_the_proposal(page, reference):
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Registre"
    ).click()
    page.get_by_label("Commune", exact=True).fill("montbazon")
    page.get_by_role("button", name=re.compile(r"^Montbazon \(")).click()
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("row", name=re.compile(reference)).get_by_role("link").first.click()
    # The dysfunction's page shows what the table said of it.
    expect(page.locator("main")).to_contain_text(MINUTES)
    page.get_by_role("link", name="Rédiger une proposition qui y répond").click()
    check(page)
    page.get_by_label("Titre").fill(PROPOSAL)
    page.get_by_label("Table tactique").select_option(label="Table tactique de Touraine")
    page.get_by_label("Exposé des motifs").fill(
        "Quatre situations en un mois dans les hameaux de Montbazon et de Monts."
    )
    page.get_by_label("Ce qui est demandé à la table stratégique").fill(
        "Financer une seconde tournée hebdomadaire du portage de repas."
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("h1")).to_contain_text(PROPOSAL)
    expect(page.locator("main")).to_contain_text(reference)
    check(page)
    photograph(page, "proposal-draft")

    # The table adopted it in the meeting just held; the pilot sends it to the strategic table.
    action = page.locator("details", has_text="Adoptée par la table tactique")
    action.locator("summary").click()
    action.get_by_label("Séance de la table tactique").select_option(label=TITLE)
    action.get_by_role("button", name="Adoptée par la table tactique").click()
    expect(page.get_by_role("status")).to_contain_text("Adoptée par la table tactique")
    action = page.locator("details", has_text="Soumettre à une table stratégique")
    action.locator("summary").click()
    action.get_by_label("Table stratégique").select_option(label="Table stratégique de Touraine")
    action.get_by_role("button", name="Soumettre à une table stratégique").click()
    expect(page.locator("main")).to_contain_text("Soumise à la table stratégique")
    check(page)


def test_pilot_runs_a_meeting_cycle(journey_page):
    page = journey_page
    day = timezone.localdate() + datetime.timedelta(days=30)
    new_day = day + datetime.timedelta(days=7)
    reference = pilot_triages(page)
    pilot_plans_a_meeting(page, day)
    pilot_puts_the_dysfunction_on_the_agenda(page, reference)
    pilot_reorders_the_agenda(page, reference)
    pilot_moves_the_date(page, day, new_day)
    pilot_convenes(page, new_day, reference)
    pilot_sends_the_agenda_update(page)
    link = member_sends_her_substitute(page)
    substitute_answers(page, link)
    the_day_comes(new_day)
    pilot_records_attendance(page)
    pilot_writes_and_publishes_the_minutes(page, reference)
    pilot_drafts_the_proposal(page, reference)
