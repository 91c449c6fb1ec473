"""A user of each role, in one territory, ready to sign in (two-factor on where needed)."""

import pytest

from directory.models import Membership
from meetings.models import Table
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RegionalCoordinatorFactory,
    RegionFactory,
    SeatFactory,
    TableFactory,
    TerritoryFactory,
    TerritoryPilotFactory,
    UserFactory,
    enable_mfa,
)


@pytest.fixture
def territory(db):
    return TerritoryFactory(name="Touraine", slug="touraine")


@pytest.fixture
def other_territory(db):
    return TerritoryFactory(name="Berry", slug="berry")


@pytest.fixture
def region(territory):
    """The region of the territory (Touraine), with a second, smaller territory."""
    region = RegionFactory(name="Centre-Val de Loire", slug="centre-val-de-loire")
    territory.region = region
    territory.save()
    TerritoryFactory(name="Blésois", slug="blesois", region=region)
    return region


@pytest.fixture
def regional_table(region):
    return TableFactory(
        name="Table régionale", kind=Table.Kind.STRATEGIC, territory=None, region=region
    )


@pytest.fixture
def coordinator(region):
    """The regional coordinator of the territory's region: reads every territory of it."""
    user = UserFactory(email="coordination@exemple.fr", first_name="Agnès", last_name="Morel")
    RegionalCoordinatorFactory(region=region, user=user)
    enable_mfa(user)
    return user


@pytest.fixture
def organisation(territory):
    return OrganisationFactory(name="CCAS de Tours", slug="ccas-de-tours", territory=territory)


@pytest.fixture
def other_organisation(territory):
    return OrganisationFactory(name="CLIC du Lochois", slug="clic-du-lochois", territory=territory)


@pytest.fixture
def tactical_table(territory):
    return TableFactory(
        name="Table tactique de Touraine", kind=Table.Kind.TACTICAL, territory=territory
    )


@pytest.fixture
def strategic_table(territory):
    return TableFactory(
        name="Table stratégique de Touraine", kind=Table.Kind.STRATEGIC, territory=territory
    )


@pytest.fixture
def pilot(territory):
    user = UserFactory(email="pilote@exemple.fr", first_name="Camille", last_name="Dufresne")
    TerritoryPilotFactory(territory=territory, user=user)
    enable_mfa(user)
    return user


@pytest.fixture
def case_manager(territory):
    user = UserFactory(email="gestionnaire@exemple.fr")
    dac = OrganisationFactory(name="DAC de Touraine", slug="dac-de-touraine", territory=territory)
    MembershipFactory(user=user, organisation=dac, role=Membership.Role.CASE_MANAGER)
    return user


@pytest.fixture
def partner(organisation):
    user = UserFactory(email="partenaire@exemple.fr")
    MembershipFactory(user=user, organisation=organisation, can_edit_directory=True)
    return user


@pytest.fixture
def tactical_member(tactical_table, other_organisation):
    user = UserFactory(email="membre@exemple.fr")
    MembershipFactory(user=user, organisation=other_organisation)
    SeatFactory(table=tactical_table, user=user, organisation=other_organisation)
    return user


@pytest.fixture
def executive(strategic_table, territory):
    user = UserFactory(email="decideur@exemple.fr")
    department = OrganisationFactory(
        name="Conseil départemental", slug="conseil-departemental", territory=territory
    )
    MembershipFactory(user=user, organisation=department)
    SeatFactory(table=strategic_table, user=user, organisation=department)
    enable_mfa(user)
    return user


@pytest.fixture
def administrator(db):
    user = UserFactory(email="admin@exemple.fr", is_superuser=True, is_staff=True)
    enable_mfa(user)
    return user


@pytest.fixture
def outsider(db):
    """Signed in, but with no role in the network."""
    return UserFactory(email="inconnu@exemple.fr")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run in the PostgreSQL pass; on SQLite they are deselected (and
    counted as such), never skipped. Tests marked `browser` (the journeys in chromium) run in
    their own pass, `pytest -m browser`, which .ci/run makes after the unit suites."""
    from django.db import connection

    browser_pass = "browser" in (config.getoption("markexpr") or "")
    postgres = connection.vendor == "postgresql"
    kept, deselected = [], []
    for item in items:
        left_out = (item.get_closest_marker("postgres") and not postgres) or (
            item.get_closest_marker("browser") and not browser_pass
        )
        (deselected if left_out else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _french_after_each_test():
    """A request in English leaves English active in the test's thread (the language
    middleware activates the person's language for the rest of the request, streamed bodies
    included): the next test starts in French again, as every request does."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
