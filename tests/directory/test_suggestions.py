"""Correction suggestions stay in front of the pilot (their landing page, the review list and the
entry's review page) until the pilot or an editor of the entry marks them handled."""

import pytest

from directory import services
from tests.directory.factories import CorrectionSuggestionFactory, ServiceFactory

pytestmark = pytest.mark.django_db

TEXT = "Le numéro d'accueil a changé : c'est désormais le 02 47 00 00 00."


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, name="Portage de repas à domicile")


@pytest.fixture
def suggestion(service, tactical_member):
    return CorrectionSuggestionFactory(service=service, author=tactical_member, text=TEXT)


def _texts(client, url):
    return client.get(url).content.decode().replace("&#x27;", "'")


def test_pilot_sees_open_suggestions_on_landing_page_and_review_list(client, pilot, suggestion):
    client.force_login(pilot)
    for url in ("/mon-espace/", "/annuaire/validation/"):
        page = _texts(client, url)
        assert TEXT in page, url
        assert "Portage de repas à domicile" in page


def test_review_page_of_the_entry_shows_its_suggestions(
    client, pilot, partner, service, suggestion
):
    services.service_propose_changes(actor=partner, service=service, summary="Nouveau résumé")
    client.force_login(pilot)
    assert TEXT in _texts(client, f"/annuaire/validation/{service.pk}/")


def test_pilot_marks_a_suggestion_handled_and_it_leaves_the_lists(client, pilot, suggestion):
    client.force_login(pilot)
    response = client.post(
        f"/annuaire/services/{suggestion.service.slug}/suggestions/traitee/",
        {"suggestion": suggestion.pk, "next": "/mon-espace/"},
    )
    assert response.status_code == 302 and response.url == "/mon-espace/"
    suggestion.refresh_from_db()
    assert suggestion.handled_by == pilot and suggestion.handled_at
    for url in ("/mon-espace/", "/annuaire/validation/"):
        assert TEXT not in _texts(client, url)


def test_editor_of_the_entry_may_mark_it_handled(partner, suggestion):
    services.suggestion_mark_handled(actor=partner, suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.handled_by == partner


def test_nobody_else_may_mark_it_handled(client, tactical_member, suggestion):
    client.force_login(tactical_member)  # its author, but no editor of the entry
    response = client.post(
        f"/annuaire/services/{suggestion.service.slug}/suggestions/traitee/",
        {"suggestion": suggestion.pk},
    )
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.handled_at is None


def test_another_territorys_suggestions_are_not_listed(client, other_territory, suggestion):
    from tests.factories import TerritoryPilotFactory, UserFactory

    stranger = UserFactory()
    TerritoryPilotFactory(territory=other_territory, user=stranger)
    client.force_login(stranger)
    assert TEXT not in _texts(client, "/annuaire/validation/")
    assert TEXT not in _texts(client, "/mon-espace/")


def test_a_suggestion_id_that_is_not_a_number_is_not_found(client, pilot, suggestion):
    client.force_login(pilot)
    response = client.post(
        f"/annuaire/services/{suggestion.service.slug}/suggestions/traitee/",
        {"suggestion": "x"},
    )
    assert response.status_code == 404
