"""The indicators are kept by territory (register.territory_versions): a change in another
territory of the region keeps them, a change in theirs shows at once (a dysfunction, a step of
its road, a link made from either side, a « me too », a move from one territory to another),
and a change of what every territory shows (a service renamed, a write without signals) shows
everywhere."""

import pytest
from django.core.cache import cache

from portal import versions
from register.indicators import dysfunctions_counted, indicators_compute, indicators_for
from register.models import DysfunctionState
from register.territory_versions import register_changed
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory, UserFactory
from tests.queries import watch_kept
from tests.register.factories import DysfunctionFactory, MeTooFactory

pytestmark = pytest.mark.django_db
S = DysfunctionState


@pytest.fixture
def two(territory, other_territory):
    """Two dysfunctions in each of two territories, and a service linked to one of each."""
    here = CommuneFactory(territory=territory, name="Tours")
    there = CommuneFactory(territory=other_territory, name="Blois")
    service = ServiceFactory(
        organisation=OrganisationFactory(territory=territory), name="Portage de repas"
    )
    rows = {
        "here": [DysfunctionFactory(territory=territory, commune=here) for _ in range(2)],
        "there": [DysfunctionFactory(territory=other_territory, commune=there) for _ in range(2)],
    }
    rows["here"][0].services.add(service)
    rows["there"][0].services.add(service)
    return rows, service


def indicators(territory):
    return indicators_for(territory_ids=[territory.pk])


def fresh(territory):
    return indicators_compute(dysfunctions_counted(territory_ids=[territory.pk]))


def test_a_change_in_another_territory_keeps_the_indicators(
    two, territory, other_territory, monkeypatch
):
    rows, _service = two
    filer, joining = UserFactory(), UserFactory()  # new accounts (saved twice by the factory)
    kept = watch_kept(monkeypatch)
    assert indicators(territory).total == 2
    assert [type(value).__name__ for value, _t in kept] == ["Indicators"]
    kept.clear()
    DysfunctionFactory(territory=other_territory, commune=rows["there"][0].commune, filer=filer)
    rows["there"][1].state = S.CLOSED
    rows["there"][1].save()
    MeTooFactory(dysfunction=rows["there"][0], filer=joining)
    assert indicators(territory).total == 2
    assert kept == []  # read from what was kept
    assert indicators(other_territory) == fresh(other_territory)
    assert indicators(other_territory).total == 3


def test_a_change_in_the_territory_shows_at_once(two, territory):
    rows, service = two
    assert indicators(territory).me_too == 0
    MeTooFactory(dysfunction=rows["here"][1], filer=UserFactory())
    assert indicators(territory).me_too == 1
    rows["here"][1].state = S.CLOSED
    rows["here"][1].save(update_fields=["state"])
    assert indicators(territory).closed == 1
    # A link made from the service's side names the dysfunctions, not their territory.
    service.dysfunctions.add(rows["here"][1])
    assert (
        dict(indicators(territory).by_service)[f"{service.name} — {service.organisation.name}"] == 2
    )
    assert indicators(territory) == fresh(territory)
    cache.clear()
    assert indicators(territory) == fresh(territory)


def test_a_dysfunction_moved_leaves_one_territory_and_enters_the_other(
    two, territory, other_territory
):
    rows, _service = two
    assert (indicators(territory).total, indicators(other_territory).total) == (2, 2)
    moved = rows["here"][1]
    moved.territory = other_territory
    moved.commune = rows["there"][0].commune
    moved.save()
    assert (indicators(territory).total, indicators(other_territory).total) == (1, 3)


def test_what_every_territory_shows_renews_them_all(two, territory, other_territory):
    rows, service = two
    name = f"{service.name} — {service.organisation.name}"
    assert name in dict(indicators(territory).by_service)
    assert name in dict(indicators(other_territory).by_service)
    service.name = "Repas à domicile"
    service.save()
    renamed = f"Repas à domicile — {service.organisation.name}"
    assert renamed in dict(indicators(territory).by_service)
    assert renamed in dict(indicators(other_territory).by_service)
    # A write without signals says so for every territory.
    type(rows["there"][1]).objects.filter(pk=rows["there"][1].pk).update(state=S.CLOSED)
    register_changed()
    assert indicators(other_territory).closed == 1


def test_a_territorys_change_renews_the_regions_version_too(two, territory):
    rows, _service = two
    region_wide = versions.current("register")
    rows["here"][0].state = S.CLOSED
    rows["here"][0].save()
    assert versions.current("register") != region_wide


def test_a_regions_indicators_are_kept_whatever_its_number_of_territories(monkeypatch):
    """Kept for forty territories' versions at once, their place stays within the length a
    cache takes for a key (the database cache's column is 255 characters)."""
    import warnings

    from django.core.cache import CacheKeyWarning

    from tests.factories import TerritoryFactory

    territories = [TerritoryFactory() for _ in range(40)]
    for territory in territories:
        versions.changed(f"register@{territory.pk}")  # each territory's version exists
    ids = [t.pk for t in territories]
    kept = watch_kept(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        first = indicators_for(territory_ids=ids)
        assert indicators_for(territory_ids=ids) == first
    assert len(kept) == 1  # computed once, then read from what was kept
