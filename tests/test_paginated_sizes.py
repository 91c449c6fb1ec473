"""A paginated list's first page weighs the same whatever the number of rows behind it: with a
page and a half of rows, then with three pages and more, the first page shows a full page of
rows and its body is exactly as long once what legitimately grows is neutralised.

Every row made here renders at the same length (its texts carry a fixed-width number,
"Rang 0001", and share their dates, places and authors). What is neutralised in both bodies,
and nothing else: the CSRF tokens and CSP nonces (random), and each run of digits, reduced to
one "0" (the counts, "Page 1 sur 4", the ids in the links and references: numbers may widen
as the data grows, a row more on the page would not hide in them). A list that is not cut
short somewhere on the page (a panel, a select of every owner) adds whole rows and fails here.
"""

import difflib
import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from agreements.models import Agreement
from agreements.selectors import LIST_SIZE as AGREEMENT_PAGE_SIZE
from directory.selectors.search import PAGE_SIZE as DIRECTORY_PAGE_SIZE
from meetings.models import MeetingStatus
from register.models import DysfunctionState
from register.views.dysfunctions import PAGE_SIZE as REGISTER_PAGE_SIZE
from register.views.proposals import PAGE_SIZE as PROPOSAL_PAGE_SIZE
from tests.directory.factories import ServiceFactory
from tests.factories import (
    CommuneFactory,
    FollowFactory,
    FollowNotificationFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.meetings.factories import DecisionFactory, MeetingFactory, at
from tests.register.factories import DysfunctionFactory, ProposalFactory

pytestmark = pytest.mark.django_db

ROW = re.compile(r"Rang (\d{4})")
VARIABLE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1"'),
    (re.compile(r'(nonce=")[^"]*"'), r'\1"'),
    (re.compile(r"\d+"), "0"),
]


def neutralised(body: str) -> str:
    for pattern, replacement in VARIABLE:
        body = pattern.sub(replacement, body)
    return body


def first_page(client, url, data=None) -> str:
    cache.clear()  # the directory keeps its searches in the cache, keyed by a data version
    response = client.get(url, data)
    assert response.status_code == 200
    return response.content.decode()


def rows_shown(body: str) -> int:
    return len(set(ROW.findall(body)))


def assert_same_size(small: str, large: str, page_size: int) -> None:
    assert rows_shown(small) == page_size
    assert rows_shown(large) == page_size
    small, large = neutralised(small), neutralised(large)
    if len(small) != len(large):
        diff = difflib.unified_diff(
            small.splitlines(), large.splitlines(), "fewer rows", "more rows", lineterm="", n=0
        )
        pytest.fail(
            f"first page of {len(small)} characters, then {len(large)}:\n" + "\n".join(diff)
        )


