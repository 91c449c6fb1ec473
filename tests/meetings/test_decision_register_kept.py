"""The decision register's count and rows are kept between requests
(meetings/views/decision_rows.py) and are always those of now: a new or changed decision, a
renamed owner or table, a lost seat show at the next request, one person never receives
another's rows, and the page kept is the page computed."""

import re
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from meetings.models import DecisionStatus
from tests.factories import UserFactory
from tests.meetings.factories import DecisionFactory
from tests.queries import EVERY_VERSION, assert_same_count, page_queries, watch_kept

pytestmark = pytest.mark.django_db


def _register(client, query="") -> str:
    response = client.get(f"/decisions/{query}")
    assert response.status_code == 200
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"',
        'name="csrfmiddlewaretoken" value="X"',
        response.content.decode(),
    )


def _shown(page: str) -> str:
    """The register's rows and the pagination below them."""
    return page[page.index('<div class="table-scroll">') : page.rindex("</main>")]


def _caption(page: str) -> str:
    return re.search(r"<caption>([^<]*)</caption>", page).group(1)


def test_a_new_decision_shows_in_the_count_and_the_rows(client, pilot, tactical_table):
    DecisionFactory(meeting__table=tactical_table, text="Rédiger la fiche de liaison")
    client.force_login(pilot)
    page = _register(client)
    assert _caption(page) == "1 décision" and "Rédiger la fiche de liaison" in page
    assert _register(client) == page  # kept
    DecisionFactory(meeting__table=tactical_table, text="Relancer les bailleurs sociaux")
    page = _register(client)
    assert _caption(page) == "2 décisions" and "Relancer les bailleurs sociaux" in page


def test_a_changed_decision_a_renamed_owner_and_table_show(client, pilot, tactical_table):
    owner = UserFactory(first_name="Anne", last_name="Morel")
    decision = DecisionFactory(meeting__table=tactical_table, owner=owner)
    client.force_login(pilot)
    page = _register(client)
    assert "Anne Morel" in page and "Table tactique de Touraine" in page
    decision.status = DecisionStatus.DONE
    decision.save()
    assert f"decision-status-{DecisionStatus.DONE}" in _register(client)
    owner.last_name = "Bernard"
    owner.save()
    assert "Anne Bernard" in _register(client)
    tactical_table.name = "Table du Chinonais"
    tactical_table.save()
    assert "Table du Chinonais" in _register(client)


def test_one_person_never_receives_anothers_rows(
    client, tactical_member, executive, tactical_table, strategic_table
):
    DecisionFactory(meeting__table=tactical_table, text="Décision de la table tactique")
    DecisionFactory(meeting__table=strategic_table, text="Décision de la table stratégique")
    client.force_login(tactical_member)
    page = _register(client)
    assert "Décision de la table tactique" in page
    assert "Décision de la table stratégique" not in page
    client.force_login(executive)
    page = _register(client)
    assert "Décision de la table stratégique" in page
    assert "Décision de la table tactique" not in page


def test_a_person_losing_a_seat_no_longer_sees_its_decisions(
    client, tactical_member, executive, strategic_table
):
    """The executive also sits at the tactical table, then leaves it."""
    from tests.factories import SeatFactory

    tactical = DecisionFactory(text="Décision de la table tactique")
    seat = SeatFactory(table=tactical.meeting.table, user=executive)
    client.force_login(executive)
    assert "Décision de la table tactique" in _register(client)
    seat.delete()
    assert "Décision de la table tactique" not in _register(client)


def test_the_kept_register_is_the_register_computed(client, pilot, tactical_table):
    for _ in range(60):
        DecisionFactory(meeting__table=tactical_table)
    client.force_login(pilot)
    for query in ("", "?page=2", "?page=9", "?overdue=true"):
        computed = _register(client, query)
        assert _register(client, query) == computed
        cache.clear()
        assert _register(client, query) == computed


def test_the_rows_are_kept_no_longer_than_the_day(client, pilot, tactical_table, monkeypatch):
    """A decision becomes overdue at midnight: nothing is kept past it."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    DecisionFactory(meeting__table=tactical_table)
    kept = watch_kept(monkeypatch)
    client.force_login(pilot)
    _register(client)
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, now.tzinfo)
    # The count (one decision) and the rows (the decision's line), kept apart.
    timeouts = [
        timeout for value, timeout in kept if value == 1 or "decision-status-" in str(value)
    ]
    assert len(timeouts) == 2 and max(timeouts) <= (midnight - now).total_seconds() + 1


def test_a_page_asked_in_any_spelling_keeps_nothing_more_and_shows_the_page_django_shows(
    client, pilot, tactical_table, monkeypatch
):
    """`?page=01`, `?page=abc`, `?page=99999` show the page Django's paginator shows (the first,
    the first, the last) and keep nothing besides what the pages that exist keep: nobody can
    fill the shared cache with copies of one page."""
    for _ in range(60):
        DecisionFactory(meeting__table=tactical_table)
    client.force_login(pilot)
    kept = watch_kept(monkeypatch)
    pages = {1: _shown(_register(client)), 2: _shown(_register(client, "?page=2"))}
    assert pages[1] != pages[2] and "Page 2 sur 2" in pages[2]
    existing = len(kept)  # what the two pages that exist keep
    for asked in ("1", "01", "001", "abc", "1x", "1.0", "", "99999", "3", "0", "-5", "%202"):
        shown = Paginator(range(60), 50).get_page(unquote(asked)).number
        assert _shown(_register(client, f"?page={asked}")) == pages[shown]  # kept
        cache.clear()
        kept.clear()
        assert _shown(_register(client, f"?page={asked}")) == pages[shown]  # computed
        _register(client), _register(client, "?page=2")
        assert len(kept) == existing  # nothing kept besides what the two pages keep
    kept.clear()
    for asked in ("1", "01", "abc", "99999", "0"):
        _register(client, f"?page={asked}")
    assert kept == []


def test_a_page_beyond_the_last_runs_the_same_queries_kept_or_computed_for_more_data(
    client, pilot, tactical_table
):
    client.force_login(pilot)
    kept, computed = [], []
    for size in (3, 60):
        DecisionFactory.create_batch(size, meeting__table=tactical_table)
        kept.append(page_queries(client, "/decisions/?page=99999"))
        computed.append(page_queries(client, "/decisions/?page=abc", renew=EVERY_VERSION))
    assert_same_count(*kept)
    assert_same_count(*computed)
