"""`seed_scale` loads a region beside the demo territory, with the demo accounts in it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alerts.models import SavedSearch
from alerts.selectors import saved_search_results
from meetings.models import Seat, Table
from portal.models import RegionalCoordinator, Territory
from register.models import Dysfunction
from tests.factories import enable_mfa

pytestmark = pytest.mark.django_db


def test_seed_scale_loads_a_small_region_and_attaches_the_demo_accounts(client):
    call_command("seed_scale", scale=0.01, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Territory.objects.filter(slug__startswith="region-").count() == 1
    assert Dysfunction.objects.filter(territory__slug="region-01").count() > 0
    # The demo member sits at loaded tables and the pilot's territory holds loaded rows.
    assert Seat.objects.filter(
        user__email="membre@example.org", table__slug__startswith="region-table-"
    ).exists()
    assert Dysfunction.objects.filter(territory__slug="touraine", state="submitted").count() > 20
    # The loaded territories join the demo's region, with its table and coordinator, so
    # that the region's pages read them all.
    home = Territory.objects.get(slug="touraine")
    region = home.region
    assert region is not None
    assert set(Territory.objects.filter(slug__startswith="region-").values_list(
        "region_id", flat=True)) == {region.pk}  # fmt: skip
    assert Table.objects.filter(region=region, kind="strategic").exists()
    coordinator = RegionalCoordinator.objects.filter(region=region).first().user
    enable_mfa(coordinator)
    client.force_login(coordinator)
    compared = client.get(f"/region/{region.slug}/indicateurs/").content.decode()
    assert "Territoire 01" in compared and "Touraine" in compared
    assert "Territoire 01" in client.get(f"/region/{region.slug}/").content.decode()
    # Saved searches of the region's people, each holding what it finds: nothing to tell yet.
    searches = SavedSearch.objects.filter(user__email__endswith="@region.example.org")
    assert searches.filter(frequency="immediate").exists()
    assert searches.filter(frequency="weekly").exists()
    assert any(saved.snapshot for saved in searches)
    assert all(saved_search_results(saved) == saved.snapshot for saved in searches)
    with pytest.raises(CommandError):
        call_command("seed_scale", scale=0.01)
