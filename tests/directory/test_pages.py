"""Service and organisation pages: what each role sees; the menu entry; query counts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Service
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory
from tests.queries import assert_same_count, page_queries

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
        age_min=60,
        categories=["equipement-et-alimentation--alimentation"],
    )


def test_visitor_reads_a_service_page_without_professional_contacts(client, service):
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Portage de repas à domicile" in body
    assert "<strong>repas</strong>" in body
    assert "02 47 00 00 01" in body
    assert "02 47 00 00 99" not in body
    assert "Mme Martin" not in body


@pytest.mark.parametrize("role", ["partner", "case_manager", "tactical_member", "pilot"])
def test_network_members_see_professional_contacts(client, service, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    assert "02 47 00 00 99" in response.content.decode()


def test_out_of_date_entry_is_flagged(client, service):
    Service.objects.filter(pk=service.pk).update(
        last_verified_on=timezone.localdate() - timedelta(days=400)
    )
    response = client.get(service.get_absolute_url())
    assert response.context["out_of_date"] is True


def test_visitor_cannot_see_an_unpublished_service(client, organisation):
    draft = ServiceFactory(organisation=organisation, live=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editor_sees_their_unpublished_service(client, partner, organisation):
    draft = ServiceFactory(organisation=organisation, live=False)
    client.force_login(partner)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_organisation_page_lists_its_live_services(client, organisation, service):
    ServiceFactory(organisation=organisation, name="Service en préparation", live=False)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Portage de repas à domicile" in body
    assert "Service en préparation" not in body


def test_unknown_pages_are_404(client, db):
    assert client.get("/annuaire/services/inconnu/").status_code == 404
    assert client.get("/annuaire/structures/inconnue/").status_code == 404


def test_directory_is_in_the_main_menu_for_everyone(client, db):
    response = client.get("/annuaire/")
    assert 'href="/annuaire/"' in response.content.decode()


def _seed(territory, size, communes=None):
    communes = communes or [CommuneFactory(territory=territory) for _ in range(3)]
    start = Service.objects.count()
    for i in range(start, start + size):
        organisation = OrganisationFactory(territory=territory)
        ServiceFactory(
            organisation=organisation,
            name=f"Service d'aide aux aidants {i}",
            categories=["famille--soutien-aidants", "sante--acces-aux-soins"],
            publics=["seniors", "familles"],
            communes_served=communes[: 1 + i % 3],
            required_conditions=["prescription-medicale"],
            age_min=60 if i % 2 else None,
            access_mode=Service.AccessMode.REFERRAL if i % 3 == 0 else Service.AccessMode.DIRECT,
        )
    return communes


def test_search_page_runs_the_same_number_of_queries_for_more_results(client, territory):
    communes = _seed(territory, 3)
    params = {
        "q": "aidants",
        "category": "famille--soutien-aidants",
        "public": "seniors",
        "served": communes[0].insee_code,
        "age": "70",
        "commune": communes[0].insee_code,
    }
    small = page_queries(client, "/annuaire/", params)
    small_computed = page_queries(client, "/annuaire/", params, renew=["directory"])
    _seed(territory, 27, communes)
    large = page_queries(client, "/annuaire/", params)
    assert_same_count(small, large)  # the results kept for the directory's version
    assert_same_count(
        small_computed, page_queries(client, "/annuaire/", params, renew=["directory"])
    )
    assert len(small_computed) > len(small)
    body = client.get("/annuaire/", params).content.decode()
    taken = re.search(r"(\d+) services? accueillerai", body)
    assert taken and int(taken.group(1)) > 3, body


def test_service_and_organisation_pages_run_the_same_number_of_queries_for_more_data(
    client, territory, partner
):
    communes = _seed(territory, 3)
    service = Service.objects.select_related("organisation").first()
    client.force_login(partner)
    small = page_queries(client, service.get_absolute_url())
    small_organisation = page_queries(client, service.organisation.get_absolute_url())
    _seed(territory, 27, communes)
    ServiceFactory.create_batch(
        10, organisation=service.organisation, publics=["seniors"], communes_served=communes
    )
    assert_same_count(small, page_queries(client, service.get_absolute_url()))
    assert_same_count(
        small_organisation, page_queries(client, service.organisation.get_absolute_url())
    )


def _results(body):
    return body[body.index('<div class="directory-layout">') : body.index("</section>")]


def test_a_long_search_reads_page_by_page_the_same_from_what_is_kept(client, territory):
    _seed(territory, 25)
    computed = client.get("/annuaire/", {"q": "aidants"}).content.decode()
    kept = client.get("/annuaire/", {"q": "aidants"}).content.decode()
    assert "Page 1 sur 2" in computed and _results(kept) == _results(computed)
    second = client.get("/annuaire/", {"q": "aidants", "page": "2"}).content.decode()
    assert "Page 2 sur 2" in second
    names = set(re.findall(r"Service d&#x27;aide aux aidants \d+", computed))
    later = set(re.findall(r"Service d&#x27;aide aux aidants \d+", second))
    assert len(names) == 20 and len(later) == 5 and not names & later
