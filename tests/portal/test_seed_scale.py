"""`seed_scale` loads a region beside the demo territory, with the demo accounts in it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.models import Seat
from portal.models import Territory
from register.models import Dysfunction

pytestmark = pytest.mark.django_db


def test_seed_scale_loads_a_small_region_and_attaches_the_demo_accounts():
    call_command("seed_scale", scale=0.01, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Territory.objects.filter(slug__startswith="region-").count() == 1
    assert Dysfunction.objects.filter(territory__slug="region-01").count() > 0
    # The demo member sits at loaded tables and the pilot's territory holds loaded rows.
    assert Seat.objects.filter(
        user__email="membre@example.org", table__slug__startswith="region-table-"
    ).exists()
    assert Dysfunction.objects.filter(territory__slug="touraine", state="submitted").count() > 20
    with pytest.raises(CommandError):
        call_command("seed_scale", scale=0.01)
