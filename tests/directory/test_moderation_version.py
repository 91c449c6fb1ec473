"""A partner's draft and the steps of its moderation change what the moderation panels show
(the partner's services, the pilot's changes to review), never what the directory shows: the
search kept for the whole region is not computed again at each draft, and both panels show the
draft at once; the pilot's approval publishes it and the search finds the new text."""

import pytest

from directory import services
from directory.models import Service
from portal import versions
from tests.directory.factories import ServiceFactory
from tests.queries import watch_kept

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(organisation):
    service = ServiceFactory(
        organisation=organisation,
        name="Portage de repas à domicile",
        summary="Repas livrés à domicile.",
        serves_whole_territory=True,
    )
    services.service_keep_first_version(service)  # as an entry published by the portal
    return service


def found(client, words: str) -> bool:
    """Whether the directory search lists the entry."""
    return "Portage de repas" in client.get("/annuaire/", {"q": words}).content.decode()


def test_a_draft_keeps_the_search_and_shows_at_once_on_both_panels(
    client, partner, pilot, service, monkeypatch
):
    # Each page once: the search, the partner's and the pilot's landing pages are kept.
    client.force_login(pilot)
    assert found(client, "repas")
    assert "Portage de repas" not in client.get("/mon-espace/").content.decode()
    client.force_login(partner)
    assert "en attente de validation" not in client.get("/mon-espace/").content.decode()
    directory_before = versions.current("directory")

    services.service_propose_changes(actor=partner, service=service, summary="Sept jours sur 7.")

    assert versions.current("directory") == directory_before
    kept = watch_kept(monkeypatch)
    assert found(client, "repas")
    assert kept == []  # the search was read from what was kept
    assert "en attente de validation" in client.get("/mon-espace/").content.decode()
    client.force_login(pilot)
    assert "Portage de repas" in client.get("/mon-espace/").content.decode()
    assert not found(client, "sept jours")  # visitors read the published version

    services.service_review(actor=pilot, service=service, approve=True)
    assert versions.current("directory") != directory_before
    assert found(client, "sept jours")
    assert "Portage de repas" not in client.get("/mon-espace/").content.decode()


def test_a_change_of_an_entry_itself_renews_the_directory(service):
    before = versions.current("directory")
    service.save_revision()  # a draft: the moderation's version only
    assert versions.current("directory") == before
    Service.objects.get(pk=service.pk).save()  # the row itself, as publishing writes it
    assert versions.current("directory") != before


def test_drafts_written_in_bulk_show_at_once_on_the_pilots_panel(
    client, pilot, territory, tmp_path
):
    from tests.directory.test_import_batches import rows, run, write
    from tests.factories import CommuneFactory

    CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    CommuneFactory(insee_code="37122", name="Joué-lès-Tours", territory=territory)
    client.force_login(pilot)
    assert "Permanence lot 0" not in client.get("/mon-espace/").content.decode()
    run(write(tmp_path / "f.csv", rows("lot", 2)), "--drafts")
    assert "Permanence lot 0" in client.get("/mon-espace/").content.decode()
