"""Pages whose rows grow with the register stay bounded: the same number of queries and, for
the lists, the same size of page whatever the number of dysfunctions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from register.models import DysfunctionState as S
from tests.directory.factories import ServiceFactory
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db


def _measure(client, url):
    client.get(url)  # caches filled once per process (content types, the site) stay out
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _grow(territory, commune, n, state=S.SUBMITTED):
    DysfunctionFactory.create_batch(n, territory=territory, commune=commune, state=state)


def test_triage_list_is_paginated_with_a_fixed_number_of_queries(client, pilot, territory, commune):
    client.force_login(pilot)
    _grow(territory, commune, 3)
    few_queries, _few = _measure(client, "/registre/a-trier/")
    _grow(territory, commune, 60)
    newest = DysfunctionFactory(territory=territory, commune=commune, title="Le plus récent")
    many_queries, many = _measure(client, "/registre/a-trier/")
    assert few_queries == many_queries
    assert "Page 1 sur 2" in many and "Le plus récent" not in many
    again, page_two = _measure(client, "/registre/a-trier/?page=2")
    assert again == many_queries and newest.title in page_two


def test_the_pilots_panel_shows_the_oldest_few_and_how_many_wait(client, pilot, territory, commune):
    client.force_login(pilot)
    _grow(territory, commune, 12)
    queries, page = _measure(client, "/mon-espace/")
    assert "Les 12 en attente" in page
    _grow(territory, commune, 30)
    more_queries, more = _measure(client, "/mon-espace/")
    assert queries == more_queries
    assert "Les 42 en attente" in more
    assert len(more) - len(page) < 50  # only the count changed


def test_a_submitted_dysfunction_page_does_not_grow_with_the_register(
    client, pilot, territory, commune, organisation
):
    client.force_login(pilot)
    dysfunction = DysfunctionFactory(territory=territory, commune=commune)
    _grow(territory, commune, 2, state=S.QUALIFIED)
    ServiceFactory(organisation=organisation)
    queries, page = _measure(client, f"/registre/{dysfunction.pk}/")
    _grow(territory, commune, 40, state=S.QUALIFIED)
    for _ in range(20):
        ServiceFactory(organisation=organisation)
    more_queries, more = _measure(client, f"/registre/{dysfunction.pk}/")
    assert queries == more_queries
    assert len(page) == len(more)


def test_the_proposal_form_does_not_list_the_dysfunctions(client, pilot, territory, commune):
    client.force_login(pilot)
    _grow(territory, commune, 2, state=S.QUALIFIED)
    queries, page = _measure(client, "/propositions/nouvelle/")
    _grow(territory, commune, 40, state=S.QUALIFIED)
    more_queries, more = _measure(client, "/propositions/nouvelle/")
    assert queries == more_queries
    assert len(page) == len(more)


def test_the_proposal_list_is_paginated(client, pilot, territory, tactical_table):
    from tests.register.factories import ProposalFactory

    client.force_login(pilot)
    ProposalFactory.create_batch(3, territory=territory, tactical_table=tactical_table)
    queries, _page = _measure(client, "/propositions/")
    ProposalFactory.create_batch(60, territory=territory, tactical_table=tactical_table)
    more_queries, more = _measure(client, "/propositions/")
    assert queries == more_queries
    assert "Page 1 sur 2" in more and more.count("/propositions/") < 60


def test_a_dysfunction_page_names_more_of_everything_with_the_same_queries(
    client, pilot, territory, commune
):
    """Services, organisations, proposals, recurrences, merged dysfunctions, « me too »,
    attachments, answers and events: each list is read once, whatever its length."""
    from tests.factories import OrganisationFactory, UserFactory
    from tests.register.factories import (
        DysfunctionAttachmentFactory,
        DysfunctionEventFactory,
        FeedbackRequestFactory,
        MeTooFactory,
        ProposalFactory,
    )

    client.force_login(pilot)
    closed = DysfunctionFactory(territory=territory, commune=commune, state=S.CLOSED)
    named = []

    def add(n):
        for _ in range(n):
            service = ServiceFactory(organisation=OrganisationFactory(territory=territory))
            organisation = OrganisationFactory(territory=territory)
            closed.services.add(service)
            closed.organisations.add(organisation)
            proposal = ProposalFactory(territory=territory, dysfunctions=[closed])
            again = DysfunctionFactory(territory=territory, commune=commune, reopened_from=closed)
            merged = DysfunctionFactory(
                territory=territory, commune=commune, state=S.MERGED, merged_into=closed
            )
            MeTooFactory(dysfunction=closed)
            DysfunctionAttachmentFactory(dysfunction=closed)
            FeedbackRequestFactory(dysfunction=closed, recipient=UserFactory(), answered=True)
            DysfunctionEventFactory(dysfunction=closed, actor=UserFactory())
            named.extend(
                [service.name, organisation.name, proposal.title, again.title, merged.reference]
            )

    add(1)
    queries, _page = _measure(client, f"/registre/{closed.pk}/")
    add(3)
    more_queries, more = _measure(client, f"/registre/{closed.pk}/")
    assert queries == more_queries
    assert all(escape(name) in more for name in named)
