"""Long choice lists are searched, not listed: a dysfunction's services (found in the filer's
territory, listed under their organisation, since two organisations often name a service
alike), a service's categories (under their family), an agreement's parties."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest

from directory.models import Category
from tests.directory.factories import ServiceFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _ask(client, source: str, **params):
    """What the script asks: the widget's address with the typed words added."""
    separator = "&" if "?" in source else "?"
    return client.get(source + separator + urlencode(params))


def _source(page: str, field: str) -> str:
    """The endpoint a searched field asks, as the page gives it to the script."""
    box = re.search(r'data-source="([^"]+)"[^>]*>\s*<input type="text" name="' + field + '"', page)
    assert box, f"{field} is not a searched choice"
    return unescape(box.group(1))


@pytest.fixture
def two_meal_services(territory):
    ccas = OrganisationFactory(name="CCAS de Tours", territory=territory)
    clic = OrganisationFactory(name="ADMR de Joué", territory=territory)
    return (
        ServiceFactory(organisation=ccas, name="Portage de repas", slug="repas-ccas"),
        ServiceFactory(organisation=clic, name="Portage de repas", slug="repas-admr"),
    )


def test_the_filers_services_are_found_in_their_territory_under_their_organisation(
    client, case_manager, two_meal_services
):
    client.force_login(case_manager)
    page = client.get("/registre/nouveau/").content.decode()
    source = _source(page, "services")
    found = _ask(client, source, q="repas", format="json").json()["results"]
    assert [(r["group"], r["value"]) for r in found] == [
        ("ADMR de Joué", two_meal_services[1].pk),
        ("CCAS de Tours", two_meal_services[0].pk),
    ]
    # Without the script, the plain page lists them under their organisation too.
    plain = _ask(client, source, q="repas").content.decode()
    admr = '<th scope="colgroup" colspan="2">ADMR de Joué</th>'
    ccas = '<th scope="colgroup" colspan="2">CCAS de Tours</th>'
    assert plain.index(admr) < plain.index(f"<td>{two_meal_services[1].pk}</td>")
    assert plain.index(f"<td>{two_meal_services[1].pk}</td>") < plain.index(ccas)


def test_a_services_categories_are_searched_under_their_family(client, partner, organisation):
    service = ServiceFactory(organisation=organisation, name="Portage de repas")
    Category.objects.get_or_create(
        value="test-sante--psychiatrie",
        defaults={"label": "Psychiatrie du sujet âgé", "group": "Santé"},
    )
    client.force_login(partner)
    page = client.get(f"/annuaire/services/{service.slug}/modifier/").content.decode()
    assert "Psychiatrie du sujet âgé" not in page  # not listed whole
    found = _ask(client, _source(page, "categories"), q="psychiatrie", format="json")
    assert {"label": "Psychiatrie du sujet âgé", "group": "Santé"}.items() <= next(
        r for r in found.json()["results"] if r["label"] == "Psychiatrie du sujet âgé"
    ).items()


def test_an_agreements_parties_are_searched_in_the_territory(
    client, pilot, territory, other_territory
):
    OrganisationFactory(name="CHU de Tours", territory=territory)
    OrganisationFactory(name="CHU d'ailleurs", territory=other_territory)
    client.force_login(pilot)
    page = client.get("/conventions/nouvelle/").content.decode()
    assert "CHU de Tours" not in page
    found = _ask(client, _source(page, "parties"), q="chu", format="json").json()
    assert [r["label"] for r in found["results"]] == ["CHU de Tours"]
