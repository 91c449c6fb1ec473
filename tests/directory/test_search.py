"""The directory search: words in French with or without accents, facets with counts, and
bad input answered with a clear message."""

import pytest

from directory.models import Organisation, Service
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(territory):
    return {
        "tours": CommuneFactory(insee_code="37261", name="Tours", territory=territory),
        "chinon": CommuneFactory(insee_code="37072", name="Chinon", territory=territory),
    }


@pytest.fixture
def directory(territory, communes):
    hospital = OrganisationFactory(
        name="CHU de Tours",
        slug="chu-de-tours",
        kind=Organisation.Kind.HOSPITAL,
        territory=territory,
    )
    association = OrganisationFactory(
        name="Association des aidants", slug="association-des-aidants",
        kind=Organisation.Kind.COMMUNITY, territory=territory,
    )  # fmt: skip
    csapa = OrganisationFactory(
        name="CSAPA Port-Bretagne",
        slug="csapa",
        kind=Organisation.Kind.ADDICTION,
        territory=territory,
    )
    return {
        "hebergement": ServiceFactory(
            organisation=hospital,
            name="Hébergement temporaire en sortie d'hospitalisation",
            summary="Quelques semaines d'hébergement avant le retour à domicile.",
            categories=["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
            publics=["seniors"],
            communes_served=[communes["tours"]],
            age_min=60,
            access_mode=Service.AccessMode.REFERRAL,
        ),
        "aidants": ServiceFactory(
            organisation=association,
            name="Café des aidants",
            summary="Rencontres mensuelles pour les aidants familiaux.",
            categories=["famille--soutien-aidants"],
            publics=["familles"],
            serves_whole_territory=True,
        ),
        "toxicomanie": ServiceFactory(
            organisation=csapa,
            name="Consultation jeunes consommateurs",
            summary="Écoute et soins en toxicomanie pour les jeunes.",
            categories=["sante--addictions"],
            publics=["jeunes"],
            communes_served=[communes["chinon"]],
            age_min=12,
            age_max=25,
        ),
    }


def names(response):
    return [s.name for s in response.context["result"].page.object_list]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("hebergement temporaire", "Hébergement temporaire en sortie d'hospitalisation"),
        ("hébergement", "Hébergement temporaire en sortie d'hospitalisation"),
        ("HEBERGEMENTS", "Hébergement temporaire en sortie d'hospitalisation"),
        ("aidant", "Café des aidants"),
        ("aidants", "Café des aidants"),
        ("toxicomanie", "Consultation jeunes consommateurs"),
        ("ecoute", "Consultation jeunes consommateurs"),
    ],
)
def test_search_folds_accents_and_plurals(client, directory, query, expected):
    response = client.get("/annuaire/", {"q": query})
    assert response.status_code == 200
    assert names(response) == [expected]


def test_search_without_words_lists_every_live_service(client, directory):
    ServiceFactory(name="Brouillon jamais publié", live=False)
    response = client.get("/annuaire/")
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(s.name for s in directory.values())


def test_search_never_shows_an_unpublished_service(client, directory):
    ServiceFactory(name="Hébergement provisoire non publié", live=False)
    response = client.get("/annuaire/", {"q": "hebergement"})
    assert "Hébergement provisoire non publié" not in names(response)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"category": "famille--soutien-aidants"}, ["Café des aidants"]),
        ({"public": "jeunes"}, ["Consultation jeunes consommateurs"]),
        ({"served": "37072"}, ["Café des aidants", "Consultation jeunes consommateurs"]),
        ({"access": "referral"}, ["Hébergement temporaire en sortie d'hospitalisation"]),
        ({"kind": "addiction"}, ["Consultation jeunes consommateurs"]),
        (
            {"public": ["jeunes", "familles"]},
            ["Café des aidants", "Consultation jeunes consommateurs"],
        ),
        ({"public": "jeunes", "kind": "community"}, []),
    ],
)
def test_each_facet_narrows_the_results(client, directory, params, expected):
    response = client.get("/annuaire/", params)
    assert response.status_code == 200
    assert sorted(names(response)) == expected


def test_facets_show_counts_of_the_current_results(client, directory):
    response = client.get("/annuaire/", {"served": "37261"})
    facets = response.context["result"].facets
    assert {f["value"]: f["count"] for f in facets["kind"]} == {"hospital": 1, "community": 1}
    assert {f["value"]: f["count"] for f in facets["served"]} == {"37261": 2, "37072": 1}
    body = response.content.decode()
    assert "(2)" in body


def test_search_url_keeps_words_and_facets_for_bookmarking(client, directory):
    response = client.get("/annuaire/", {"q": "aidants", "public": "familles"})
    body = response.content.decode()
    assert 'value="aidants"' in body
    assert "export.csv?q=aidants&amp;public=familles" in body


@pytest.mark.parametrize(
    "params, message",
    [
        ({"category": "inconnue"}, "inconnue"),
        ({"kind": "castle"}, "castle"),
        ({"age": "-3"}, "négatif"),
        ({"age": "400"}, "120"),
        ({"age": "abc"}, "nombre entier"),
        ({"commune": "99999"}, "Aucune commune"),
        ({"served": "99999"}, "Aucune commune"),
        ({"q": "aide " * 100}, "trop longue"),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error(client, directory, params, message):
    response = client.get("/annuaire/", params, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.postgres
def test_postgres_ranks_a_name_match_before_a_passing_mention(client, territory):
    organisation = OrganisationFactory(territory=territory)
    ServiceFactory(
        organisation=organisation,
        name="Portage de repas",
        summary="Repas livrés",
        description="Les aidants peuvent aussi commander.",
    )
    ServiceFactory(
        organisation=organisation,
        name="Plateforme d'accompagnement et de répit des aidants",
        summary="Soutien aux aidants familiaux",
        description="Écoute, formation et répit pour les aidants.",
    )
    response = client.get("/annuaire/", {"q": "aidant"})
    assert names(response) == [
        "Plateforme d'accompagnement et de répit des aidants",
        "Portage de repas",
    ]


@pytest.mark.postgres
def test_postgres_configuration_folds_accents():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french_unaccent', 'Hébergement temporaire')::text")
        (vector,) = cursor.fetchone()
    assert "heberg" in vector


def test_ranked_ids_agree_with_the_search_backend(directory, territory):
    from wagtail.search.backends import get_search_backend

    from directory.selectors import service_ranked_ids

    organisation = OrganisationFactory(territory=territory)
    for i in range(5):
        ServiceFactory(
            organisation=organisation,
            name=f"Groupe {i}",
            summary="Soutien aux aidants " * (i + 1),
        )
    backend_order = list(
        get_search_backend()
        .search("aidant", Service.objects.all(), operator="and")
        .get_queryset()
        .values_list("pk", flat=True)
    )
    ranked = service_ranked_ids("aidants")
    assert set(ranked) == set(backend_order)
    from django.db import connection

    if connection.vendor == "sqlite":  # same BM25 expression, read once from the index
        assert ranked == backend_order
