"""Saved searches: a person keeps a directory search under a name and is told by e-mail when
services enter or leave its results or change their criteria; the e-mail's unsubscribe link
works without signing in, once, and is safe to open twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.models import SavedSearch
from alerts.services import alerts_send, saved_search_create
from directory.models import Service
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tours(territory):
    return CommuneFactory(insee_code="37261", name="Tours", territory=territory)


@pytest.fixture
def aidants(territory, tours):
    organisation = OrganisationFactory(name="Association des aidants", territory=territory)
    return ServiceFactory(
        organisation=organisation,
        name="Café des aidants",
        summary="Rencontres mensuelles pour les aidants familiaux.",
        serves_whole_territory=True,
    )


def _send(**kwargs):
    """Run the alerts and let the e-mails they queue leave (they wait for the commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return alerts_send(**kwargs)


def _save(user, query, frequency="weekly", name="Aidants"):
    return saved_search_create(actor=user, name=name, query=query, frequency=frequency)


def test_a_search_is_saved_from_the_directory_page(client, case_manager, aidants):
    client.force_login(case_manager)
    page = client.get("/annuaire/", {"q": "aidants"}).content.decode()
    assert "/annuaire/recherches/?query=q%3Daidants" in page

    form = client.get("/annuaire/recherches/", {"query": "q=aidants&page=2"})
    assert form.status_code == 200
    assert form.context["form"]["query"].value() == "q=aidants"

    response = client.post(
        "/annuaire/recherches/",
        {"name": "Aide aux aidants", "frequency": "weekly", "query": "q=aidants"},
        follow=True,
    )
    saved = SavedSearch.objects.get(user=case_manager)
    assert saved.name == "Aide aux aidants"
    assert saved.query == "q=aidants"
    # What it finds today is the starting point: no alert for it.
    assert list(saved.snapshot) == [str(aidants.pk)]
    assert "Aide aux aidants" in response.content.decode()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/annuaire/recherches/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_a_search_that_cannot_run_is_refused_and_what_was_typed_is_kept(client, case_manager):
    client.force_login(case_manager)
    response = client.post(
        "/annuaire/recherches/",
        {"name": "Ma recherche", "frequency": "weekly", "query": "age=300"},
    )
    assert response.status_code == 400
    assert "120" in response.content.decode()  # the age bound, said clearly
    assert response.context["form"]["name"].value() == "Ma recherche"
    assert not SavedSearch.objects.exists()


def test_two_searches_of_one_person_cannot_share_a_name(client, case_manager, aidants):
    _save(case_manager, "q=aidants")
    client.force_login(case_manager)
    response = client.post(
        "/annuaire/recherches/", {"name": "Aidants", "frequency": "weekly", "query": "q=café"}
    )
    assert response.status_code == 400
    assert "already have a search with this name" in response.content.decode() or (
        "déjà une recherche" in response.content.decode()
    )
    assert SavedSearch.objects.count() == 1


def test_nobody_else_sees_changes_or_deletes_a_saved_search(client, case_manager, partner):
    saved = _save(case_manager, "q=aidants")
    client.force_login(partner)
    assert "Aidants" not in client.get("/annuaire/recherches/").content.decode()
    edit = client.post(
        f"/annuaire/recherches/{saved.pk}/modifier/",
        {f"s{saved.pk}-name": "Pris", f"s{saved.pk}-frequency": "none"},
    )
    assert edit.status_code == 404
    assert client.post(f"/annuaire/recherches/{saved.pk}/supprimer/").status_code == 404
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Aidants", "weekly")


def test_the_owner_renames_changes_the_alert_and_deletes(client, case_manager):
    saved = _save(case_manager, "q=aidants")
    client.force_login(case_manager)
    client.post(
        f"/annuaire/recherches/{saved.pk}/modifier/",
        {f"s{saved.pk}-name": "Aidants de Tours", f"s{saved.pk}-frequency": "immediate"},
    )
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Aidants de Tours", "immediate")
    client.post(f"/annuaire/recherches/{saved.pk}/supprimer/")
    assert not SavedSearch.objects.exists()


def test_weekly_alert_tells_what_entered_changed_and_left(case_manager, aidants, territory):
    other = ServiceFactory(
        organisation=aidants.organisation, name="Groupe de parole des aidants", age_min=18
    )
    saved = _save(case_manager, "q=aidants")
    assert _send(frequency="weekly") == 0  # nothing changed since it was saved
    mail.outbox.clear()

    newcomer = ServiceFactory(
        organisation=aidants.organisation, name="Formation des aidants", serves_whole_territory=True
    )
    Service.objects.filter(pk=other.pk).update(age_min=25)  # a criterion changed
    Service.objects.filter(pk=aidants.pk).update(live=False)  # withdrawn from the directory

    assert _send(frequency="weekly") == 1
    (message,) = mail.outbox
    assert message.to == [case_manager.email]
    body = message.body
    assert "Formation des aidants" in body
    assert f"/annuaire/services/{newcomer.slug}/" in body
    assert "Groupe de parole des aidants" in body
    assert "Café des aidants" in body
    assert "&#x27;" not in body and "&quot;" not in body and "&#x27;" not in message.subject
    assert f"/annuaire/recherches/desabonnement/{saved.unsubscribe_token}/" in body

    mail.outbox.clear()
    assert _send(frequency="weekly") == 0  # told once


def test_a_change_that_is_undone_before_the_digest_is_not_reported(case_manager, aidants):
    _save(case_manager, "q=aidants")
    # Looked at while the last e-mail is less than a week old: remembered, not sent.
    SavedSearch.objects.update(sent_at=timezone.now())
    Service.objects.filter(pk=aidants.pk).update(live=False)
    assert _send(frequency="weekly") == 0
    assert SavedSearch.objects.get().pending["left"][0]["name"] == "Café des aidants"
    # Back as it was before the digest is due: nothing to tell.
    Service.objects.filter(pk=aidants.pk).update(live=True)
    SavedSearch.objects.update(sent_at=timezone.now() - timedelta(days=8))
    mail.outbox.clear()
    assert _send(frequency="weekly") == 0
    assert mail.outbox == []
    assert SavedSearch.objects.get().pending == {}


def test_the_weekly_digest_waits_a_week_after_the_last_one(case_manager, aidants):
    _save(case_manager, "q=aidants")
    SavedSearch.objects.update(sent_at=timezone.now() - timedelta(days=2))
    ServiceFactory(organisation=aidants.organisation, name="Formation des aidants")
    assert _send(frequency="weekly") == 0
    assert _send(frequency="weekly", now=timezone.now() + timedelta(days=6)) == 1
    assert "Formation des aidants" in mail.outbox[-1].body


def test_search_describing_a_person_follows_eligibility(case_manager, aidants):
    ServiceFactory(organisation=aidants.organisation, name="Atelier seniors", age_min=60)
    saved = _save(case_manager, "age=40", name="Quarante ans")
    names = {row[1] for row in saved.snapshot.values()}
    assert names == {"Café des aidants"}


def test_publishing_an_approved_entry_sends_the_immediate_alerts(
    client, partner, pilot, organisation, case_manager, django_capture_on_commit_callbacks
):
    _save(case_manager, "q=mémoire", frequency="immediate", name="Mémoire")
    client.force_login(partner)
    client.post(
        f"/annuaire/structures/{organisation.slug}/nouveau-service/",
        {"name": "Atelier mémoire", "summary": "Stimulation cognitive.", "access_mode": "direct",
         "languages": "français", "age_min": "60"},
    )  # fmt: skip
    created = Service.objects.get(name="Atelier mémoire")
    mail.outbox.clear()
    client.force_login(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/annuaire/validation/{created.pk}/", {"decision": "approve"})
    alerts = [m for m in mail.outbox if m.to == [case_manager.email]]
    assert len(alerts) == 1
    assert "Atelier mémoire" in alerts[0].body


def test_unsubscribe_asks_first_then_stops_once_without_signing_in(client, case_manager):
    saved = _save(case_manager, "q=aidants")
    url = f"/annuaire/recherches/desabonnement/{saved.unsubscribe_token}/"
    page = client.get(url)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200
    saved.refresh_from_db()
    assert saved.frequency == "weekly"

    done = client.post(url)
    assert done.status_code == 200
    assert done.context["changed"] is True
    saved.refresh_from_db()
    assert saved.frequency == "none"
    again = client.post(url)
    assert again.status_code == 200 and again.context["changed"] is False
    assert client.get("/annuaire/recherches/desabonnement/inconnu/").status_code == 404


def test_the_list_page_reads_a_fixed_number_of_queries(client, case_manager):
    client.force_login(case_manager)

    def count():
        # the first request of a session also reads the person's roles
        client.get("/annuaire/recherches/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/annuaire/recherches/").status_code == 200
        return len(queries)

    _save(case_manager, "q=aidants", name="Un")
    small = count()
    for n in range(5):
        _save(case_manager, f"q=mot{n}", name=f"Recherche {n}")
    assert count() == small


def test_alerts_go_only_to_active_accounts(case_manager, aidants):
    _save(case_manager, "q=aidants")
    ServiceFactory(organisation=aidants.organisation, name="Formation des aidants")
    case_manager.is_active = False
    case_manager.save()
    assert _send(frequency="weekly") == 0


def test_a_person_keeps_searches_of_their_own_only(case_manager):
    stranger = UserFactory()
    _save(stranger, "q=aidants")
    _save(case_manager, "q=aidants")
    assert SavedSearch.objects.filter(user=case_manager).count() == 1


def test_the_landing_page_lists_the_partners_saved_searches(client, partner):
    _save(partner, "q=aidants", name="Aidants du Chinonais")
    client.force_login(partner)
    page = client.get("/mon-espace/").content.decode()
    assert "Aidants du Chinonais" in page
