"""The back office (Wagtail) saves tables, seats, memberships and pilots through the same services
as the portal's pages: what the services refuse, the back office refuses too, as a form error."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import ModelLogEntry

from directory.models import Membership
from meetings.models import Attendance, Seat, Table
from portal.models import TerritoryPilot
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SeatFactory,
    TableFactory,
    UserFactory,
)
from tests.meetings.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _seat_data(seat_table, user, organisation, start, end=""):
    return {
        "table": seat_table.pk,
        "user": user.pk,
        "organisation": organisation.pk,
        "kind": Seat.Kind.MEMBER,
        "substitute_for": "",
        "start_date": start,
        "end_date": end,
    }


def _back_office_editor(*codenames):
    """Someone given the back office and the model permissions, but no role in the network."""
    editor = UserFactory(email="editeur@exemple.fr")
    group = Group.objects.create(name="Éditeurs du réseau")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    editor.groups.add(group)
    return editor


def test_back_office_refuses_an_overlapping_seat(client, administrator, tactical_table):
    member = UserFactory(email="membre.siege@exemple.fr")
    organisation = OrganisationFactory(territory=tactical_table.territory)
    SeatFactory(table=tactical_table, user=member, organisation=organisation)
    client.force_login(administrator)

    response = client.post(
        "/admin/seat/new/", _seat_data(tactical_table, member, organisation, "2025-06-01")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Seat.objects.filter(table=tactical_table, user=member).count() == 1


def test_back_office_gives_a_seat_through_the_service_and_keeps_its_history(
    client, administrator, tactical_table
):
    member = UserFactory(email="membre.siege@exemple.fr")
    organisation = OrganisationFactory(territory=tactical_table.territory)
    MembershipFactory(user=member, organisation=organisation)  # a person of the territory
    client.force_login(administrator)

    response = client.post(
        "/admin/seat/new/",
        _seat_data(tactical_table, member, organisation, "2025-06-01", "2026-05-31"),
    )

    assert response.status_code == 302
    seat = Seat.objects.get(table=tactical_table, user=member)
    assert seat.end_date == date(2026, 5, 31)
    assert ModelLogEntry.objects.filter(
        object_id=str(seat.pk), action="wagtail.create", user=administrator
    ).exists()


def test_back_office_ends_a_mandate_and_its_substitutes(client, administrator, tactical_table):
    seat = SeatFactory(table=tactical_table)
    substitute = SeatFactory(
        table=tactical_table,
        organisation=seat.organisation,
        kind=Seat.Kind.SUBSTITUTE,
        substitute_for=seat,
    )
    client.force_login(administrator)

    response = client.post(f"/admin/seat/edit/{seat.pk}/", {"end_date": "2025-12-31"})

    assert response.status_code == 302
    substitute.refresh_from_db()
    assert substitute.end_date == date(2025, 12, 31)


def test_back_office_refuses_a_mandate_ending_before_it_starts(
    client, administrator, tactical_table
):
    seat = SeatFactory(table=tactical_table, start_date=date(2025, 1, 1))
    client.force_login(administrator)

    response = client.post(f"/admin/seat/edit/{seat.pk}/", {"end_date": "2024-12-31"})

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    seat.refresh_from_db()
    assert seat.end_date is None


def test_back_office_seats_follow_the_table_rules_not_django_permissions(client, tactical_table):
    """A back-office editor holding Django's add permission is not the territory's pilot."""
    member = UserFactory(email="membre.siege@exemple.fr")
    organisation = OrganisationFactory(territory=tactical_table.territory)
    client.force_login(_back_office_editor("add_seat", "view_seat"))

    response = client.post(
        "/admin/seat/new/", _seat_data(tactical_table, member, organisation, "2025-06-01")
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    assert not Seat.objects.filter(user=member).exists()


def test_back_office_refuses_a_strategic_table_feeding_another(client, administrator, territory):
    strategic = TableFactory(territory=territory, kind=Table.Kind.STRATEGIC, name="Stratégie")
    client.force_login(administrator)

    response = client.post(
        "/admin/table/new/",
        {
            "name": "Autre table stratégique",
            "slug": "autre-table-strategique",
            "kind": Table.Kind.STRATEGIC,
            "territory": territory.pk,
            "description": "",
            "feeds": [strategic.pk],
            "notice_days": 10,
            "quorum_kind": "none",
            "quorum_value": "",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["feeds"]
    assert not Table.objects.filter(slug="autre-table-strategique").exists()


def test_back_office_refuses_a_deactivated_account_as_pilot(client, administrator, territory):
    former = UserFactory(email="ancien.pilote@exemple.fr", is_active=False)
    client.force_login(administrator)

    response = client.post(
        "/admin/territorypilot/new/", {"territory": territory.pk, "user": former.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["user"]
    assert not TerritoryPilot.objects.filter(user=former).exists()


def test_only_administrators_name_pilots_even_in_the_back_office(client, territory):
    candidate = UserFactory(email="candidat@exemple.fr")
    client.force_login(_back_office_editor("add_territorypilot", "view_territorypilot"))

    response = client.post(
        "/admin/territorypilot/new/", {"territory": territory.pk, "user": candidate.pk}
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    assert not TerritoryPilot.objects.filter(user=candidate).exists()


def test_back_office_membership_of_another_territory_is_refused_to_a_pilot(
    client, pilot, other_territory
):
    pilot.groups.add(_back_office_editor("add_membership", "view_membership").groups.get())
    foreign = OrganisationFactory(territory=other_territory)
    person = UserFactory(email="salarie@exemple.fr")
    client.force_login(pilot)

    response = client.post(
        "/admin/membership/new/",
        {"user": person.pk, "organisation": foreign.pk, "role": Membership.Role.STAFF},
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    assert not Membership.objects.filter(user=person).exists()


def test_back_office_removes_a_membership_through_the_service(client, administrator, partner):
    membership = Membership.objects.get(user=partner)
    client.force_login(administrator)

    response = client.post(f"/admin/membership/delete/{membership.pk}/")

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert ModelLogEntry.objects.filter(
        object_id=str(membership.pk), action="wagtail.delete"
    ).exists()


def test_back_office_changes_a_role_in_an_organisation(client, administrator, organisation):
    membership = MembershipFactory(organisation=organisation)
    client.force_login(administrator)

    response = client.post(
        f"/admin/membership/edit/{membership.pk}/",
        {
            "user": membership.user_id,
            "organisation": organisation.pk,
            "role": Membership.Role.CASE_MANAGER,
            "can_edit_directory": "on",
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CASE_MANAGER and membership.can_edit_directory


def test_back_office_keeps_a_seat_that_appears_in_attendance_lists(
    client, administrator, tactical_table
):
    seat = SeatFactory(table=tactical_table)
    AttendanceFactory(meeting=MeetingFactory(table=tactical_table), seat=seat)
    client.force_login(administrator)

    response = client.post(f"/admin/seat/delete/{seat.pk}/")

    assert response.status_code == 302
    assert Seat.objects.filter(pk=seat.pk).exists()
    assert Attendance.objects.filter(seat=seat).exists()


def test_back_office_deletes_a_seat_given_by_mistake(client, administrator, tactical_table):
    seat = SeatFactory(table=tactical_table)
    client.force_login(administrator)

    response = client.post(f"/admin/seat/delete/{seat.pk}/")

    assert response.status_code == 302
    assert not Seat.objects.filter(pk=seat.pk).exists()


def test_back_office_keeps_a_table_that_has_held_meetings(client, administrator, tactical_table):
    MeetingFactory(table=tactical_table)
    client.force_login(administrator)

    response = client.post(f"/admin/table/delete/{tactical_table.pk}/")

    assert response.status_code == 302
    assert Table.objects.filter(pk=tactical_table.pk).exists()
