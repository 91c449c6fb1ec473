"""The lists a pilot picks people from (seats, decision owners, presenters, representatives)
hold the accounts of the table's territory only."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from directory.models import Membership
from meetings import services
from meetings.models import MeetingStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.meetings.factories import MeetingFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(other_territory):
    """A case manager of another territory."""
    user = UserFactory(email="berry@exemple.fr", first_name="Gaston", last_name="Berrichon")
    berry = OrganisationFactory(
        name="CCAS de Bourges", slug="ccas-bourges", territory=other_territory
    )
    MembershipFactory(user=user, organisation=berry, role=Membership.Role.CASE_MANAGER)
    return user


@pytest.fixture
def unattached(db):
    return UserFactory(email="sans.role@exemple.fr", first_name="Sans", last_name="Rattachement")


def _choices(page, field):
    return {str(value) for value, _label in page.context["form"].fields[field].choices if value}


def test_seat_choices_hold_only_the_territory_s_people(
    client, pilot, tactical_table, tactical_member, partner, stranger, unattached
):
    client.force_login(pilot)
    page = client.get(f"/tables/{tactical_table.slug}/sieges/ajouter/")
    choices = _choices(page, "user")
    assert {str(tactical_member.pk), str(partner.pk), str(pilot.pk)} <= choices
    assert str(stranger.pk) not in choices and str(unattached.pk) not in choices
    assert "Berrichon" not in page.content.decode()


def test_decision_owner_choices_hold_only_the_territory_s_people(
    client, pilot, tactical_table, tactical_member, stranger
):
    held = MeetingFactory(table=tactical_table, starts_at=at(-5), status=MeetingStatus.HELD)
    client.force_login(pilot)
    page = client.get(f"/reunions/{held.pk}/decisions/ajouter/")
    choices = _choices(page, "owner")
    assert str(tactical_member.pk) in choices and str(stranger.pk) not in choices


def test_services_refuse_a_person_of_another_territory(
    pilot, tactical_table, tactical_member, stranger
):
    organisation = tactical_member.memberships.get().organisation
    with pytest.raises(ValidationError) as refused:
        services.seat_add(
            actor=pilot,
            table=tactical_table,
            user=stranger,
            organisation=organisation,
            start_date=date(2026, 1, 1),
        )
    assert "user" in refused.value.message_dict
    held = MeetingFactory(table=tactical_table, starts_at=at(-5), status=MeetingStatus.HELD)
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            meeting=held, actor=pilot, text="Rédiger la fiche.", owner=stranger, due_date=None
        )
    assert "owner" in refused.value.message_dict
    assert not held.decisions.exists()


def test_people_and_organisations_are_searched_not_listed_whole(
    client, pilot, tactical_table, tactical_member
):
    """Seat holder and organisation, decision owner, item presenter: a searched choice (the
    plain field the script enhances), never a select of every account or organisation."""
    from meetings import services as meeting_services

    upcoming = meeting_services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(10), ends_at=at(10, 16), place="Tours"
    )
    held = MeetingFactory(table=tactical_table, starts_at=at(-5), status=MeetingStatus.HELD)
    client.force_login(pilot)
    people = f'data-source="/recherche/meetings.people/?table={tactical_table.pk}'
    for url, field, source in (
        (f"/tables/{tactical_table.slug}/sieges/ajouter/", "user", people),
        (
            f"/tables/{tactical_table.slug}/sieges/ajouter/",
            "organisation",
            f'data-source="/recherche/directory.organisations/?territory={tactical_table.territory_id}',
        ),
        (f"/reunions/{held.pk}/decisions/ajouter/", "owner", people),
        (
            f"/reunions/{upcoming.pk}/ordre-du-jour/ajouter/",
            "presenter",
            people + "&amp;speakers=1",
        ),
    ):
        page = client.get(url).content.decode()
        assert f'<select name="{field}"' not in page, (url, field)
        assert f'<input type="text" name="{field}"' in page and source in page, (url, field)
