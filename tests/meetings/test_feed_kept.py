"""The personal calendar feed is kept whole between readings (meetings/views/calendar.py), and
is always the feed of now: every change of what it lists shows at the next reading, one person
never receives another's feed, and time alone never serves one longer than it holds."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from tests.factories import SeatFactory, TableFactory, UserFactory
from tests.meetings.factories import MeetingFactory, at
from tests.queries import watch_kept

pytestmark = pytest.mark.django_db


def _feed(client, user) -> str:
    token = services.calendar_token_for(user).token
    response = client.get(f"/calendrier/{token}.ics")
    assert response.status_code == 200
    return response.content.decode().replace("\r\n ", "")


def _summaries(body: str) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")}


def test_a_new_meeting_shows_at_the_next_reading(client, tactical_member, tactical_table):
    MeetingFactory(table=tactical_table, starts_at=at(10), title="Première séance")
    assert _summaries(_feed(client, tactical_member)) == {"Première séance"}
    assert _summaries(_feed(client, tactical_member)) == {"Première séance"}  # kept
    MeetingFactory(table=tactical_table, starts_at=at(20), title="Deuxième séance")
    assert _summaries(_feed(client, tactical_member)) == {"Première séance", "Deuxième séance"}


def test_a_renamed_table_and_an_edited_item_show_at_the_next_reading(
    client, pilot, tactical_member, tactical_table
):
    meeting = MeetingFactory(table=tactical_table, starts_at=at(10), title="")
    item = services.agenda_item_add(meeting=meeting, actor=pilot, title="Sorties d'hospitalisation")
    body = _feed(client, tactical_member)
    assert "Table tactique de Touraine" in body and "Sorties d'hospitalisation" in body
    tactical_table.name = "Table de coordination du Chinonais"
    tactical_table.save()
    body = _feed(client, tactical_member)
    assert "Table de coordination du Chinonais" in body
    assert "Table tactique de Touraine" not in body
    services.agenda_item_update(
        item=item,
        actor=pilot,
        number=None,
        title="Retours à domicile",
        kind=item.kind,
        duration_minutes=item.duration_minutes,
        presenter=None,
        description="",
        decision=None,
        documents=[],
    )
    body = _feed(client, tactical_member)
    assert "Retours à domicile" in body and "Sorties d'hospitalisation" not in body


def test_a_person_losing_a_seat_no_longer_sees_its_meetings(
    client, tactical_member, tactical_table
):
    MeetingFactory(table=tactical_table, starts_at=at(10), title="Séance de janvier")
    assert _summaries(_feed(client, tactical_member)) == {"Séance de janvier"}
    tactical_member.seats.get(table=tactical_table).delete()
    assert _summaries(_feed(client, tactical_member)) == set()


def test_one_person_never_receives_anothers_feed(client, tactical_member, territory):
    other = UserFactory(email="autre@exemple.fr")
    SeatFactory(table=TableFactory(territory=territory, name="Autre table"), user=other)
    mine = tactical_member.seats.get().table
    MeetingFactory(table=mine, starts_at=at(10), title="Ma séance")
    MeetingFactory(table=other.seats.get().table, starts_at=at(10), title="Sa séance")
    assert _summaries(_feed(client, tactical_member)) == {"Ma séance"}
    assert _summaries(_feed(client, other)) == {"Sa séance"}
    assert _summaries(_feed(client, tactical_member)) == {"Ma séance"}


def test_a_feed_is_kept_no_longer_than_until_a_meeting_leaves_its_window(
    client, tactical_member, tactical_table, monkeypatch
):
    """A meeting that ended a year ago less an hour leaves the feed within the hour."""
    ends = timezone.now() - timedelta(days=365) + timedelta(hours=1)
    MeetingFactory(
        table=tactical_table, starts_at=ends - timedelta(hours=2), ends_at=ends, title="Ancienne"
    )
    kept = watch_kept(monkeypatch)
    assert _summaries(_feed(client, tactical_member)) == {"Ancienne"}
    timeouts = [timeout for value, timeout in kept if isinstance(value, tuple)]  # the feed
    assert timeouts and max(timeouts) <= 3600


def test_the_kept_feed_is_the_computed_feed(client, pilot, tactical_member, tactical_table):
    """Read from what is kept or computed again, the feed says the same."""
    meeting = MeetingFactory(table=tactical_table, starts_at=at(10), title="Séance")
    services.agenda_item_add(meeting=meeting, actor=pilot, title="Parcours des aidants")
    first = _feed(client, tactical_member)
    assert _feed(client, tactical_member) == first
    cache.clear()
    assert _feed(client, tactical_member) == first
