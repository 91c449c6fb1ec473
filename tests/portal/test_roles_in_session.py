"""A signed-in person's roles are read once and kept in their session (the two-factor check
and the views read them on every request), and read again as soon as a row that gives them a
role changes: a pilot's territory, a membership, a seat, a table's kind, the day a mandate
ends."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from directory.models import Membership
from meetings.models import Seat, Table
from meetings.services.tables import seat_end
from portal import permissions
from portal.models import TerritoryPilot
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SeatFactory,
    TerritoryPilotFactory,
    UserFactory,
    enable_mfa,
)

pytestmark = pytest.mark.django_db

INDICATORS = "/indicateurs/"


@pytest.fixture
def reads(monkeypatch):
    """The people whose roles were read from the database, one entry per reading."""
    read = []
    monkeypatch.setattr(
        permissions,
        "_role_providers",
        [*permissions._role_providers, lambda user, a: read.append(user.pk)],
    )
    return read


@pytest.fixture
def person(db):
    user = UserFactory(email="personne@exemple.fr")
    enable_mfa(user)
    return user


def test_the_roles_are_read_once_for_many_requests(client, pilot, reads):
    client.force_login(pilot)
    for _ in range(3):
        assert client.get(INDICATORS).status_code == 200
        assert client.get("/mon-espace/").status_code == 200
    assert reads == [pilot.pk]


def test_becoming_pilot_or_ceasing_to_be_shows_at_the_next_request(
    client, person, territory, reads
):
    client.force_login(person)
    assert client.get(INDICATORS).status_code == 403
    TerritoryPilotFactory(territory=territory, user=person)
    assert client.get(INDICATORS).status_code == 200
    TerritoryPilot.objects.get(user=person).delete()
    assert client.get(INDICATORS).status_code == 403
    assert reads == [person.pk] * 3


def test_a_seat_and_the_kind_of_its_table_give_the_role(client, person, territory, tactical_table):
    client.force_login(person)
    assert client.get(INDICATORS).status_code == 403
    seat = SeatFactory(table=tactical_table, user=person)
    assert client.get(INDICATORS).status_code == 403  # a tactical member
    tactical_table.kind = Table.Kind.STRATEGIC
    tactical_table.save()
    assert client.get(INDICATORS).status_code == 200  # now an executive
    Seat.objects.filter(pk=seat.pk).get().delete()
    assert client.get(INDICATORS).status_code == 403


def test_a_mandate_ending_today_ends_the_role_tomorrow(client, person, strategic_table):
    SeatFactory(table=strategic_table, user=person, end_date=timezone.localdate())
    client.force_login(person)
    assert client.get(INDICATORS).status_code == 200
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert client.get(INDICATORS).status_code == 403


def test_ending_a_mandate_ends_its_substitutes_roles(client, pilot, person, strategic_table):
    start = date(2024, 1, 1)
    member = SeatFactory(table=strategic_table, start_date=start)
    SeatFactory(
        table=strategic_table,
        user=person,
        kind=Seat.Kind.SUBSTITUTE,
        substitute_for=member,
        start_date=start,
    )
    client.force_login(person)
    assert client.get(INDICATORS).status_code == 200
    seat_end(actor=pilot, seat=member, end_date=timezone.localdate() - timedelta(days=1))
    assert client.get(INDICATORS).status_code == 403


def test_a_membership_and_its_organisations_territory_are_read_again(
    client, territory, other_territory
):
    user = UserFactory(email="gestionnaire2@exemple.fr")
    dac = OrganisationFactory(territory=territory)
    client.force_login(user)
    assert client.get("/registre/nouveau/").status_code == 403
    MembershipFactory(user=user, organisation=dac, role=Membership.Role.CASE_MANAGER)
    assert client.get("/registre/nouveau/").status_code == 200
    client.get("/mon-espace/")
    dac.territory = other_territory
    dac.save()
    access = permissions.access(client.get("/mon-espace/").wsgi_request.user)
    assert access.member_territory_ids == {other_territory.pk}
    Membership.objects.get(user=user).delete()
    assert client.get("/registre/nouveau/").status_code == 403


def test_saving_an_older_copy_of_the_person_keeps_their_roles_fresh(client, person, territory):
    stale = type(person).objects.get(pk=person.pk)
    client.force_login(person)
    client.get(INDICATORS)
    TerritoryPilotFactory(territory=territory, user=person)
    stale.job_title = "Coordinatrice"
    stale.save()
    assert client.get(INDICATORS).status_code == 200
