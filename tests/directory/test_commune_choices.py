"""At region scale the directory's search page lists no commune whole: the person's commune is
searched (a name, a postal code or an INSEE code typed, with the script's search box on top),
and the facet of communes served shows the ten serving the most results plus those checked.
Addresses that carry an INSEE code (?commune=37261, saved searches) keep working."""

import re

import pytest

from directory.models import Service
from portal.models import Commune
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory
from tests.queries import assert_same_count, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(territory):
    return {
        "tours": CommuneFactory(
            insee_code="37261", name="Tours", postal_code="37000", territory=territory
        ),
        "chateau": CommuneFactory(
            insee_code="37063", name="Château-Renault", postal_code="37110", territory=territory
        ),
        "cyr": CommuneFactory(
            insee_code="37214", name="Saint-Cyr-sur-Loire", postal_code="37540", territory=territory
        ),
        "avertin": CommuneFactory(
            insee_code="37208", name="Saint-Avertin", postal_code="37550", territory=territory
        ),
        "loches": CommuneFactory(
            insee_code="37132", name="Loches", postal_code="37600", territory=territory
        ),
        "perrusson": CommuneFactory(
            insee_code="37183", name="Perrusson", postal_code="37600", territory=territory
        ),
    }


@pytest.fixture
def services(territory, towns):
    organisation = OrganisationFactory(territory=territory)
    return {
        name: ServiceFactory(
            organisation=organisation, name=f"Aide aux aidants de {commune.name}",
            communes_served=[commune],
        )
        for name, commune in towns.items()
    }  # fmt: skip


def names(response):
    return sorted(s.name for s in response.context["result"].page.object_list)


def _checked(response) -> list[str]:
    body = response.content.decode()
    return re.findall(r'name="served" value="(\w+)" id="facet-served-\d+" checked', body)


def _person_commune(response):
    return response.context["form"].cleaned_data["commune"]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("37261", "tours"),  # the INSEE code, as addresses and saved searches carry it
        ("Tours", "tours"),  # the whole name wins over longer names
        ("chateau renault", "chateau"),  # without accents nor hyphen
        ("saint cyr", "cyr"),
        ("37110", "chateau"),  # the postal code
        ("Tours (37261)", "tours"),  # the label the search box shows
    ],
)
def test_the_persons_commune_is_found_by_name_postal_code_or_insee_code(
    client, towns, services, typed, expected
):
    response = client.get("/annuaire/", {"commune": typed, "age": "70"})
    assert response.status_code == 200
    assert _person_commune(response) == towns[expected]
    # The page shows the commune chosen, and its INSEE code is what the form sends again.
    body = response.content.decode()
    if typed == towns[expected].insee_code:
        assert f'<li data-value="{typed}">{towns[expected].name} (' in body


