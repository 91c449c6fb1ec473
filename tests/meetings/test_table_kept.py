"""A table's page keeps its lists of meetings and its linked tables between visits
(meetings/views/meeting_parts.py `table_parts`): a new, moved or cancelled meeting, a renamed
linked table show at the next visit, a meeting that ends moves to the past ones on time, and
the page kept is the page computed."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from meetings import services
from tests.factories import TableFactory
from tests.meetings.factories import MeetingFactory, at
from tests.queries import watch_kept

pytestmark = pytest.mark.django_db


def _table_page(client, table) -> str:
    response = client.get(f"/tables/{table.slug}/")
    assert response.status_code == 200
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"',
        'name="csrfmiddlewaretoken" value="X"',
        response.content.decode(),
    )


def _upcoming(page: str) -> str:
    start = page.index('<ul class="card-list">')
    return page[start : page.index("</ul>", start)]


def test_a_new_then_cancelled_meeting_shows_at_the_next_visit(client, pilot, tactical_table):
    client.force_login(pilot)
    assert "Séance de printemps" not in _table_page(client, tactical_table)
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(30, 14), ends_at=at(30, 16), place="Tours"
    )
    meeting.title = "Séance de printemps"
    meeting.save()
    page = _table_page(client, tactical_table)
    assert "Séance de printemps" in _upcoming(page)
    assert _table_page(client, tactical_table) == page  # kept
    services.meeting_cancel(actor=pilot, meeting=meeting, reason="Salle indisponible")
    page = _table_page(client, tactical_table)
    assert "Séance de printemps" not in _upcoming(page) and "Séance de printemps" in page


def test_a_renamed_linked_table_shows_at_the_next_visit(client, pilot, tactical_table, territory):
    strategic = TableFactory(territory=territory, name="Table stratégique", kind="strategic")
    tactical_table.feeds.add(strategic)
    client.force_login(pilot)
    assert "Table stratégique" in _table_page(client, tactical_table)
    strategic.name = "Comité des financeurs"
    strategic.save()
    page = _table_page(client, tactical_table)
    assert "Comité des financeurs" in page and "Table stratégique" not in page


def test_the_lists_are_kept_no_longer_than_until_the_next_meeting_ends(
    client, pilot, tactical_table, monkeypatch
):
    ends = timezone.now() + timedelta(minutes=30)
    MeetingFactory(table=tactical_table, starts_at=ends - timedelta(hours=2), ends_at=ends)
    kept = watch_kept(monkeypatch)
    client.force_login(pilot)
    _table_page(client, tactical_table)
    timeouts = [timeout for value, timeout in kept if isinstance(value, dict) and "past" in value]
    assert timeouts and max(timeouts) <= 30 * 60


def test_the_kept_table_page_is_the_page_computed(client, pilot, tactical_table):
    for days in (-60, -30, 10, 40):
        MeetingFactory(table=tactical_table, starts_at=at(days))
    client.force_login(pilot)
    computed = _table_page(client, tactical_table)
    assert _table_page(client, tactical_table) == computed
    cache.clear()
    assert _table_page(client, tactical_table) == computed
