"""Data versions are renewed when the change commits, in one order (portal/db/at_commit.py):
committed with the change or not at all, never kept for others from uncommitted data, and
two transactions renewing versions in opposite orders both commit."""

import threading

import pytest
from django.db import connection, transaction

from portal import versions
from portal.models import DataVersion, Territory
from tests.factories import TerritoryFactory


def _stored(name: str) -> str:
    return DataVersion.objects.get(name=name).token.hex


class Undone(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_change_renews_its_version_when_it_commits():
    before = versions.current("directory")
    with transaction.atomic():
        versions.changed("directory")
        assert _stored("directory") == before  # not yet: no row locked while writing
    assert versions.current("directory") != before


@pytest.mark.django_db(transaction=True)
def test_a_change_undone_renews_nothing():
    before = versions.current("register")
    with pytest.raises(Undone), transaction.atomic():
        versions.changed("register")
        raise Undone
    assert versions.current("register") == before
    # Nothing noted is left over for the next transaction.
    with transaction.atomic():
        DataVersion.objects.filter(name="register").exists()
    assert versions.current("register") == before


@pytest.mark.django_db(transaction=True)
def test_what_a_transaction_computes_from_its_own_change_is_never_kept_for_others(settings):
    # A cache outside the database (as Redis in production): what is set there is not rolled
    # back with the transaction.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "versions-at-commit"}}  # fmt: skip
    territory = TerritoryFactory(name="Touraine")

    def name():
        return versions.cached(
            "meetings", ("name", territory.pk), lambda: Territory.objects.get(pk=territory.pk).name
        )

    assert name() == "Touraine"
    with pytest.raises(Undone), transaction.atomic():
        Territory.objects.filter(pk=territory.pk).update(name="Nom jamais validé")
        versions.changed("meetings")
        assert name() == "Nom jamais validé"  # read inside the transaction that changed it
        raise Undone
    assert name() == "Touraine"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_renewing_versions_in_opposite_orders_both_commit():
    """A dysfunction scheduled on a meeting renews the register then the tables; a meeting
    cancelled with its dysfunctions, the tables then the register. Renewed where they change,
    each transaction held its first version row and waited for the other's: PostgreSQL
    detected the deadlock and failed one of them."""
    before = {name: versions.current(name) for name in ("register", "meetings")}
    both_wrote_first = threading.Barrier(2, timeout=10)
    errors = []

    def write(first, second):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '5s'")
                versions.changed(first)
                both_wrote_first.wait()
                versions.changed(second)
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=("register", "meetings")),
        threading.Thread(target=write, args=("meetings", "register")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert all(versions.current(name) != token for name, token in before.items())


@pytest.mark.django_db(transaction=True)
def test_a_read_undone_with_its_savepoint_does_not_take_the_change_s_renewal_with_it():
    before = versions.current("register")
    with transaction.atomic():
        versions.changed("register")
        with pytest.raises(Undone), transaction.atomic():
            versions.current("register")  # renews at once, inside the savepoint
            raise Undone
    assert versions.current("register") != before


@pytest.mark.django_db
def test_a_change_refused_inside_the_tests_transaction_renews_nothing():
    """In the tests, the application's transactions are savepoints of the test's: one rolled
    back renews nothing, as in production."""
    before = versions.current("register")
    with pytest.raises(Undone), transaction.atomic():
        versions.changed("register")
        raise Undone
    assert versions.current("register") == before
    with transaction.atomic():
        versions.changed("register")
    assert versions.current("register") != before


@pytest.mark.django_db
def test_a_deployment_s_migrate_renews_every_version():
    """What was kept was drawn by the former templates and code."""
    from django.core.management import call_command

    before = {name: versions.current(name) for name in ("directory", "register", "meetings")}
    call_command("migrate", verbosity=0)
    assert all(versions.current(name) != token for name, token in before.items())
