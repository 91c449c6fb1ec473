"""Status per role, content, and the same number of queries whatever the data size."""

from datetime import timedelta

import pytest

from meetings import services
from meetings.models import Decision, MeetingStatus
from tests.factories import MembershipFactory, SeatFactory, TableFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, at
from tests.queries import EVERY_VERSION, assert_same_count, page_queries


def grow(table, n):
    """n meetings with items, seats and decisions."""
    for i in range(n):
        meeting = MeetingFactory(
            table=table, starts_at=at(-10 * (i + 1)), status=MeetingStatus.HELD
        )
        AgendaItemFactory(meeting=meeting, number=1)
        AgendaItemFactory(meeting=meeting, number=2)
        DecisionFactory(meeting=meeting)
        SeatFactory(table=table)
    for i in range(n):
        MeetingFactory(table=table, starts_at=at(10 * (i + 1)))


@pytest.mark.parametrize(
    "role,status",
    [
        ("pilot", 200),
        ("tactical_member", 200),
        ("administrator", 200),
        ("partner", 404),
        ("case_manager", 404),
        ("outsider", 404),
    ],
)
def test_table_page_status_per_role(client, request, role, status, tactical_table, pilot):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(tactical_table.get_absolute_url()).status_code == status


def test_executive_of_the_fed_strategic_table_sees_the_tactical_table(
    client, executive, tactical_table, strategic_table
):
    tactical_table.feeds.add(strategic_table)
    client.force_login(executive)
    assert client.get(tactical_table.get_absolute_url()).status_code == 200


def test_tables_require_sign_in(client, tactical_table):
    response = client.get("/tables/")
    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"]


def test_table_list_shows_only_visible_tables(client, tactical_member, tactical_table, territory):
    TableFactory(name="Table tactique du Chinonais", territory=territory)
    client.force_login(tactical_member)
    page = client.get("/tables/").content.decode()
    assert "Table tactique de Touraine" in page
    assert "Chinonais" not in page


@pytest.mark.parametrize(
    "role,status",
    [("pilot", 200), ("tactical_member", 200), ("partner", 404), ("outsider", 404)],
)
def test_meeting_page_status_per_role(client, request, role, status, meeting):
    client.force_login(request.getfixturevalue(role))
    assert client.get(meeting.get_absolute_url()).status_code == status


