"""The indicators page's figures, charts and tables are rendered once for the register's version
and kept: a change shows on the next request, each person reads the figures of the territories
they may read, each language its own words."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from register.models import DysfunctionState
from tests.factories import TerritoryPilotFactory, UserFactory, enable_mfa
from tests.register.factories import DysfunctionFactory, category
from tests.register.test_indicators import known  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
S = DysfunctionState


@pytest.fixture
def made(request):
    """The known dysfunctions of tests/register/test_indicators.py."""
    return request.getfixturevalue("known")


def figures(client, url="/indicateurs/") -> str:
    html = client.get(url).content.decode()
    return html[html.index('<dl class="register-kpis">') : html.rindex("</main>")]


def submitted(client, url="/indicateurs/") -> int:
    return int(
        re.search(
            r'<dl class="register-kpis">\s*<div><dt>[^<]*</dt><dd>(\d+)<', figures(client, url)
        )[1]
    )


def closed(html) -> int:
    return int(re.search(r"<dd>(\d+) \(", html)[1])


def computed_now(client, url="/indicateurs/") -> str:
    cache.clear()
    return figures(client, url)


def test_a_new_dysfunction_counted_shows_on_the_next_request(client, pilot, made, territory):
    client.force_login(pilot)
    assert submitted(client) == 6
    assert submitted(client) == 6  # read from what is kept
    DysfunctionFactory(
        territory=territory,
        commune=made[0].commune,
        category=category("logement"),
        submitted_at=datetime(2026, 9, 9, tzinfo=UTC),
    )
    kept = figures(client)
    assert submitted(client) == 7
    assert kept == computed_now(client)
    assert closed(kept) == 2
    made[2].state = S.CLOSED
    made[2].closed_at = datetime(2026, 5, 1, tzinfo=UTC)
    made[2].save()
    kept = figures(client)
    assert closed(kept) == 3
    assert kept == computed_now(client)


def test_each_person_reads_the_figures_of_their_own_territories(
    client, pilot, made, other_territory
):
    client.force_login(pilot)
    assert submitted(client) == 6
    berry = UserFactory(email="pilote.berry@exemple.fr")
    TerritoryPilotFactory(territory=other_territory, user=berry)
    enable_mfa(berry)
    client.force_login(berry)
    assert submitted(client) == 0
    assert "Touraine" not in client.get("/indicateurs/").content.decode()
    client.force_login(pilot)
    assert submitted(client) == 6


def test_the_filters_and_the_language_are_kept_apart(client, pilot, made):
    client.force_login(pilot)
    assert submitted(client) == 6
    assert submitted(client, "/indicateurs/?start=2026-04-01") == 4
    assert submitted(client, "/indicateurs/?start=2026-04-01&end=2026-04-30") == 1
    french = figures(client)
    assert "Dysfunctions submitted" not in french
    client.cookies.load({"django_language": "en"})
    assert "Dysfunctions submitted" in figures(client)
    client.cookies.load({"django_language": "fr"})
    assert figures(client) == french
