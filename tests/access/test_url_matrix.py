"""The access matrix, from the URL resolver: every URL pattern of the portal × every role, and
territory A's objects as a second territory's pilot. A pattern without a declared expectation
(tests/access/expectations.py) fails; so does a single leak (a role outside a pattern's readers
that is not refused). Readers must never meet a server error. Prints the pairs checked."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from directory.models import Membership
from meetings.models import MeetingStatus
from tests.agreements.factories import AgreementFactory, CorridorFactory
from tests.alerts.factories import SavedSearchFactory
from tests.directory.factories import ServiceFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    SeatFactory,
    TableFactory,
    TerritoryPilotFactory,
    UserFactory,
    enable_mfa,
)
from tests.meetings.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesVersionFactory,
    at,
)
from tests.register.factories import (
    DysfunctionAttachmentFactory,
    DysfunctionFactory,
    ProposalFactory,
)

from .expectations import BY_NAME, BY_PREFIX, ROLES, SIGNED_IN

# The back offices' hundreds of patterns are probed as the roles that differ for them: nobody
# signed in, signed in without a role, a partner, and an executive (two factors on, no staff).
BACK_OFFICE_PROBES = ("visitor", "outsider", "partner", "executive")
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def patterns(resolvers=None, prefix="", namespace=""):
    """(route, name) of every URL pattern, walking included resolvers."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or "")


def expectation(route, name):
    if name in BY_NAME:
        return BY_NAME[name]
    for start, readers, _why in BY_PREFIX:
        if route.lstrip("^").startswith(start):
            return readers
    return None


def refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code in (301, 302):
        target = response["Location"]
        return any(w in target for w in ("/comptes/", "login", "connexion"))
    return False


def route_url(route, values, keys=()):
    """A concrete address for `route`: its parameters, in order, take the world's values named
    by `keys`; the others a harmless placeholder."""
    route = route.lstrip("^").rstrip("$")
    if "(?" in route or "\\" in route:  # a regular-expression route (Wagtail's page server)
        return None
    keys = iter(keys)

    def fill(match):
        key = next(keys, None)
        if key is not None:
            return str(values[key])
        return "1" if match.group("converter") == "int" else "x"

    return "/" + PARAM.sub(fill, route)


@pytest.fixture
def pilot_b(other_territory):
    user = UserFactory(email="pilote.berry@exemple.fr")
    TerritoryPilotFactory(territory=other_territory, user=user)
    enable_mfa(user)
    return user


