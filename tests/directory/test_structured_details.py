"""What a directory user reads of the structured details: opening hours, places with their
address, phones with extension, languages, areas served; and the back office edits them."""

from datetime import time

import pytest

from directory.models import Service
from tests.directory.factories import (
    LocationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    ServiceLanguageFactory,
    ServicePhoneFactory,
    ServiceScheduleFactory,
)


@pytest.fixture
def detailed(organisation):
    service = ServiceFactory(organisation=organisation, name="Point d'accueil des aidants")
    ServiceScheduleFactory(service=service, byday="MO,TH", opens_at=time(9), closes_at=time(12))
    ServicePhoneFactory(service=service, number="02 47 11 22 33", extension=45)
    ServiceLanguageFactory(service=service, code="ar", name="arabe")
    ServiceAreaFactory(service=service, name="Quartier du Sanitas")
    service.locations = [
        LocationFactory(organisation=organisation, name="Maison des aidants", city="Tours")
    ]
    service.save()
    return service


@pytest.mark.django_db
def test_the_service_page_shows_hours_places_phones_languages_and_areas(client, detailed):
    page = client.get(detailed.get_absolute_url()).content.decode()
    assert "lundi, jeudi de 09:00 à 12:00" in page
    assert "02 47 11 22 33" in page and "poste 45" in page
    assert 'lang="ar"' in page and "arabe" in page
    assert "Quartier du Sanitas" in page
    assert "Maison des aidants" in page and "12 rue Nationale" in page
    assert "openstreetmap.org/?mlat=47.394100" in page


@pytest.mark.django_db
def test_the_back_office_edits_the_structured_details(client, administrator, detailed):
    client.force_login(administrator)
    response = client.get(f"/admin/snippets/directory/service/edit/{detailed.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    for prefix in ("schedules-", "phones-", "spoken_languages-", "areas-"):
        assert f'name="{prefix}TOTAL_FORMS"' in page
    assert Service.objects.get(pk=detailed.pk).phones.get().extension == 45
