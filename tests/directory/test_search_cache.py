"""The search's matches and facet counts are kept in the shared cache for the directory's
version: after every kind of change of what the search reads, the page says what a search
computed from scratch says, and the change shows."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from directory.filters import SearchForm, ServiceFilterSet
from directory.models import Category, Organisation, Service
from directory.selectors import service_search
from tests.directory.factories import ServiceFactory, category, public
from tests.factories import CommuneFactory, OrganisationFactory, RegionFactory
from tests.queries import assert_same_count

pytestmark = pytest.mark.django_db

SEARCHES = [
    {"q": "aidants"},
    {"q": "aidants", "public": "seniors"},
    {"category": "famille--soutien-aidants", "age": "70", "commune": "37261"},
    {"q": "aidants", "age": "50", "commune": "37261", "kind": "ccas"},
    {},
]


def _outcome(params):
    params = QueryDict(urlencode(params))
    form = SearchForm(params, professional=True)
    filterset = ServiceFilterSet(params, queryset=Service.objects.none())
    assert form.is_valid() and filterset.is_valid()
    result = service_search(query=form.cleaned_data["q"], filterset=filterset, person=form.person())
    return (
        result.total,
        [s.pk for s in result.page.object_list],
        result.excluded_total,
        [s.pk for s, _answer in result.excluded],
        result.facets,
    )


def assert_exact():
    """Every search, as kept, equals the same search computed with nothing kept."""
    kept = [_outcome(params) for params in SEARCHES]
    cache.clear()
    assert kept == [_outcome(params) for params in SEARCHES]


@pytest.fixture
def directory(territory):
    tours = CommuneFactory(territory=territory, insee_code="37261", name="Tours")
    joue = CommuneFactory(territory=territory, insee_code="37122", name="Joué-lès-Tours")
    services = []
    for i, kind in enumerate(["ccas", "community", "ccas", "ssiad"]):
        services.append(
            ServiceFactory(
                organisation=OrganisationFactory(territory=territory, kind=kind),
                name=f"Soutien des aidants {i}",
                categories=["famille--soutien-aidants"],
                publics=["seniors"] if i % 2 else ["familles"],
                communes_served=[tours] if i < 2 else [joue],
                age_min=60 if i == 3 else None,
            )
        )
    for params in SEARCHES:  # kept in the cache
        _outcome(params)
    return {"services": services, "tours": tours, "joue": joue}


def _facet(facets, name, value):
    return next((row["count"] for row in facets[name] if row["value"] == value), 0)


def test_a_service_saved_or_its_lists_changed_shows_at_once(directory):
    service = directory["services"][0]
    before = _outcome({"q": "aidants"})
    service.name = "Répit pour les aidants"
    service.access_mode = Service.AccessMode.REFERRAL
    service.save()
    after = _outcome({"q": "aidants"})
    assert _facet(after[4], "access", "referral") == _facet(before[4], "access", "referral") + 1
    # Parental lists are written when the service is saved (as a form or a revision does).
    service.publics.add(public("seniors"))
    service.save()
    assert _facet(_outcome({"q": "aidants"})[4], "public", "seniors") == 3
    service.communes_served.add(directory["joue"])
    service.categories.add(category("sante--acces-aux-soins"))
    service.save()
    assert _facet(_outcome({"q": "aidants"})[4], "category", "sante--acces-aux-soins") == 1
    assert_exact()
    service.publics.remove(public("seniors"))
    service.save()
    assert _facet(_outcome({"q": "aidants"})[4], "public", "seniors") == 2


def test_a_new_unpublished_or_deleted_service_shows_at_once(directory):
    total = _outcome({"q": "aidants"})[0]
    new = ServiceFactory(
        organisation=directory["services"][0].organisation,
        name="Halte répit des aidants",
        categories=["famille--soutien-aidants"],
    )
    assert _outcome({"q": "aidants"})[0] == total + 1
    assert_exact()
    new.unpublish()
    assert _outcome({"q": "aidants"})[0] == total
    assert_exact()
    directory["services"][1].delete()
    assert _outcome({"q": "aidants"})[0] == total - 1
    assert_exact()


def test_an_organisation_category_or_commune_changed_shows_at_once(directory):
    organisation = directory["services"][0].organisation
    organisation.kind = "ssiad"
    organisation.save()
    assert _facet(_outcome({"q": "aidants"})[4], "kind", "ssiad") == 2
    assert_exact()
    label = Category.objects.get(value="famille--soutien-aidants")
    label.label = "Aidants (soutien)"
    label.save()
    assert _outcome({})[4]["category"][0]["label"] == "Aidants (soutien)"
    tours = directory["tours"]
    tours.name = "Tours (Indre-et-Loire)"
    tours.save()
    served = {row["value"]: row["label"] for row in _outcome({})[4]["served"]}
    assert served["37261"] == "Tours (Indre-et-Loire)"
    assert_exact()


def test_a_territory_joining_a_region_shows_in_the_regions_directory(client, directory, territory):
    from regions.filters import RegionServiceFilterSet

    region = RegionFactory(name="Centre-Val de Loire", slug="centre-val-de-loire")

    def region_total():
        filterset = RegionServiceFilterSet({}, queryset=Service.objects.none(), region=region)
        assert filterset.is_valid()
        return service_search(query="", filterset=filterset).total

    assert region_total() == 0
    territory.region = region
    territory.save()
    assert region_total() == 4
    # The directory's own search and the region's are kept apart.
    assert _outcome({})[0] == Service.objects.filter(live=True).count()


def test_an_import_writing_organisations_in_bulk_shows_at_once(directory, territory, tmp_path):
    path = tmp_path / "services.csv"
    call_command("directory_export", "--format", "csv", str(path), stdout=io.StringIO())
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        row["organisation_kind"] = "community"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert _facet(_outcome({"q": "aidants"})[4], "kind", "community") == 1
    call_command(
        "directory_import", "--format", "csv", "--territory", territory.slug, str(path),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert set(Organisation.objects.values_list("kind", flat=True)) == {"community"}
    assert _facet(_outcome({"q": "aidants"})[4], "kind", "community") == 4
    assert_exact()


def _search_queries(params) -> int:
    with CaptureQueriesContext(connection) as context:
        _outcome(params)
    return len(context.captured_queries)


def test_a_search_computed_afresh_or_read_from_the_cache_costs_the_same_at_two_sizes(directory):
    """The search computed (the first request after a change) and read from the cache run as
    many queries with more data as with less."""
    params = {"q": "aidants", "age": "70", "commune": "37261"}
    cache.clear()
    small = (_search_queries(params), _search_queries(params))
    organisation = directory["services"][0].organisation
    for i in range(12):
        ServiceFactory(
            organisation=organisation,
            name=f"Relais des aidants {i}",
            categories=["famille--soutien-aidants"],
            publics=["seniors"],
            communes_served=[directory["tours"], directory["joue"]],
        )
    cache.clear()
    large = (_search_queries(params), _search_queries(params))
    assert_same_count(["q"] * small[0], ["q"] * large[0])
    assert_same_count(["q"] * small[1], ["q"] * large[1])
    assert large[1] < large[0]