def measure_twice(client, url, grow, page_size, data=None):
    """A page and a half of rows, then three pages and more: the first page, twice."""
    grow(0, page_size + page_size // 2)
    small = first_page(client, url, data)
    grow(page_size + page_size // 2, 3 * page_size + 5)
    large = first_page(client, url, data)
    assert_same_size(small, large, page_size)
    return small, large


# --- the register ---------------------------------------------------------------------------


@pytest.fixture
def commune(territory):
    return CommuneFactory(name="Amboise", insee_code="37003", territory=territory)


def dysfunctions(territory, commune, filer, state):
    submitted_at = timezone.now()

    def grow(start, end):
        for i in range(start, end):
            DysfunctionFactory(
                territory=territory,
                commune=commune,
                filer=filer,
                state=state,
                submitted_at=submitted_at,
                title=f"Rang {i:04d} : sortie d'hospitalisation sans relais",
            )

    return grow


def test_the_register_first_page_weighs_the_same_with_more_dysfunctions(
    client, pilot, territory, commune, case_manager
):
    client.force_login(pilot)
    grow = dysfunctions(territory, commune, case_manager, DysfunctionState.QUALIFIED)
    small, large = measure_twice(client, "/registre/", grow, REGISTER_PAGE_SIZE)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


def test_the_triage_list_first_page_weighs_the_same_with_more_to_triage(
    client, pilot, territory, commune, case_manager
):
    client.force_login(pilot)
    grow = dysfunctions(territory, commune, case_manager, DysfunctionState.SUBMITTED)
    small, large = measure_twice(client, "/registre/a-trier/", grow, REGISTER_PAGE_SIZE)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


def test_the_proposal_list_first_page_weighs_the_same_with_more_proposals(
    client, pilot, territory, tactical_table
):
    client.force_login(pilot)
    author = UserFactory()

    def grow(start, end):
        for i in range(start, end):
            ProposalFactory(
                territory=territory,
                tactical_table=tactical_table,
                created_by=author,
                title=f"Rang {i:04d} : convention de sortie",
            )

    small, large = measure_twice(client, "/propositions/", grow, PROPOSAL_PAGE_SIZE)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


# --- meetings and decisions -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["pilot", "tactical_member"])
def test_the_decision_register_first_page_weighs_the_same_with_more_decisions(
    client, request, role, tactical_table
):
    client.force_login(request.getfixturevalue(role))
    meeting = MeetingFactory(table=tactical_table, status=MeetingStatus.HELD, starts_at=at(-30))
    # An owner per decision: the owner filter is searched, it lists none of them.
    author = UserFactory()
    due = timezone.localdate() + timedelta(days=30)

    def grow(start, end):
        for i in range(start, end):
            DecisionFactory(
                meeting=meeting,
                owner=UserFactory(first_name="Porteur", last_name=f"Numéro {i:04d}"),
                created_by=author,
                due_date=due,
                text=f"Rang {i:04d} : rédiger une fiche de liaison.",
            )

    small, large = measure_twice(client, "/decisions/", grow, 50)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


@pytest.mark.parametrize("past", [False, True])
def test_the_meeting_list_first_page_weighs_the_same_with_more_meetings(
    client, pilot, tactical_table, past
):
    client.force_login(pilot)
    starts_at = at(-20) if past else at(20)
    status = MeetingStatus.HELD if past else MeetingStatus.PLANNED

    def grow(start, end):
        for i in range(start, end):
            MeetingFactory(
                table=tactical_table,
                starts_at=starts_at,
                status=status,
                place=f"Rang {i:04d}, salle du conseil",
            )

    url = "/reunions/?passees=1" if past else "/reunions/"
    small, large = measure_twice(client, url, grow, 30)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


# --- the directory --------------------------------------------------------------------------


def services_of(organisation):
    def grow(start, end):
        for i in range(start, end):
            ServiceFactory(
                organisation=organisation,
                name=f"Rang {i:04d} permanence d'accueil",
                categories=["sante--soins-a-domicile"],
            )

    return grow


@pytest.mark.parametrize("words", ["", "permanence"])
def test_the_search_first_page_weighs_the_same_with_more_services(client, organisation, words):
    grow = services_of(organisation)
    small, large = measure_twice(
        client, "/annuaire/", grow, DIRECTORY_PAGE_SIZE, data={"q": words} if words else None
    )
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


def test_an_organisations_page_weighs_the_same_with_more_services(client, organisation):
    grow = services_of(organisation)
    url = f"/annuaire/structures/{organisation.slug}/"
    small, large = measure_twice(client, url, grow, DIRECTORY_PAGE_SIZE)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


# --- notifications and agreements -----------------------------------------------------------


def test_the_notification_centre_first_page_weighs_the_same_with_more_notifications(
    client, pilot, tactical_table
):
    client.force_login(pilot)
    # A follow per notification: what one follows is listed 30 a page too.
    meeting = MeetingFactory(table=tactical_table)
    created_at = timezone.now()

    def grow(start, end):
        for i in range(start, end):
            FollowFactory(
                user=pilot,
                target=MeetingFactory(
                    table=tactical_table, starts_at=meeting.starts_at, title=f"Rang {i:04d}"
                ),
                created_at=created_at,
            )
            FollowNotificationFactory(
                recipient=pilot,
                target=meeting,
                created_at=created_at,
                text=f"Rang {i:04d} : compte rendu approuvé.",
            )

    small, large = measure_twice(client, "/notifications/", grow, 30)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large
    # What one follows has pages of its own, beside the notifications' pages.
    assert 'href="?suivis=2"' in large and 'aria-label="Pages de ce que vous suivez"' in large
    older = client.get("/notifications/", {"suivis": 4}).content.decode()
    follows = older.split("Ce que vous suivez", 1)[1]
    assert "Rang 0000" in follows and "Rang 0099" not in follows


def test_the_agreement_list_first_page_weighs_the_same_with_more_agreements(
    client, pilot, territory
):
    client.force_login(pilot)

    def grow(start, end):
        for i in range(start, end):
            Agreement.objects.create(
                territory=territory,
                title=f"Rang {i:04d} : convention de sortie",
                public="Personnes de 75 ans et plus rentrant à domicile.",
                procedure="Fiche de liaison envoyée la veille de la sortie.",
                commitments="Réponse sous deux jours ouvrés.",
                created_by=pilot,
            )

    small, large = measure_twice(client, "/conventions/", grow, AGREEMENT_PAGE_SIZE)
    assert "Page 1 sur 2" in small and "Page 1 sur 4" in large


# --- the API --------------------------------------------------------------------------------


def api_page(client, url, key):
    """The JSON page: how many entries it carries and its text with the numbers neutralised."""
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    return data, len(data[key]), neutralised(json.dumps(data, ensure_ascii=False))


def assert_same_api_page(client, url, key, grow, page_size):
    grow(0, page_size + page_size // 2)
    small, small_rows, small_text = api_page(client, url, key)
    grow(page_size + page_size // 2, 3 * page_size + 5)
    large, large_rows, large_text = api_page(client, url, key)
    assert small_rows == large_rows == page_size
    assert (small["page"], small["pages"], large["page"], large["pages"]) == (1, 2, 1, 4)
    assert len(small_text) == len(large_text), "\n".join(
        difflib.unified_diff(
            small_text.split(", "), large_text.split(", "), "fewer", "more", lineterm="", n=0
        )
    )


def test_the_services_api_first_page_weighs_the_same_with_more_services(client, organisation):
    assert_same_api_page(
        client, "/api/services", "results", services_of(organisation), DIRECTORY_PAGE_SIZE
    )


def test_the_organisations_api_first_page_weighs_the_same_with_more_organisations(
    client, territory
):
    def grow(start, end):
        for i in range(start, end):
            OrganisationFactory(
                name=f"Rang {i:04d} centre communal", slug=f"rang-{i:04d}", territory=territory
            )

    assert_same_api_page(client, "/api/organisations", "results", grow, 50)


def test_an_organisations_api_page_weighs_the_same_with_more_services(client, organisation):
    assert_same_api_page(
        client,
        f"/api/organisations/{organisation.slug}",
        "services",
        services_of(organisation),
        50,
    )
