"""Journey: a tactical member follows a dysfunction of the published register; the pilot puts it
on a tactical meeting's agenda; the member finds it unread in the header's notification centre,
opens it, and it is read. The member is also e-mailed, with a link that stops following without
signing in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.journey import check, sign_in, sign_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def open_a_qualified_dysfunction(page, reference=None):
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Registre"
    ).click()
    page.get_by_label("État").select_option(label="Qualifié")
    page.get_by_role("button", name="Filtrer").click()
    table = page.locator("main table")
    rows = table.locator("tbody tr")
    row = rows.first if reference is None else rows.filter(has_text=reference).first
    row.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text(re.compile(r"D-\d{4}"))
    return page.locator("h1").inner_text().split(" · ")[0]


def unread_count(page) -> int:
    badge = page.locator("header .notification-count")
    return int(badge.inner_text().split()[0]) if badge.count() else 0


def member_follows(page):
    sign_in(page, "membre@example.org")
    reference = open_a_qualified_dysfunction(page)
    page.get_by_role("button", name="Suivre", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Vous le suivez")
    expect(page.get_by_role("button", name="Suivi — arrêter")).to_be_visible()
    check(page, english=False)
    unread = unread_count(page)
    sign_out(page)
    return reference, unread


def pilot_puts_it_on_the_agenda(page, reference):
    sign_in(page, "pilote@example.org")
    open_a_qualified_dysfunction(page, reference)
    expect(page.locator("h1")).to_contain_text(reference)
    action = page.locator("details", has_text="Inscrire à l'ordre du jour d'une table tactique")
    action.locator("summary").click()
    action.get_by_label("Séance de la table tactique").select_option(index=1)
    action.get_by_role("button", name="Inscrire à l'ordre du jour d'une table tactique").click()
    expect(page.get_by_role("status")).to_be_visible()
    sign_out(page)


def member_reads_the_notification(page, reference, unread):
    mail.outbox.clear()
    sign_in(page, "membre@example.org")
    header = page.locator("header")
    centre = header.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(centre.locator(".notification-count")).to_have_text(re.compile(rf"^{unread + 1}\b"))
    centre.click()
    expect(page.locator("h1")).to_have_text("Notifications")
    entry = page.locator(".notification-unread", has_text=reference)
    expect(entry).to_contain_text("Qualifié → À l'ordre du jour de la table tactique")
    expect(entry).to_contain_text("nouveau")
    check(page)
    entry.get_by_role("button", name=re.compile("Consulter et marquer comme lu")).click()
    expect(page.locator("h1")).to_contain_text(reference)
    # Read: the header counts one less, and the centre shows it read.
    if unread:
        expect(header.locator(".notification-count")).to_have_text(re.compile(rf"^{unread}\b"))
    else:
        expect(header.locator(".notification-count")).to_have_count(0)
    header.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(page.locator(".notification-read", has_text=reference)).to_be_visible()
    expect(page.locator(".notification-unread", has_text=reference)).to_have_count(0)
    check(page, english=False)
    sign_out(page)


def member_stops_following_from_the_email(page, messages, reference):
    """The e-mail's link works without signing in; the page asks before it stops."""
    (message,) = [m for m in messages if "membre@example.org" in m.to]
    assert reference in message.subject
    (link,) = re.findall(r"https?://\S+/notifications/ne-plus-suivre/\S+/", message.body)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Ne plus suivre")
    check(page, english=False)
    page.get_by_role("button", name="Ne plus suivre").click()
    expect(page.get_by_role("status")).to_contain_text("vous ne le suivez plus")


def test_member_follows_pilot_moves_it_member_reads_it(journey_page):
    reference, unread = member_follows(journey_page)
    mail.outbox.clear()
    pilot_puts_it_on_the_agenda(journey_page, reference)
    sent = list(mail.outbox)
    member_reads_the_notification(journey_page, reference, unread)
    member_stops_following_from_the_email(journey_page, sent, reference)
