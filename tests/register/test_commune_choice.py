"""The register's commune (filing a dysfunction, filtering the list) is searched, not listed:
a regional coordinator reads a region of thousands of communes."""

import pytest

from register.models import Dysfunction
from tests.factories import CommuneFactory
from tests.register.factories import DysfunctionFactory
from tests.register.test_pages import form_data

pytestmark = pytest.mark.django_db


def test_the_filing_form_lists_no_commune_and_takes_a_typed_name(
    client, case_manager, territory, filing
):
    for i in range(200):
        CommuneFactory(territory=territory, name=f"Hameau {i}", insee_code=f"36{i:03d}")
    client.force_login(case_manager)
    page = client.get("/registre/nouveau/").content.decode()
    assert "Hameau" not in page
    assert 'data-source="/annuaire/communes/?territory=' in page
    response = client.post(
        "/registre/nouveau/", form_data(filing, commune="saint-martin le beau", submit="")
    )
    assert response.status_code == 302
    assert Dysfunction.objects.get().commune == filing["commune"]


def test_a_commune_of_another_territory_is_not_offered_to_the_filer(
    client, case_manager, filing, other_commune
):
    client.force_login(case_manager)
    response = client.post(
        "/registre/nouveau/", form_data(filing, commune=other_commune.insee_code, submit="")
    )
    assert response.status_code == 200
    assert not Dysfunction.objects.exists()
    found = client.get("/annuaire/communes/", {"q": "bour", "format": "json"}).json()
    assert [r["label"] for r in found["results"]] == ["Bourges (37000)"]
    page = client.get("/registre/nouveau/").content.decode()
    source = page.split('data-source="')[1].split('"')[0].replace("&amp;", "&")
    assert source.startswith("/annuaire/communes/?territory=")
    narrowed = client.get(source + "&q=bour&format=json").json()
    assert narrowed["results"] == []


def test_the_register_list_is_filtered_by_a_typed_commune(client, pilot, territory, commune):
    elsewhere = CommuneFactory(name="Amboise", insee_code="37003", territory=territory)
    here = DysfunctionFactory(territory=territory, commune=commune, title="Ici")
    DysfunctionFactory(territory=territory, commune=elsewhere, title="Ailleurs")
    client.force_login(pilot)
    response = client.get("/registre/", {"commune": "amboise"})
    assert [d.title for d in response.context["dysfunctions"]] == ["Ailleurs"]
    response = client.get("/registre/", {"commune": commune.insee_code})
    assert [d.pk for d in response.context["dysfunctions"]] == [here.pk]
    assert "<option" not in response.content.decode().split('name="commune"')[1][:300]
