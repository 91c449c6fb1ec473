"""The indicators are kept in the shared cache for the register's version: after every kind of
change of what they count or name, the page says what a computation from scratch says, and the
change shows."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from directory.models import Service
from register.indicators import dysfunctions_counted, indicators_compute, indicators_for
from register.models import DysfunctionState, FeedbackRequest
from register.services.retention import dysfunction_detach_person
from tests.factories import UserFactory
from tests.register.factories import DysfunctionFactory, MeTooFactory, category
from tests.register.test_indicators import known  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
S = DysfunctionState


@pytest.fixture
def made(request):
    """The known dysfunctions of tests/register/test_indicators.py."""
    return request.getfixturevalue("known")


@pytest.fixture
def kept(made, territory):
    """The indicators of the territory, read once (so kept in the cache)."""
    return lambda: indicators_for(territory_ids=[territory.pk])


def fresh(territory):
    return indicators_compute(dysfunctions_counted(territory_ids=[territory.pk]))


def assert_exact(kept, territory):
    assert kept() == fresh(territory)
    cache.clear()
    assert kept() == fresh(territory)


def test_a_dysfunction_changed_added_or_deleted_shows_at_once(kept, made, territory):
    assert kept().closed == 2
    made[2].state = S.CLOSED
    made[2].closed_at = datetime(2026, 5, 1, tzinfo=UTC)
    made[2].save()
    assert kept().closed == 3
    assert_exact(kept, territory)
    added = DysfunctionFactory(
        territory=territory, commune=made[0].commune, submitted_at=datetime(2026, 9, 9, tzinfo=UTC)
    )
    assert kept().total == 7
    added.delete()
    assert kept().total == 6
    made[3].category = category("logement")
    made[3].save()
    assert dict(kept().by_category)["Transport"] == 2
    assert_exact(kept, territory)


def test_links_me_too_and_feedback_show_at_once(kept, made, territory):
    assert kept().me_too == 0
    filer = UserFactory()
    MeTooFactory(dysfunction=made[3], filer=filer)
    assert (kept().me_too, kept().me_too_filers) == (1, 1)
    service = made[0].services.get()
    made[3].services.add(service)
    assert dict(kept().by_service)[f"{service.name} — {service.organisation.name}"] == 3
    made[2].organisations.clear()
    assert kept().by_organisation == []
    FeedbackRequest.objects.create(
        dysfunction=made[2], recipient=filer, answer="yes", answered_at=made[2].decided_at
    )
    assert_exact(kept, territory)
    # Erasure detaches the person from what they said « me too » to, without signals.
    dysfunction_detach_person(user=filer)
    assert kept().me_too_filers == 0
    assert_exact(kept, territory)


def test_names_the_indicators_show_follow_at_once(kept, made, territory):
    kept()
    label = made[0].category
    label.label = "Transports et mobilité"
    label.save()
    assert "Transports et mobilité" in dict(kept().by_category)
    commune = made[2].commune
    commune.name = "Chinon (Indre-et-Loire)"
    commune.save()
    assert "Chinon (Indre-et-Loire)" in dict(kept().by_commune)
    service = made[0].services.get()
    service.name = "Soins à domicile"
    service.save()
    organisation = service.organisation
    organisation.name = "SSIAD du Chinonais et du Véron"
    organisation.save()
    assert dict(kept().by_organisation) == {"SSIAD du Chinonais et du Véron": 1}
    assert_exact(kept, territory)


def test_the_period_and_the_territories_are_kept_apart(kept, made, territory, other_territory):
    from datetime import date

    assert indicators_for(territory_ids=[other_territory.pk]).total == 0
    assert kept().total == 6
    spring = indicators_for(territory_ids=[territory.pk], start=date(2026, 4, 1))
    assert spring.total == 4
    assert indicators_for(territory_ids=[territory.pk, other_territory.pk]).total == 6


def test_names_an_import_renames_show_at_once(kept, made, territory, tmp_path):
    """An import writes services and organisations in bulk, without their signals: the
    register's indicators, which name them, are renewed all the same."""
    from tests.directory.test_import_batches import rows, run, write

    service = made[0].services.get()
    service.external_id = "ssiad-1"
    service.save()
    line = rows("lot", 1)[0]
    line.update(id="ssiad-1", name="Soins infirmiers renommés", communes="")
    line.update(organisation_commune="")
    line.update(organisation_id=service.organisation.external_id or "org-ssiad")
    Service.objects.filter(pk=service.pk).update(source="")
    assert "Soins infirmiers renommés — Association lot 0" not in dict(kept().by_service)
    output = run(write(tmp_path / "f.csv", [line]), "--territory", territory.slug)
    assert "1 updated" in output
    assert "Soins infirmiers renommés — Association lot 0" in dict(kept().by_service)
    assert_exact(kept, territory)