@pytest.fixture
def world(
    territory, other_territory, pilot, case_manager, tactical_table, strategic_table,
    other_organisation, tactical_member, executive, organisation, region, regional_table,
):  # fmt: skip
    """Territory A's objects (what the roles above may or may not reach) and territory B's
    (which none of A's roles may reach). Territory A is in a region with a table; territory B
    in another region."""
    strategic_table.feeds.add(tactical_table)
    other_territory.region = RegionFactory(name="Bourgogne", slug="bourgogne")
    other_territory.save()
    service = ServiceFactory(organisation=other_organisation, name="Halte répit", slug="halte")
    meeting = MeetingFactory(
        table=tactical_table, status=MeetingStatus.MINUTES_DRAFTED, starts_at=at(-3)
    )
    item = AgendaItemFactory(meeting=meeting, number=1)
    MinutesVersionFactory(meeting=meeting, number=1)
    decision = DecisionFactory(meeting=meeting, owner=pilot)
    dysfunction = DysfunctionFactory(territory=territory, filer=case_manager, state="qualified")
    attachment = DysfunctionAttachmentFactory(dysfunction=dysfunction)
    proposal = ProposalFactory(
        territory=territory,
        tactical_table=tactical_table,
        strategic_table=strategic_table,
        state="submitted",
        created_by=pilot,
        dysfunctions=[dysfunction],
    )
    # An agreement before the tactical table, between two organisations of territory A (the
    # partner edits one of them), with a corridor; a saved search of the case manager's.
    agreement = AgreementFactory(territory=territory, state="proposed", table=tactical_table)
    agreement.parties.set([other_organisation, organisation])
    corridor = CorridorFactory(
        agreement=agreement,
        from_service=service,
        to_service=ServiceFactory(organisation=organisation, name="Portage", slug="portage"),
    )
    saved = SavedSearchFactory(user=case_manager)
    a = {
        "agreement_pk": agreement.pk,
        "corridor_pk": corridor.pk,
        "step_name": "end",
        "saved_search_pk": saved.pk,
        "service_slug": service.slug,
        "organisation_slug": other_organisation.slug,
        "service_pk": service.pk,
        "table_slug": tactical_table.slug,
        "seat_pk": tactical_member.seats.get().pk,
        "meeting_pk": meeting.pk,
        "item_pk": item.pk,
        "version_number": 1,
        "decision_pk": decision.pk,
        "dysfunction_pk": dysfunction.pk,
        "attachment_pk": attachment.pk,
        "proposal_pk": proposal.pk,
        "bad_token": "forged-token",
        "action_slug": "rejeter",
        "proposal_action": "decider",
        "region_slug": region.slug,
    }
    # Territory B: a table, its meeting and decision, a dysfunction, a proposal, a service.
    b_org = OrganisationFactory(name="CLIC du Cher", slug="clic-du-cher", territory=other_territory)
    b_member = UserFactory(email="membre.berry@exemple.fr")
    MembershipFactory(user=b_member, organisation=b_org, role=Membership.Role.CASE_MANAGER)
    b_table = TableFactory(name="Table tactique du Cher", territory=other_territory)
    b_seat = SeatFactory(table=b_table, user=b_member, organisation=b_org)
    b_meeting = MeetingFactory(
        table=b_table, status=MeetingStatus.MINUTES_DRAFTED, starts_at=at(-3)
    )
    b_item = AgendaItemFactory(meeting=b_meeting, number=1)
    MinutesVersionFactory(meeting=b_meeting, number=1)
    b_dysfunction = DysfunctionFactory(territory=other_territory, filer=b_member, state="qualified")
    b_service = ServiceFactory(organisation=b_org, name="SSIAD", slug="ssiad-cher")
    b_agreement = AgreementFactory(territory=other_territory, state="proposed", table=b_table)
    b_agreement.parties.set([b_org])
    b = {
        **a,
        "agreement_pk": b_agreement.pk,
        "saved_search_pk": SavedSearchFactory(user=b_member).pk,
        "service_slug": b_service.slug,
        "service_pk": b_service.pk,
        "organisation_slug": b_org.slug,
        "region_slug": other_territory.region.slug,
        "table_slug": b_table.slug,
        "seat_pk": b_seat.pk,
        "meeting_pk": b_meeting.pk,
        "item_pk": b_item.pk,
        "decision_pk": DecisionFactory(meeting=b_meeting, owner=b_member).pk,
        "dysfunction_pk": b_dysfunction.pk,
        "attachment_pk": DysfunctionAttachmentFactory(dysfunction=b_dysfunction).pk,
        "proposal_pk": ProposalFactory(
            territory=other_territory, tactical_table=b_table, state="submitted",
            strategic_table=TableFactory(
                name="Table stratégique du Cher", kind="strategic", territory=other_territory
            ),
            created_by=b_member, dysfunctions=[b_dysfunction],
        ).pk,
    }  # fmt: skip
    return a, b


def test_every_url_pattern_has_a_declared_expectation():
    missing = [(route, name) for route, name in patterns() if expectation(route, name) is None]
    assert missing == [], "Declare who may reach these patterns in tests/access/expectations.py"


def _request(client, url, post):
    return client.post(url, {}) if post else client.get(url)


def test_no_role_reaches_what_it_may_not(
    client, request, world, pilot_b, coordinator, administrator
):
    a, b = world
    routes = list(patterns())
    checked, leaks, errors = 0, [], []
    users = {role: None if role == "visitor" else request.getfixturevalue(role) for role in ROLES}
    for role, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for route, name in routes:
            declared = BY_NAME.get(name)
            readers = declared.readers if declared else expectation(route, name)
            post = bool(declared and declared.post)
            url = route_url(route, a, declared.kwargs if declared else ())
            if url is None:
                continue
            if role in readers:
                # Readers of the portal's own pages never meet a server error (back offices
                # are walked with placeholders, so only their refusals are checked).
                if declared and not post:
                    response = client.get(url)
                    checked += 1
                    if response.status_code >= 500:
                        errors.append((role, url, response.status_code))
                continue
            if not declared and role not in BACK_OFFICE_PROBES:
                continue
            response = _request(client, url, post)
            checked += 1
            if not refused(response):
                leaks.append((role, "POST" if post else "GET", url, response.status_code))
        # The second territory: territory A's people never reach territory B's objects.
        if role == "pilot_b" or user is None:
            continue
        for name, declared in BY_NAME.items():
            if not declared.kwargs or declared.readers >= SIGNED_IN:
                continue
            if role == "administrator":
                continue
            route = next((r for r, n in routes if n == name), None)
            if route is None:  # declared ahead of a view not mounted (yet)
                continue
            url = route_url(route, b, declared.kwargs)
            response = _request(client, url, declared.post)
            checked += 1
            if not refused(response):
                leaks.append((role, "B", url, response.status_code))
    print(f"access matrix: {checked} (role, URL) pairs checked over {len(routes)} patterns")
    assert errors == [], errors
    assert leaks == [], "\n".join(map(str, leaks))
