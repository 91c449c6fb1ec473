"""The read-only JSON API and its OpenAPI description."""

import pytest

from directory.models import Service
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory
from tests.queries import assert_same_count, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(territory, organisation):
    tours = CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    chinon = CommuneFactory(insee_code="37072", name="Chinon", territory=territory)
    return [
        ServiceFactory(
            organisation=organisation,
            name="Café des aidants",
            categories=["famille--soutien-aidants"],
            publics=["familles"],
            communes_served=[tours],
            professional_phone="02 47 99 99 99",
        ),
        ServiceFactory(
            organisation=organisation,
            name="Plateforme de répit des aidants",
            categories=["famille--soutien-aidants"],
            communes_served=[chinon],
            age_min=60,
        ),
        ServiceFactory(organisation=organisation, name="Brouillon des aidants", live=False),
    ]


def test_openapi_description_lists_the_endpoints(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    description = response.json()
    assert description["openapi"].startswith("3.")
    assert {"/api/services", "/api/search", "/api/services/{slug}", "/api/organisations",
            "/api/organisations/{slug}"} <= set(description["paths"])  # fmt: skip


def test_services_endpoint_lists_live_services_with_the_search_filters(client, services):
    response = client.get("/api/services", {"q": "aidant", "category": "famille--soutien-aidants"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert sorted(s["name"] for s in data["results"]) == [
        "Café des aidants",
        "Plateforme de répit des aidants",
    ]
    assert data["results"][0]["professional"] is None


def test_search_endpoint_answers_eligibility_with_reasons(client, services):
    response = client.get("/api/search", {"q": "aidants", "age": "40", "commune": "37261"})
    assert response.status_code == 200
    data = response.json()
    assert [s["name"] for s in data["results"]] == ["Café des aidants"]
    assert data["excluded_count"] == 1
    excluded = data["excluded"][0]
    assert excluded["service"]["name"] == "Plateforme de répit des aidants"
    assert excluded["eligibility"]["reasons"] == ["âge minimum 60 ans", "commune non desservie"]
    assert {f["value"]: f["count"] for f in data["facets"]["category"]} == {
        "famille--soutien-aidants": 2
    }


@pytest.mark.parametrize(
    "params", [{"age": "abc"}, {"age": "-3"}, {"category": "inconnue"}, {"commune": "00000"}]
)
def test_bad_filters_get_a_400_with_the_reason(client, services, params):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


def test_service_detail_hides_professional_contacts_from_visitors(client, partner, services):
    response = client.get("/api/services/cafe-des-aidants")
    assert response.status_code == 200
    assert response.json()["professional"] is None
    client.force_login(partner)
    response = client.get("/api/services/cafe-des-aidants")
    assert response.json()["professional"]["phone"] == "02 47 99 99 99"


def test_unpublished_or_unknown_service_is_404(client, services):
    assert client.get("/api/services/brouillon-des-aidants").status_code == 404
    assert client.get("/api/services/inconnu").status_code == 404


def test_organisation_endpoints(client, organisation, services):
    response = client.get("/api/organisations")
    assert response.status_code == 200
    assert organisation.slug in [o["slug"] for o in response.json()["results"]]
    detail = client.get(f"/api/organisations/{organisation.slug}").json()
    assert sorted(s["name"] for s in detail["services"]) == [
        "Café des aidants",
        "Plateforme de répit des aidants",
    ]
    assert (detail["services_count"], detail["page"], detail["pages"]) == (2, 1, 1)


def test_an_organisation_lists_its_services_fifty_a_page_in_the_same_queries(
    client, organisation, services
):
    url = f"/api/organisations/{organisation.slug}"
    small = page_queries(client, url)
    for i in range(60):
        ServiceFactory(organisation=organisation, name=f"Zz permanence {i:02d}")
    assert_same_count(small, page_queries(client, url))
    first = client.get(url).json()
    assert (first["services_count"], first["pages"], len(first["services"])) == (62, 2, 50)
    second = client.get(url, {"page": 2}).json()
    assert [s["name"] for s in second["services"]] == [
        f"Zz permanence {i:02d}" for i in range(48, 60)
    ]
    assert client.get(url, {"page": "deux"}).status_code == 400


def test_search_endpoint_runs_the_same_number_of_queries_for_more_results(
    client, organisation, services
):
    params = {"q": "aidants", "age": "70", "commune": "37261"}
    small = page_queries(client, "/api/search", params)
    for i in range(20):
        ServiceFactory(
            organisation=organisation,
            name=f"Groupe de parole des aidants {i}",
            categories=["famille--soutien-aidants"],
            access_mode=Service.AccessMode.REFERRAL,
        )
    assert_same_count(small, page_queries(client, "/api/search", params))
    computed = page_queries(client, "/api/search", params, renew=["directory"])
    assert_same_count(computed, page_queries(client, "/api/search", params, renew=["directory"]))


def test_a_kept_answer_follows_changes_and_keeps_professional_contacts_to_professionals(
    client, partner, services
):
    """Answers are kept for the directory's version: a change shows at once; what was kept for
    a member of the network (with professional contacts) is never served to a visitor."""
    client.force_login(partner)
    for path in ("/api/services", "/api/search"):
        (cafe,) = [r for r in client.get(path, {"q": "café"}).json()["results"]]
        assert cafe["professional"]["phone"] == "02 47 99 99 99"
    client.logout()
    for path in ("/api/services", "/api/search"):
        (cafe,) = [r for r in client.get(path, {"q": "café"}).json()["results"]]
        assert cafe["professional"] is None
    services[0].name = "Café des aidants de Tours"
    services[0].save()
    for path in ("/api/services", "/api/search"):
        names = [r["name"] for r in client.get(path, {"q": "aidants"}).json()["results"]]
        assert "Café des aidants de Tours" in names


def test_openapi_declares_every_query_parameter_of_the_search_and_list_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]

    def parameters(path):
        return {p["name"] for p in paths[path]["get"].get("parameters", []) if p["in"] == "query"}

    filters = {"q", "category", "public", "served", "access", "kind", "page"}
    assert parameters("/api/services") == filters
    assert parameters("/api/search") == filters | {"age", "commune", "referred"}
    assert parameters("/api/organisations") == {"page"}
    assert parameters("/api/organisations/{slug}") == {"page"}
    assert "filtered like the search page" in paths["/api/services"]["get"]["description"]
    category = next(
        p for p in paths["/api/services"]["get"]["parameters"] if p["name"] == "category"
    )
    assert category["schema"]["type"] == "array" and category.get("description")


def test_repeated_list_parameters_filter_like_the_search_page(client, services):
    response = client.get(
        "/api/services",
        {"category": "famille--soutien-aidants", "access": ["direct", "referral", "both"]},
    )
    assert response.status_code == 200 and response.json()["count"] == 2


@pytest.mark.parametrize("path", ["/api/services/inconnu", "/api/organisations/inconnue"])
def test_a_missing_entry_answers_404_in_the_declared_error_shape(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert set(response.json()) == {"errors"}


def test_a_bad_page_number_answers_400_in_the_declared_error_shape(client, db):
    response = client.get("/api/organisations", {"page": "abc"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"page"}


def test_the_interactive_documentation_is_served_by_the_portal_under_its_csp(client, db):
    from django.contrib.staticfiles import finders

    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert "cdn" not in page.lower()
    assert "<script>" not in page and "style=" not in page
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert f"/static/{asset}" in page
        assert finders.find(asset)
