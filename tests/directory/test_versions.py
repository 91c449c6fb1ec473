"""A service's approved versions are readable in the portal by those who may edit or review it:
each version with what it changed; the original text is kept from the first approval on."""

import pytest
from wagtail.models import Revision

from directory import services
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation,
        name="Portage de repas à domicile",
        summary="Repas livrés le midi.",
    )


def _approve(pilot, partner, service, **changes):
    services.service_propose_changes(actor=partner, service=service, **changes)
    services.service_review(actor=pilot, service=service, approve=True)


def _page(client, service):
    return client.get(f"/annuaire/services/{service.slug}/versions/")


def test_the_original_text_is_kept_at_the_first_approval(client, pilot, partner, service):
    _approve(pilot, partner, service, summary="Repas livrés midi et soir.")
    client.force_login(pilot)
    page = _page(client, service).content.decode()
    assert "Première version" in page
    # What the second version changed, before and after.
    assert "Repas livrés le midi." in page
    assert "Repas livrés midi et soir." in page


def test_each_approved_version_says_what_it_changed_most_recent_first(
    client, pilot, partner, service
):
    _approve(pilot, partner, service, summary="Repas livrés midi et soir.")
    _approve(pilot, partner, service, hours="Du lundi au samedi.")
    client.force_login(partner)
    page = _page(client, service).content.decode()
    assert page.index("Du lundi au samedi.") < page.index("Repas livrés midi et soir.")
    assert page.count("Ce qui a changé") == 2


def test_a_change_sent_back_is_not_a_version(client, pilot, partner, service):
    services.service_propose_changes(actor=partner, service=service, summary="Refusé")
    services.service_review(actor=pilot, service=service, approve=False, comment="Non.")
    client.force_login(pilot)
    assert "Refusé" not in _page(client, service).content.decode()
    assert Revision.objects.for_instance(service).count() == 2  # the original and the refusal


def test_the_entry_links_to_its_versions_for_its_editors_only(
    client, partner, tactical_member, service
):
    client.force_login(partner)
    assert "/versions/" in client.get(service.get_absolute_url()).content.decode()
    client.force_login(tactical_member)
    assert "/versions/" not in client.get(service.get_absolute_url()).content.decode()
    assert _page(client, service).status_code == 403