def test_meeting_page_shows_pilot_actions_only_to_the_pilot(
    client, pilot, tactical_member, meeting
):
    client.force_login(pilot)
    assert "Envoyer la convocation" in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(tactical_member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Envoyer la convocation" not in page
    assert "Suivi des décisions antérieures" in page


def test_member_cannot_post_pilot_actions(client, tactical_member, meeting):
    client.force_login(tactical_member)
    assert client.post(f"/reunions/{meeting.pk}/convoquer/").status_code == 403
    assert client.get(f"/reunions/{meeting.pk}/modifier/").status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_plan_form_rejects_end_before_start_and_keeps_input(client, pilot, tactical_table):
    client.force_login(pilot)
    day = (at(20)).date().isoformat()
    response = client.post(
        f"/tables/{tactical_table.slug}/reunions/nouvelle/",
        {"day": day, "start_time": "16:00", "end_time": "14:00", "place": "Maison des solidarités"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "La réunion doit finir après son début." in page
    assert "Maison des solidarités" in page
    assert not tactical_table.meetings.exists()


def test_pilot_plans_a_meeting_through_the_page(client, pilot, tactical_table):
    client.force_login(pilot)
    day = (at(20)).date().isoformat()
    response = client.post(
        f"/tables/{tactical_table.slug}/reunions/nouvelle/",
        {"day": day, "start_time": "14:00", "end_time": "16:30", "place": "Maison des solidarités"},
    )
    meeting = tactical_table.meetings.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2, minutes=30)


def test_seat_without_organisation_gets_a_clear_message(client, pilot, tactical_table):
    client.force_login(pilot)
    person = UserFactory()
    response = client.post(
        f"/tables/{tactical_table.slug}/sieges/ajouter/",
        {"user": person.pk, "kind": "member", "start_date": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "Un siège est occupé au nom d’une structure." in response.content.decode()
    assert not tactical_table.seats.filter(user=person).exists()


def test_pilot_adds_a_substitute_seat(
    client, pilot, tactical_table, tactical_member, other_organisation
):
    client.force_login(pilot)
    person = UserFactory()
    MembershipFactory(user=person, organisation=other_organisation)  # a person of the territory
    member_seat = tactical_member.seats.get()
    response = client.post(
        f"/tables/{tactical_table.slug}/sieges/ajouter/",
        {
            "user": person.pk,
            "organisation": other_organisation.pk,
            "kind": "substitute",
            "substitute_for": member_seat.pk,
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert person.seats.get().substitute_for == member_seat


def test_overlapping_seat_for_the_same_person_is_refused(
    pilot, tactical_table, tactical_member, other_organisation
):
    from datetime import date

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.seat_add(
            actor=pilot,
            table=tactical_table,
            user=tactical_member,
            organisation=other_organisation,
            start_date=date(2026, 3, 1),
        )


def test_pilot_creates_a_tactical_table_feeding_a_strategic_one(
    client, pilot, territory, strategic_table
):
    client.force_login(pilot)
    response = client.post(
        "/tables/nouvelle/",
        {
            "name": "Table tactique du Lochois",
            "slug": "table-tactique-lochois",
            "kind": "tactical",
            "territory": territory.pk,
            "feeds": [strategic_table.pk],
            "notice_days": "10",
            "quorum_kind": "share",
            "quorum_value": "50",
        },
    )
    assert response.status_code == 302
    from meetings.models import Table

    table = Table.objects.get(slug="table-tactique-lochois")
    assert list(table.feeds.all()) == [strategic_table]
    assert table.collection is not None


def test_member_cannot_create_a_table(client, tactical_member):
    client.force_login(tactical_member)
    assert client.get("/tables/nouvelle/").status_code == 403


def test_table_page_query_count_does_not_grow(client, pilot, tactical_table):
    """Read from what is kept, and computed again just after a change."""
    client.force_login(pilot)
    # The first visit gives the table its calendar's secret address (a new row of the tables').
    client.get(tactical_table.get_absolute_url())
    counts, computed = [], []
    for size in (2, 6):
        grow(tactical_table, size)
        counts.append(page_queries(client, tactical_table.get_absolute_url()))
        computed.append(
            page_queries(client, tactical_table.get_absolute_url(), renew=EVERY_VERSION)
        )
    assert_same_count(*counts)
    assert_same_count(*computed)


def test_meeting_page_query_count_does_not_grow(client, pilot, tactical_table, meeting):
    """Read from what is kept, and computed again just after a change."""
    client.force_login(pilot)
    counts, computed = [], []
    for start, size in ((0, 2), (2, 6)):
        grow(tactical_table, size)
        for i in range(start, start + size):
            # Items about something else (any model: here a table) cost no query each.
            services.agenda_item_add(
                meeting=meeting,
                actor=pilot,
                title=f"Point {i}",
                subject=TableFactory(territory=tactical_table.territory),
            )
        if not start:
            services.meeting_convene(actor=pilot, meeting=meeting)
        counts.append(page_queries(client, meeting.get_absolute_url()))
        computed.append(page_queries(client, meeting.get_absolute_url(), renew=EVERY_VERSION))
    assert_same_count(*counts)
    assert_same_count(*computed)


@pytest.mark.parametrize("document", ["ordre-du-jour.pdf", "compte-rendu.pdf"])
def test_printed_agenda_and_minutes_query_count_does_not_grow(
    client, pilot, tactical_table, held, document
):
    """Measured as made (the cache emptied), not as served again from it."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(pilot)
    url = f"/reunions/{held.pk}/{document}"
    counts = []
    for start, size in ((0, 2), (2, 6)):
        grow(tactical_table, size)
        for i in range(start, start + size):
            item = AgendaItemFactory(meeting=held, number=10 + i, title=f"Point {i}")
            DecisionFactory(meeting=held, item=item)
        services.minutes_save(actor=pilot, meeting=held, summary=f"{size} points.", texts={})
        assert client.get(url).status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response["Content-Type"] == "application/pdf"
        counts.append([query["sql"] for query in context.captured_queries])
    assert_same_count(*counts)


def test_meeting_list_query_count_does_not_grow(client, pilot, tactical_table):
    client.force_login(pilot)
    upcoming, past = [], []
    for size in (2, 6):
        grow(tactical_table, size)
        upcoming.append(page_queries(client, "/reunions/"))
        past.append(page_queries(client, "/reunions/?passees=1"))
    assert_same_count(*upcoming)
    assert_same_count(*past)


def test_table_list_query_count_does_not_grow(client, pilot, territory):
    client.force_login(pilot)
    counts = []
    for size in (2, 6):
        for _ in range(size):
            grow(TableFactory(territory=territory), 1)
        counts.append(page_queries(client, "/tables/"))
    assert_same_count(*counts)


def test_dashboard_query_count_does_not_grow(client, pilot, tactical_table):
    client.force_login(pilot)
    counts, computed = [], []
    for size in (2, 6):
        grow(tactical_table, size)
        Decision.objects.update(owner=pilot)
        counts.append(page_queries(client, "/mon-espace/"))
        computed.append(page_queries(client, "/mon-espace/", renew=EVERY_VERSION))
    assert_same_count(*counts)  # the panels kept
    assert_same_count(*computed)  # the panels computed again
    assert "Réunions à convoquer" in client.get("/mon-espace/").content.decode()
