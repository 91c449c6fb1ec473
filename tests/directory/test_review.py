"""The pilot reviews what will be published: the latest proposed version of an entry, even
when the partner changed their proposal while it waited."""

import pytest

from directory import services
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_review_page_shows_the_latest_proposal_which_is_what_gets_published(
    client, organisation, partner, pilot
):
    service = ServiceFactory(organisation=organisation, name="Portage de repas", summary="V1")
    services.service_propose_changes(actor=partner, service=service, summary="Première idée")
    services.service_propose_changes(actor=partner, service=service, summary="Version finale")
    client.force_login(pilot)
    page = client.get(f"/annuaire/validation/{service.pk}/").content.decode()
    assert "Version finale" in page
    assert "Première idée" not in page
    services.service_review(actor=pilot, service=service, approve=True)
    service.refresh_from_db()
    assert service.summary == "Version finale"
