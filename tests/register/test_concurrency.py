"""Two pilots acting on the same dysfunction or proposal at the same moment, each on their own
database connection: one succeeds, the other is refused with a clear message, and nothing is
lost or doubled. Needs PostgreSQL's row locks."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portal import transitions
from register import services
from register.models import Dysfunction, DysfunctionEvent, DysfunctionState, ProposalState
from tests.factories import TerritoryPilotFactory, enable_mfa
from tests.register.conftest import hold
from tests.register.factories import DysfunctionFactory, category

S, P = DysfunctionState, ProposalState


def race(*actions, hold_lock_for=0.4, monkeypatch=None):
    """Run each action in its own thread and connection, started together. The first to hold
    the row keeps its transaction open a little, so that the other one has to wait for it."""
    # Every move goes through portal.transitions.transition(), which writes the history entry
    # with record() while it holds the row's lock: slowing record() keeps the lock held.
    original = transitions.record
    first = threading.Event()

    def slow_move(*args, **kwargs):
        event = original(*args, **kwargs)
        if not first.is_set():
            first.set()
            time.sleep(hold_lock_for)
        return event

    monkeypatch.setattr(transitions, "record", slow_move)
    start = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            start.wait()
            action()
            outcomes[index] = "done"
        except ValidationError as error:
            outcomes[index] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return outcomes


@pytest.fixture
def second_pilot(territory):
    pilot = TerritoryPilotFactory(territory=territory).user
    enable_mfa(pilot)
    return pilot


@pytest.mark.postgres
def test_two_pilots_triage_the_same_dysfunction_at_once(
    transactional_db, pilot, second_pilot, territory, commune, monkeypatch
):
    d = DysfunctionFactory(territory=territory, commune=commune, state=S.SUBMITTED)
    outcomes = race(
        lambda: services.dysfunction_qualify(
            dysfunction=d, actor=pilot, category=category("transport"), commune=commune
        ),
        lambda: services.dysfunction_request_information(
            dysfunction=d, actor=second_pilot, reason="Depuis quand ?"
        ),
        monkeypatch=monkeypatch,
    )
    assert sorted(o == "done" for o in outcomes) == [False, True]
    refusal = next(o for o in outcomes if o != "done")
    assert "ne peut pas devenir" in refusal
    d.refresh_from_db()
    moves = DysfunctionEvent.objects.filter(dysfunction=d, from_state=S.SUBMITTED)
    assert moves.count() == 1
    assert moves.get().to_state == d.state


@pytest.mark.postgres
def test_two_pilots_merging_two_dysfunctions_into_each_other(
    transactional_db, pilot, second_pilot, territory, commune, monkeypatch
):
    a = DysfunctionFactory(territory=territory, commune=commune)
    b = DysfunctionFactory(territory=territory, commune=commune)
    outcomes = race(
        lambda: services.dysfunction_merge(dysfunction=a, into=b, actor=pilot),
        lambda: services.dysfunction_merge(dysfunction=b, into=a, actor=second_pilot),
        monkeypatch=monkeypatch,
    )
    assert sorted(o == "done" for o in outcomes) == [False, True]
    states = sorted(Dysfunction.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True))
    assert states == sorted([S.MERGED, S.SUBMITTED])


@pytest.mark.postgres
def test_two_pilots_record_the_strategic_decision_at_once(
    transactional_db,
    pilot,
    second_pilot,
    territory,
    commune,
    tactical_table,
    held_tactical_meeting,
    strategic_meeting,
    monkeypatch,
):
    from meetings.models import Decision

    d = DysfunctionFactory(territory=territory, commune=commune, state=S.QUALIFIED)
    proposal = services.proposal_create(
        actor=pilot,
        tactical_table=tactical_table,
        title="Convention de sortie",
        rationale="R",
        request="Q",
        dysfunctions=[d],
    )
    services.proposal_adopt(proposal=proposal, actor=pilot, meeting=held_tactical_meeting)
    services.proposal_submit(
        proposal=proposal, actor=pilot, strategic_table=strategic_meeting.table
    )
    services.proposal_schedule(proposal=proposal, actor=pilot, meeting=strategic_meeting)
    hold(strategic_meeting)
    outcomes = race(
        lambda: services.proposal_decide(
            proposal=proposal, actor=pilot, decision=P.APPROVED, reason="Oui."
        ),
        lambda: services.proposal_decide(
            proposal=proposal, actor=second_pilot, decision=P.REJECTED, reason="Non."
        ),
        monkeypatch=monkeypatch,
    )
    assert sorted(o == "done" for o in outcomes) == [False, True]
    proposal.refresh_from_db()
    d.refresh_from_db()
    assert proposal.events.filter(from_state=P.SCHEDULED).count() == 1
    if proposal.state == P.APPROVED:
        assert d.state == S.DECIDED and Decision.objects.count() == 1
    else:
        assert d.state == S.QUALIFIED and Decision.objects.count() == 0
