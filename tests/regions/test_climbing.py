"""Proposals climb from a territory's strategic table to the region's: the territory's pilot
sends a proposal up from the strategic meeting where it was on the agenda; the region's table
then schedules and decides it; the history, the linked dysfunctions and the e-mails say so."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from meetings.models import MeetingStatus
from portal.permissions import can, visible_to
from register import services
from register.models import Dysfunction, DysfunctionState, Proposal, ProposalState
from tests.factories import (
    OrganisationFactory,
    RegionFactory,
    SeatFactory,
    TableFactory,
    UserFactory,
    enable_mfa,
)
from tests.meetings.factories import MeetingFactory, at
from tests.register.factories import DysfunctionFactory, ProposalFactory

P = ProposalState
pytestmark = pytest.mark.django_db


@pytest.fixture
def regional_member(regional_table, territory):
    """A funder who sits at the region's table."""
    user = UserFactory(email="financeur.region@exemple.fr")
    SeatFactory(
        table=regional_table, user=user, organisation=OrganisationFactory(territory=territory)
    )
    enable_mfa(user)
    return user


@pytest.fixture
def scheduled(territory, tactical_table, strategic_table, pilot, case_manager):
    """A proposal on the agenda of the territory's strategic meeting, which was held."""
    meeting = MeetingFactory(table=strategic_table, status=MeetingStatus.HELD, starts_at=at(-2))
    dysfunction = DysfunctionFactory(
        territory=territory, filer=case_manager, state=DysfunctionState.ESCALATED
    )
    return ProposalFactory(
        territory=territory,
        tactical_table=tactical_table,
        strategic_table=strategic_table,
        scheduled_in=meeting,
        state=P.SCHEDULED,
        created_by=pilot,
        dysfunctions=[dysfunction],
    )


def _refer(proposal, pilot, regional_table, reason="Un financement régional est nécessaire."):
    return services.proposal_refer_to_region(
        proposal=proposal, actor=pilot, regional_table=regional_table, reason=reason
    )


def test_the_pilot_sends_a_proposal_up_to_the_regions_table(
    scheduled, pilot, regional_table, strategic_table, coordinator, regional_member,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        _refer(scheduled, pilot, regional_table)
    scheduled.refresh_from_db()
    assert scheduled.state == P.REFERRED
    assert scheduled.strategic_table == regional_table
    assert scheduled.referred_from == strategic_table
    assert scheduled.referred_at is not None and scheduled.scheduled_in is None
    entry = scheduled.events.order_by("-pk").first()
    assert (entry.from_state, entry.to_state, entry.transition) == (
        P.SCHEDULED, P.REFERRED, "refer_to_region",
    )  # fmt: skip
    assert entry.actor == pilot and "financement régional" in entry.reason
    # The filer of each linked dysfunction reads it in its history.
    dysfunction = scheduled.dysfunctions.get()
    assert "Table régionale" in dysfunction.events.order_by("-pk").first().reason
    # The region's table, its pilots and its coordinator are told.
    told = {address for message in mail.outbox for address in message.to}
    assert {coordinator.email, regional_member.email, pilot.email} <= told
    subject = next(m.subject for m in mail.outbox if coordinator.email in m.to)
    assert scheduled.reference in subject


def test_the_regions_table_then_schedules_and_decides_it(
    scheduled, pilot, regional_table, regional_member
):
    _refer(scheduled, pilot, regional_table)
    scheduled.refresh_from_db()
    assert can(regional_member, "register.proposal.position", scheduled)
    upcoming = MeetingFactory(table=regional_table, status=MeetingStatus.PLANNED, starts_at=at(9))
    services.proposal_schedule(proposal=scheduled, actor=pilot, meeting=upcoming)
    upcoming.status = MeetingStatus.HELD  # the meeting took place (set here, not by a page)
    upcoming.starts_at = at(-1)
    upcoming.save()
    services.proposal_decide(
        proposal=scheduled, actor=pilot, decision=P.APPROVED, reason="Financement accordé."
    )
    scheduled.refresh_from_db()
    assert scheduled.state == P.APPROVED
    assert scheduled.decision.meeting == upcoming
    assert scheduled.dysfunctions.get().state == DysfunctionState.DECIDED


def test_only_from_a_held_strategic_meeting_and_to_the_territorys_region(
    scheduled, pilot, regional_table, territory, tactical_table
):
    other_region_table = TableFactory(
        name="Table régionale de l'Est", kind="strategic", territory=None,
        region=RegionFactory(name="Est"),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        _refer(scheduled, pilot, other_region_table)
    with pytest.raises(ValidationError):
        _refer(scheduled, pilot, regional_table, reason=" ")
    submitted = ProposalFactory(
        territory=territory, tactical_table=tactical_table, state=P.SUBMITTED,
        strategic_table=scheduled.strategic_table, created_by=pilot,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        _refer(submitted, pilot, regional_table)
    assert Proposal.objects.get(pk=scheduled.pk).state == P.SCHEDULED


def test_the_coordinator_and_other_pilots_cannot_send_it_up(
    scheduled, coordinator, regional_table, region
):
    from portal.models import Territory
    from tests.factories import TerritoryPilotFactory

    other_pilot = UserFactory()
    TerritoryPilotFactory(territory=Territory.objects.get(slug="blesois"), user=other_pilot)
    for person in (coordinator, other_pilot):
        with pytest.raises(PermissionDenied):
            _refer(scheduled, person, regional_table)
    assert Proposal.objects.get(pk=scheduled.pk).state == P.SCHEDULED


def test_a_territory_outside_any_region_offers_no_climb(
    scheduled, pilot, territory, regional_table
):
    assert can(pilot, "register.proposal.refer_to_region", scheduled)
    territory.region = None
    territory.save()
    scheduled = Proposal.objects.select_related("territory").get(pk=scheduled.pk)
    assert not can(pilot, "register.proposal.refer_to_region", scheduled)


def test_the_page_sends_it_up_and_both_tables_still_read_it(
    client, scheduled, pilot, regional_table, executive, regional_member, coordinator, region
):
    client.force_login(pilot)
    page = client.get(f"/propositions/{scheduled.pk}/").content.decode()
    assert "Transmettre à la table régionale" in page
    response = client.post(
        f"/propositions/{scheduled.pk}/transmettre-a-la-region/",
        {
            "transmettre-a-la-region-regional_table": regional_table.pk,
            "transmettre-a-la-region-reason": "Un outil partagé par les territoires.",
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get(pk=scheduled.pk).state == P.REFERRED
    # The territory's executives (its strategic table sent it), the region's table and the
    # coordinator read it; the region's page lists it.
    for person in (executive, regional_member, coordinator):
        assert scheduled in visible_to(person, Proposal.objects.all()), person
    client.force_login(coordinator)
    assert scheduled.reference in client.get(f"/region/{region.slug}/").content.decode()
    assert client.post(f"/propositions/{scheduled.pk}/inscrire/", {}).status_code in (403, 404)
    assert Dysfunction.objects.filter(state=DysfunctionState.ESCALATED).count() == 1