def test_a_name_or_postal_code_of_several_communes_lists_them_to_pick(client, towns, services):
    response = client.get(
        "/annuaire/", {"commune": "saint", "q": "aidants"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Plusieurs communes correspondent à « saint »" in body
    assert "Saint-Avertin (37550, code INSEE 37208)" in body
    # What was typed stays in the field, and each commune is a link to the same search with it.
    assert 'name="commune" value="saint"' in body
    assert 'href="?commune=37208&amp;q=aidants"' in body
    assert 'href="?commune=37214&amp;q=aidants"' in body
    # A postal code shared by two communes too.
    body = client.get("/annuaire/", {"commune": "37600"}).content.decode()
    assert "Loches (37600, code INSEE 37132)" in body
    assert "Perrusson (37600, code INSEE 37183)" in body


def test_a_name_of_no_commune_is_refused_clearly(client, towns):
    response = client.get("/annuaire/", {"commune": "Atlantide"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Aucune commune ne correspond à « Atlantide »" in body
    assert 'value="Atlantide"' in body


def test_the_commune_search_answers_visitors_with_insee_codes(client, towns):
    found = client.get("/annuaire/communes/", {"q": "saint", "format": "json"}).json()
    assert [(r["value"], r["label"]) for r in found["results"]] == [
        ("37208", "Saint-Avertin (37550)"),
        ("37214", "Saint-Cyr-sur-Loire (37540)"),
    ]
    by_postal_code = client.get("/annuaire/communes/", {"q": "376", "format": "json"}).json()
    assert [r["value"] for r in by_postal_code["results"]] == ["37132", "37183"]
    # Without the script: a page listing the codes to type.
    plain = client.get("/annuaire/communes/", {"q": "chateau"}).content.decode()
    assert "<td>37063</td><td>Château-Renault (37110)</td>" in plain


def _region_scale(territory, communes: int):
    """Services each serving many communes, the communes ever more numerous."""
    first = Commune.objects.count()
    created = [
        CommuneFactory(territory=territory, name=f"Village {i}", insee_code=f"41{first + i:03d}")
        for i in range(communes)
    ]
    organisation = OrganisationFactory(territory=territory)
    first = Service.objects.count()
    for start in range(0, communes, 20):
        ServiceFactory(
            organisation=organisation,
            name=f"Aide aux aidants {first + start}",
            communes_served=created[start : start + 20] + created[:1],
        )
    return created


def test_the_page_stays_the_same_size_and_cost_whatever_the_number_of_communes(
    client, territory, case_manager
):
    client.force_login(case_manager)
    few = _region_scale(territory, 20)
    params = {"q": "aidants", "commune": few[0].insee_code, "age": "70"}
    small = page_queries(client, "/annuaire/", params)
    small_body = client.get("/annuaire/", params).content.decode()
    _region_scale(territory, 200)
    large = page_queries(client, "/annuaire/", params)
    assert_same_count(small, large)
    body = client.get("/annuaire/", params).content.decode()
    assert "<option" not in body
    assert len(re.findall(r'name="served" value=', body)) == 10
    assert len(re.findall(r'name="served" value=', small_body)) == 10
    assert "210 autres communes sont desservies par ces services." in body
    assert 'name="served" id="facet-served-more"' in body


def test_a_served_commune_beyond_the_ten_shown_filters_and_stays_checked(client, territory):
    communes = _region_scale(territory, 200)
    rare = communes[150]  # served by one service only
    response = client.get("/annuaire/", {"served": [communes[0].insee_code, rare.insee_code]})
    assert response.status_code == 200
    assert sorted(_checked(response)) == sorted([communes[0].insee_code, rare.insee_code])
    # Checked alone, it narrows the results to the service serving it.
    response = client.get("/annuaire/", {"served": rare.insee_code})
    assert [s.name for s in response.context["result"].page.object_list] == ["Aide aux aidants 140"]
    assert _checked(response) == [rare.insee_code]


def test_another_commune_served_is_added_by_its_name(client, towns, services):
    response = client.get("/annuaire/", {"served": ["", "perrusson"]})
    assert response.status_code == 200
    assert names(response) == ["Aide aux aidants de Perrusson"]
    assert _checked(response) == ["37183"]
    # A name of several communes keeps the search's other choices and shows what was typed.
    response = client.get(
        "/annuaire/", {"served": ["37132", "saint"], "access": Service.AccessMode.DIRECT}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'name="served" id="id_served_2" value="saint"' in body
    assert 'name="served" id="id_served_1" value="37132"' in body
    assert '<input type="hidden" name="access" value="direct">' in body


def test_an_editor_types_the_communes_a_service_serves(client, partner, organisation, towns):
    from wagtail.models import Revision

    service = ServiceFactory(organisation=organisation, communes_served=[towns["tours"]])
    client.force_login(partner)
    url = f"/annuaire/services/{service.slug}/modifier/"
    page = client.get(url).content.decode()
    assert "Château-Renault" not in page  # no list of the communes
    assert '<li data-value="37261">Tours (37000)</li>' in page
    data = {
        "name": service.name,
        "summary": service.summary,
        "access_mode": service.access_mode,
        "languages": "français",
        "categories": [c.pk for c in service.categories.all()],
        "communes_served": "37261, Château-Renault, 37600",
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200  # 37600 is the postal code of two communes
    assert "Perrusson (37600, code INSEE 37183)" in response.content.decode()
    response = client.post(url, {**data, "communes_served": "37261, Château-Renault, perrusson"})
    assert response.status_code == 302
    proposed = Revision.objects.filter(object_id=str(service.pk)).latest("pk").as_object()
    assert sorted(c.insee_code for c in proposed.communes_served.all()) == [
        "37063",
        "37183",
        "37261",
    ]
