"""The register's page count is kept between requests, and follows every change of the register
(portal/pagination.py)."""

import pytest

from register.models import Dysfunction
from register.models import DysfunctionState as S
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db

PAGE = 50


def _pages(client, url="/registre/"):
    body = client.get(url).content.decode()
    for total in range(1, 5):
        if f"Page 1 sur {total}" in body:
            return total
    return 1  # one page: no pagination shown


def test_the_register_count_follows_new_changed_and_deleted_dysfunctions(
    client, pilot, territory, commune
):
    client.force_login(pilot)
    DysfunctionFactory.create_batch(PAGE, territory=territory, commune=commune, state=S.SUBMITTED)
    assert _pages(client) == 1
    assert _pages(client) == 1  # read again: from the cache
    extra = DysfunctionFactory(territory=territory, commune=commune, state=S.SUBMITTED)
    assert _pages(client) == 2
    extra.state = S.DRAFT  # a draft of somebody else: the pilot no longer sees it
    extra.save()
    assert _pages(client) == 1
    extra.state = S.QUALIFIED
    extra.save()
    assert _pages(client) == 2
    Dysfunction.objects.filter(pk=extra.pk).delete()
    assert _pages(client) == 1


def test_the_triage_count_follows_the_triage(client, pilot, territory, commune):
    client.force_login(pilot)
    waiting = DysfunctionFactory.create_batch(
        PAGE + 1, territory=territory, commune=commune, state=S.SUBMITTED
    )
    assert _pages(client, "/registre/a-trier/") == 2
    waiting[0].state = S.QUALIFIED
    waiting[0].save()
    assert _pages(client, "/registre/a-trier/") == 1


def test_the_rows_kept_follow_a_renamed_filer_and_a_new_title(client, pilot, territory, commune):
    from tests.factories import UserFactory

    filer = UserFactory(first_name="Aline", last_name="Roux")
    gap = DysfunctionFactory(
        territory=territory, commune=commune, state=S.SUBMITTED, filer=filer, title="Sans relais"
    )
    client.force_login(pilot)
    body = client.get("/registre/").content.decode()
    assert "Aline Roux" in body and "Sans relais" in body
    filer.last_name = "Martin"
    filer.save()
    assert "Aline Martin" in client.get("/registre/").content.decode()
    gap.title = "Retour à domicile sans relais"
    gap.save()
    assert "Retour à domicile sans relais" in client.get("/registre/").content.decode()
