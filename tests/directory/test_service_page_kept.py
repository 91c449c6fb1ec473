"""A service's page describes the service from what is kept for the directory's version (under
the service, whether the professional contacts show, whether it is out of date and the
language): every change shows on the next request, and the professional contacts are never
shown to someone who may not read them."""

from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from directory.details import ServicePhone, ServiceSchedule
from directory.models import Membership, Service
from tests.directory.factories import LocationFactory, ServiceFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation,
        name="Portage de repas à domicile",
        description="Livraison de **repas** équilibrés.",
        phone="02 47 00 00 01",
        professional_contact="Mme Martin, coordinatrice",
        professional_phone="02 47 00 00 99",
        categories=["equipement-et-alimentation--alimentation"],
    )


def page(client, service) -> str:
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<article class="service-page">') : html.index("</article>")]


def computed_now(client, service) -> str:
    cache.clear()
    return page(client, service)


def test_a_service_edited_shows_on_the_next_request(client, service, organisation):
    assert "<strong>repas</strong>" in page(client, service)
    service.description = "Livraison de **repas** et de courses."
    service.save()
    assert "et de courses" in page(client, service)
    ServicePhone.objects.create(service=service, number="02 47 00 00 02", description="Standard")
    ServiceSchedule.objects.create(
        service=service, byday="MO", opens_at=time(9), closes_at=time(12)
    )
    kept = page(client, service)
    assert "02 47 00 00 02" in kept and "09:00" in kept
    assert kept == computed_now(client, service)
    place = LocationFactory(organisation=organisation, address_1="3 rue Nationale")
    service.locations.add(place)
    service.save()  # a parental many-to-many is written with its service
    assert "3 rue Nationale" in page(client, service)
    place.address_1 = "5 rue Nationale"
    place.save()
    assert "5 rue Nationale" in page(client, service)
    label = category("equipement-et-alimentation--alimentation")
    label.label = "Repas et alimentation"
    label.save()
    organisation.name = "CCAS de Tours Métropole"
    organisation.save()
    kept = page(client, service)
    assert "Repas et alimentation" in kept and "CCAS de Tours Métropole" in kept
    assert kept == computed_now(client, service)


def test_professional_contacts_are_kept_apart_and_go_with_the_role(client, service, case_manager):
    client.force_login(case_manager)
    assert "02 47 00 00 99" in page(client, service)
    client.logout()
    assert "02 47 00 00 99" not in page(client, service)
    client.force_login(case_manager)
    assert "02 47 00 00 99" in page(client, service)
    Membership.objects.filter(user=case_manager).delete()
    assert "02 47 00 00 99" not in page(client, service)


def test_out_of_date_and_unpublished_follow_at_once(client, service, partner):
    assert "Out of date" not in page(client, service)
    Service.objects.filter(pk=service.pk).update(
        last_verified_on=timezone.localdate() - timedelta(days=400)
    )
    assert "badge-warning" in page(client, service)
    client.force_login(partner)
    service.refresh_from_db()
    service.live = False
    service.save()
    assert "Pas encore publié" in page(client, service)
    client.logout()
    assert client.get(service.get_absolute_url()).status_code == 404


def test_each_language_its_own(client, service):
    french = page(client, service)
    client.cookies.load({"django_language": "en"})
    assert "Public and criteria" in page(client, service)
    client.cookies.load({"django_language": "fr"})
    assert page(client, service) == french


def test_the_page_runs_the_same_queries_kept_or_computed_for_more_details(
    client, service, organisation, partner
):
    from tests.queries import assert_same_count, page_queries

    url = service.get_absolute_url()
    client.force_login(partner)
    computed, kept = page_queries(client, url, renew=["directory"]), page_queries(client, url)
    for n in range(5):
        ServicePhone.objects.create(service=service, number=f"02 47 00 01 0{n}")
        service.locations.add(LocationFactory(organisation=organisation))
    service.save()
    assert_same_count(computed, page_queries(client, url, renew=["directory"]))
    assert_same_count(kept, page_queries(client, url))
    assert len(kept) < len(computed)
