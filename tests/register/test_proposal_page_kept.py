"""What a proposal's page says of the dysfunctions it answers is rendered once for the versions
of what it shows and kept under the proposal and the language: every change shows on the next
request, and the page is only ever shown to those who may read the proposal."""

import pytest
from django.core.cache import cache

from meetings.models import AgendaItem, MinutesVersion
from register import services
from register.models import DysfunctionState
from tests.register.factories import DysfunctionFactory
from tests.register.test_proposals import proposal, qualified, to_scheduled  # noqa: F401

pytestmark = pytest.mark.django_db
S = DysfunctionState


@pytest.fixture
def drafted(request):
    """The proposal of tests/register/test_proposals.py (drafted by the pilot)."""
    return request.getfixturevalue("proposal")


@pytest.fixture
def answered_by(request):
    """The dysfunction the proposal answers."""
    return request.getfixturevalue("qualified")


@pytest.fixture
def carry(request):
    """Carries a proposal to the strategic meeting's agenda (tests/register/test_proposals.py)."""
    return request.getfixturevalue("to_scheduled")


def answers(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index("<h2>Les dysfonctionnements")
    return html[start : html.index("<h2>", start + 4)]


def computed_now(client, url) -> str:
    cache.clear()
    return answers(client, url)


def test_a_dysfunction_its_discussion_and_its_links_show_on_the_next_request(
    client, drafted, answered_by, pilot, tactical_meeting, territory, commune
):
    url = drafted.get_absolute_url()
    client.force_login(pilot)
    assert "Pas encore discuté" in answers(client, url)
    assert answers(client, url) == computed_now(client, url)
    answered_by.description = "Sorties du vendredi **sans relais** infirmier."
    answered_by.save()
    assert "<strong>sans relais</strong> infirmier" in answers(client, url)
    # Put on a meeting's agenda (a step of its road, an agenda item), then minuted.
    services.dysfunction_schedule(dysfunction=answered_by, actor=pilot, meeting=tactical_meeting)
    kept = answers(client, url)
    assert tactical_meeting.display_title in kept and "Pas encore discuté" not in kept
    assert kept == computed_now(client, url)
    item = AgendaItem.objects.get(meeting=tactical_meeting)
    tactical_meeting.status = "minutes_drafted"
    tactical_meeting.save()
    MinutesVersion.objects.create(
        meeting=tactical_meeting,
        number=1,
        items=[{"item": item.pk, "number": item.number, "title": item.title, "text": "Préavis."}],
    )
    assert '<blockquote class="register-minutes">Préavis.</blockquote>' in answers(client, url)
    other = DysfunctionFactory(
        territory=territory, commune=commune, state=S.QUALIFIED, title="Transport de nuit"
    )
    drafted.dysfunctions.add(other)
    assert "Transport de nuit" in answers(client, url)
    drafted.dysfunctions.remove(other)
    kept = answers(client, url)
    assert "Transport de nuit" not in kept
    assert kept == computed_now(client, url)


def test_what_is_kept_is_shown_only_to_those_who_may_read_the_proposal(
    client, drafted, pilot, executive, carry
):
    url = drafted.get_absolute_url()
    client.force_login(pilot)
    answers(client, url)
    client.force_login(executive)
    assert client.get(url).status_code == 404  # a draft: not the strategic table's yet
    carry(drafted)
    client.force_login(pilot)
    kept = answers(client, url)
    client.force_login(executive)
    assert answers(client, url) == kept == computed_now(client, url)
    assert "adoptée par la table tactique" in kept


def test_each_language_its_own(client, drafted, pilot):
    url = drafted.get_absolute_url()
    client.force_login(pilot)
    french = answers(client, url)
    client.cookies.load({"django_language": "en"})
    html = client.get(url).content.decode()
    assert "Not discussed at a table yet." in html
    client.cookies.load({"django_language": "fr"})
    assert answers(client, url) == french


def test_the_page_runs_the_same_queries_kept_or_computed_for_more_dysfunctions(
    client, drafted, pilot, territory, commune
):
    from tests.queries import assert_same_count, page_queries

    url = drafted.get_absolute_url()
    client.force_login(pilot)
    computed, kept = page_queries(client, url, renew=["proposals"]), page_queries(client, url)
    drafted.dysfunctions.add(
        *DysfunctionFactory.create_batch(8, territory=territory, commune=commune, state=S.QUALIFIED)
    )
    assert_same_count(computed, page_queries(client, url, renew=["proposals"]))
    assert_same_count(kept, page_queries(client, url))
    assert len(kept) < len(computed)


def test_the_action_forms_carry_the_latest_entry_of_the_history_shown(
    client, drafted, pilot, held_tactical_meeting
):
    """The action forms carry the latest entry of the history the page shows as the version
    seen (without asking for it again): what `transition()` compares with the version of now,
    to refuse an action on a proposal someone else moved in the meantime."""
    from portal.transitions import version_of
    from tests.register.test_double_submission import seen

    client.force_login(pilot)
    page = client.get(drafted.get_absolute_url()).content.decode()
    action = f"/propositions/{drafted.pk}/adopter/"
    assert seen(page, action) == f"register.proposal:{drafted.pk}:{version_of(drafted)}"
    services.proposal_adopt(proposal=drafted, actor=pilot, meeting=held_tactical_meeting)
    page = client.get(drafted.get_absolute_url()).content.decode()
    action = f"/propositions/{drafted.pk}/soumettre/"
    assert seen(page, action) == f"register.proposal:{drafted.pk}:{version_of(drafted)}"


def test_the_proposal_its_history_and_the_positions_show_on_the_next_request(
    client, drafted, pilot, executive, carry
):
    """The proposal with its rows is kept too (register/views/proposal_page.py
    `proposal_for_page`): a new title, a step of its history, a position, a renamed
    executive show at once."""
    from tests.register.factories import ExecutivePositionFactory, ProposalEventFactory

    carry(drafted)
    url = drafted.get_absolute_url()
    client.force_login(pilot)
    client.get(url)  # kept from now on
    drafted.title = "Convention de sortie du vendredi et du samedi"
    drafted.save()
    assert "Convention de sortie du vendredi et du samedi" in client.get(url).content.decode()
    ProposalEventFactory(proposal=drafted, actor=pilot, from_state=drafted.state,
                         to_state=drafted.state, reason="Relue avec le CHU le 4 mars")  # fmt: skip
    assert "Relue avec le CHU le 4 mars" in client.get(url).content.decode()
    ExecutivePositionFactory(proposal=drafted, user=executive, comment="Avec un budget dédié")
    assert "Avec un budget dédié" in client.get(url).content.decode()
    executive.first_name, executive.last_name = "Inès", "Marchand"
    executive.save()
    assert "Inès Marchand" in client.get(url).content.decode()


def test_who_may_read_the_kept_proposal_is_asked_at_each_visit(client, drafted, pilot, outsider):
    url = drafted.get_absolute_url()
    client.force_login(pilot)
    assert client.get(url).status_code == 200  # kept from now on
    client.force_login(outsider)
    assert client.get(url).status_code == 404
