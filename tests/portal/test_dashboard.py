"""The personal landing page fits the person's roles."""

import pytest

from portal.permissions import Role, roles_of
from tests.directory.factories import ServiceFactory
from tests.factories import SeatFactory, TableFactory
from tests.queries import EVERY_VERSION, assert_same_count, page_queries

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_asked_to_sign_in(client):
    response = client.get("/mon-espace/")
    assert response.status_code == 302
    assert response.url.startswith("/comptes/connexion/")


def test_pilot_sees_the_tables_of_their_territory(
    client, pilot, tactical_table, strategic_table, other_territory
):
    foreign = TableFactory(name="Table tactique du Berry", territory=other_territory)
    client.force_login(pilot)
    body = client.get("/mon-espace/").content.decode()
    assert "Table tactique de Touraine" in body
    assert "Table stratégique de Touraine" in body
    assert foreign.name not in body
    assert "/invitations/" in body


def test_partner_sees_their_organisations_services(
    client, partner, organisation, other_organisation
):
    ServiceFactory(organisation=organisation, name="Portage de repas à domicile")
    ServiceFactory(organisation=other_organisation, name="Accueil de jour Alzheimer")
    client.force_login(partner)
    body = client.get("/mon-espace/").content.decode()
    assert "CCAS de Tours" in body
    assert "Portage de repas à domicile" in body
    assert "Accueil de jour Alzheimer" not in body
    assert "/invitations/" not in body


def test_member_sees_the_tables_where_they_sit(client, tactical_member, strategic_table):
    client.force_login(tactical_member)
    body = client.get("/mon-espace/").content.decode()
    assert "Table tactique de Touraine" in body
    assert "Table stratégique de Touraine" not in body


def test_person_without_role_is_told_so(client, outsider):
    client.force_login(outsider)
    response = client.get("/mon-espace/")
    assert response.status_code == 200
    assert "aucun rôle" in response.content.decode()


def test_roles_come_from_data(
    pilot, case_manager, partner, tactical_member, executive, administrator
):
    assert roles_of(pilot) == {Role.PILOT}
    assert roles_of(case_manager) == {Role.PARTNER, Role.CASE_MANAGER}
    assert roles_of(partner) == {Role.PARTNER}
    assert roles_of(tactical_member) == {Role.PARTNER, Role.TACTICAL_MEMBER}
    assert roles_of(executive) == {Role.PARTNER, Role.EXECUTIVE}
    assert roles_of(administrator) == {Role.ADMINISTRATOR}


def test_an_ended_mandate_ends_the_role(tactical_member):
    from datetime import date

    tactical_member.seats.update(end_date=date(2025, 6, 30))
    tactical_member.refresh_from_db()
    assert Role.TACTICAL_MEMBER not in roles_of(tactical_member)


def test_dashboard_query_count_does_not_grow_with_tables(client, pilot, territory):
    client.force_login(pilot)
    counts, computed = [], []
    for tables in (1, 11):
        for _ in range(tables):
            TableFactory(territory=territory)
        counts.append(page_queries(client, "/mon-espace/"))
        computed.append(page_queries(client, "/mon-espace/", renew=EVERY_VERSION))
    assert_same_count(*counts)
    assert_same_count(*computed)


def test_the_panels_kept_after_a_change_are_written_together(client, pilot, tactical_table):
    """Seated at a table too, the pilot sees two more kept panels: the first visit after a
    change writes them with the others, not one write each."""
    client.force_login(pilot)
    writes = []
    for seated in (False, True):
        if seated:
            SeatFactory(table=tactical_table, user=pilot)
        queries = page_queries(client, "/mon-espace/", renew=EVERY_VERSION)
        writes.append([q for q in queries if q.startswith("INSERT") and "tablee_cache" in q])
    assert "Les tables où je siège" in client.get("/mon-espace/").content.decode()
    assert_same_count(*writes)
