"""The list of proposals is rendered once for the versions of what it shows (the proposals and
their links, the tables' names) and kept under the list's SQL, the page, the person's roles
stamp and the language: every change shows on the next request, and a person reads only the
proposals they may read."""

from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from meetings.models import Seat, Table
from register import services
from register.models import DysfunctionState, ProposalState
from tests.factories import SeatFactory, TableFactory, TerritoryFactory, enable_mfa
from tests.queries import EVERY_VERSION, assert_same_count, page_queries, watch_kept
from tests.register.factories import DysfunctionFactory, ProposalFactory
from tests.register.test_proposals import _to_decidable, proposal, qualified, to_scheduled  # noqa: F401

pytestmark = pytest.mark.django_db
S, P = DysfunctionState, ProposalState


@pytest.fixture
def drafted(request):
    """The proposal of tests/register/test_proposals.py (drafted by the pilot)."""
    return request.getfixturevalue("proposal")


@pytest.fixture
def carry(request):
    """Carries a proposal to the strategic meeting's agenda (tests/register/test_proposals.py)."""
    return request.getfixturevalue("to_scheduled")


def rows(client, url="/propositions/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<table class="register-table">') : html.rindex("</main>")]


def computed_now(client, url="/propositions/") -> str:
    cache.clear()
    return rows(client, url)


def test_a_decision_a_new_proposal_a_link_and_a_name_show_on_the_next_request(
    client, drafted, carry, strategic_meeting, executive, pilot, territory, commune
):
    decided = _to_decidable(carry, drafted, strategic_meeting)
    client.force_login(executive)
    assert "register-state-scheduled" in rows(client)
    assert "register-state-scheduled" in rows(client)  # read from what is kept
    services.proposal_decide(proposal=decided, actor=pilot, decision=P.APPROVED, reason="Oui.")
    kept = rows(client)
    assert "register-state-approved" in kept and "register-state-scheduled" not in kept
    assert kept == computed_now(client)

    client.force_login(pilot)
    assert "<td>1</td></tr>" in rows(client)  # one dysfunction
    linked = DysfunctionFactory(territory=territory, commune=commune, state=S.QUALIFIED)
    decided.dysfunctions.add(linked)
    assert "<td>2</td></tr>" in rows(client)
    linked.delete()  # its links go with it, without their own signal
    assert "<td>1</td></tr>" in rows(client)
    new = ProposalFactory(
        territory=territory, tactical_table=decided.tactical_table, title="Équipe mobile"
    )
    assert "Équipe mobile" in rows(client)
    table = Table.objects.get(pk=decided.tactical_table_id)
    table.name = "Table tactique d'Indre-et-Loire"
    table.save()
    assert "Table tactique d&#x27;Indre-et-Loire" in rows(client)
    new.delete()
    kept = rows(client)
    assert "Équipe mobile" not in kept
    assert kept == computed_now(client)


def test_a_person_reads_only_their_own_tables_proposals_and_loses_them_with_their_seat(
    client, drafted, carry, strategic_meeting, executive, strategic_table
):
    scheduled = carry(drafted)
    berry = TableFactory(
        name="Table stratégique du Berry",
        kind=Table.Kind.STRATEGIC,
        territory=TerritoryFactory(name="Berry", slug="berry"),
    )
    other = SeatFactory(table=berry).user
    enable_mfa(other)
    client.force_login(executive)
    assert scheduled.title in rows(client)
    client.force_login(other)
    assert scheduled.title not in rows(client)
    # The executive also sits in the Berry, then leaves the Touraine's strategic table.
    SeatFactory(table=berry, user=executive)
    client.force_login(executive)
    assert scheduled.title in rows(client)
    Seat.objects.filter(user=executive, table=strategic_table).delete()
    assert scheduled.title not in rows(client)


def test_the_pages_of_the_list_and_the_language_are_kept_apart(
    client, pilot, territory, tactical_table
):
    for n in range(55):
        ProposalFactory(territory=territory, tactical_table=tactical_table, title=f"Projet {n:02d}")
    client.force_login(pilot)
    first, second = rows(client), rows(client, "/propositions/?page=2")
    assert "Projet 54" in first and "Projet 04" not in first
    assert "Projet 04" in second and "Projet 54" not in second
    assert "Page 2 sur 2" in client.get("/propositions/?page=2").content.decode()
    assert rows(client, "/propositions/?page=9") == second
    client.cookies.load({"django_language": "en"})
    assert "Strategic table" in rows(client)
    client.cookies.load({"django_language": "fr"})
    assert rows(client) == first


def test_the_list_runs_the_same_queries_kept_or_computed_for_more_data(
    client, pilot, territory, tactical_table
):
    client.force_login(pilot)
    ProposalFactory.create_batch(2, territory=territory, tactical_table=tactical_table)
    small = page_queries(client, "/propositions/", renew=["proposals"])
    kept = page_queries(client, "/propositions/")
    ProposalFactory.create_batch(30, territory=territory, tactical_table=tactical_table)
    assert_same_count(small, page_queries(client, "/propositions/", renew=["proposals"]))
    assert_same_count(kept, page_queries(client, "/propositions/"))
    assert len(kept) < len(small)


def test_a_page_asked_in_any_spelling_keeps_nothing_more_and_shows_the_page_django_shows(
    client, pilot, territory, tactical_table, monkeypatch
):
    """`?page=01`, `?page=abc`, `?page=99999` show the page Django's paginator shows (the first,
    the first, the last) and keep nothing besides what the pages that exist keep: nobody can
    fill the shared cache with copies of one page."""
    for n in range(55):
        ProposalFactory(territory=territory, tactical_table=tactical_table, title=f"Projet {n:02d}")
    client.force_login(pilot)
    kept = watch_kept(monkeypatch)
    pages = {1: rows(client), 2: rows(client, "/propositions/?page=2")}
    assert "Projet 54" in pages[1] and "Projet 04" in pages[2]
    existing = len(kept)  # what the two pages that exist keep
    for asked in ("1", "01", "001", "abc", "1x", "1.0", "", "99999", "3", "0", "-5", "%202"):
        shown = Paginator(range(55), 50).get_page(unquote(asked)).number
        response = client.get(f"/propositions/?page={asked}")
        assert f"Page {shown} sur 2" in response.content.decode()
        assert rows(client, f"/propositions/?page={asked}") == pages[shown]  # kept
        kept.clear()
        assert computed_now(client, f"/propositions/?page={asked}") == pages[shown]
        rows(client), rows(client, "/propositions/?page=2")
        assert len(kept) == existing  # nothing kept besides what the two pages keep
    kept.clear()
    for asked in ("1", "01", "abc", "99999", "0"):
        rows(client, f"/propositions/?page={asked}")
    assert kept == []


def test_a_page_beyond_the_last_runs_the_same_queries_kept_or_computed_for_more_data(
    client, pilot, territory, tactical_table
):
    client.force_login(pilot)
    kept, computed = [], []
    for size in (3, 60):
        ProposalFactory.create_batch(size, territory=territory, tactical_table=tactical_table)
        kept.append(page_queries(client, "/propositions/?page=99999"))
        computed.append(page_queries(client, "/propositions/?page=abc", renew=EVERY_VERSION))
    assert_same_count(*kept)
    assert_same_count(*computed)
