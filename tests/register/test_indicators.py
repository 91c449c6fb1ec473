"""Indicators computed on known data; the page per role, its SVG and table, the CSV export."""

import csv
import io
from datetime import UTC, datetime

import pytest

from register.indicators import dysfunctions_counted, indicators_compute
from register.models import DysfunctionState, FeedbackRequest
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory
from tests.queries import assert_same_count, page_queries
from tests.register.factories import DysfunctionFactory, category

S = DysfunctionState


def at(month, day):
    return datetime(2026, month, day, 10, 0, tzinfo=UTC)


@pytest.fixture
def known(territory, commune, case_manager):
    """Five dysfunctions with known dates, plus a draft and a duplicate that do not count."""
    chinon = CommuneFactory(name="Chinon", insee_code="37072", territory=territory)
    ssiad = OrganisationFactory(
        name="SSIAD du Chinonais", slug="ssiad-chinonais", territory=territory
    )
    nursing = ServiceFactory(organisation=ssiad, name="Soins infirmiers à domicile", slug="sid")
    common = {"territory": territory, "filer": case_manager}
    rows = [
        # commune, category, state, submitted, decided, closed
        (commune, "transport", S.CLOSED, at(1, 10), at(1, 20), at(2, 9)),  # 10 d, 30 d
        (commune, "transport", S.CLOSED, at(2, 1), at(3, 3), at(3, 31)),  # 30 d, 58 d
        (chinon, "logement", S.DECIDED, at(4, 1), at(4, 21), None),  # 20 d
        (chinon, "transport", S.QUALIFIED, at(5, 5), None, None),
        (chinon, "coordination", S.SUBMITTED, at(8, 5), None, None),
    ]
    made = []
    for place, value, state, submitted, decided, closed in rows:
        d = DysfunctionFactory(
            commune=place,
            category=category(value),
            state=state,
            submitted_at=submitted,
            decided_at=decided,
            closed_at=closed,
            **common,
        )
        made.append(d)
    made[0].services.set([nursing])
    made[2].services.set([nursing])
    made[2].organisations.set([ssiad])
    DysfunctionFactory(commune=commune, state=S.DRAFT, submitted_at=None, **common)
    DysfunctionFactory(commune=commune, state=S.MERGED, merged_into=made[3], **common)
    DysfunctionFactory(
        commune=commune, state=S.SUBMITTED, reopened_from=made[0], submitted_at=at(9, 1), **common
    )
    FeedbackRequest.objects.create(
        dysfunction=made[0], recipient=case_manager, answer="no", answered_at=at(4, 1)
    )
    FeedbackRequest.objects.create(
        dysfunction=made[1], recipient=case_manager, answer="yes", answered_at=at(5, 1)
    )
    return made


def test_two_organisations_services_of_the_same_name_are_counted_apart(known, territory):
    other = OrganisationFactory(name="SSIAD de Loches", slug="ssiad-loches", territory=territory)
    namesake = ServiceFactory(organisation=other, name="Soins infirmiers à domicile", slug="sid2")
    known[3].services.set([namesake])
    result = indicators_compute(dysfunctions_counted(territory_ids={territory.pk}))
    assert dict(result.by_service) == {
        "Soins infirmiers à domicile — SSIAD du Chinonais": 2,
        "Soins infirmiers à domicile — SSIAD de Loches": 1,
    }


def test_indicators_on_known_data(known, territory):
    result = indicators_compute(dysfunctions_counted(territory_ids={territory.pk}))
    assert result.total == 6
    assert result.closed == 2
    assert result.share_closed == 33.3
    assert result.median_days_to_decision == 20.0
    assert result.median_days_to_closure == 44.0
    assert result.recurrences == 1
    assert dict(result.by_category)["Transport"] == 3
    assert dict(result.by_commune) == {"Saint-Martin-le-Beau": 3, "Chinon": 3}
    assert result.by_quarter == [("2026 T1", 2), ("2026 T2", 2), ("2026 T3", 2)]
    assert dict(result.by_service) == {"Soins infirmiers à domicile — SSIAD du Chinonais": 2}
    assert dict(result.by_organisation) == {"SSIAD du Chinonais": 1}
    assert dict(result.feedback)["Non, rien n'a changé"] == 1
    cross = result.category_by_quarter
    assert cross["quarters"] == ["2026 T1", "2026 T2", "2026 T3"]
    assert dict(cross["rows"])["Transport"] == [2, 1, 0]


def test_indicators_filter_by_period(known, territory):
    from datetime import date

    result = indicators_compute(
        dysfunctions_counted(
            territory_ids={territory.pk}, start=date(2026, 4, 1), end=date(2026, 6, 30)
        )
    )
    assert result.total == 2
    assert result.closed == 0


def test_indicators_of_another_territory_are_not_counted(known, other_territory):
    assert indicators_compute(dysfunctions_counted(territory_ids={other_territory.pk})).total == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("pilot", 200),
        ("executive", 200),
        ("administrator", 200),
        ("case_manager", 403),
        ("tactical_member", 403),
        ("outsider", 403),
    ],
)
def test_indicators_page_status_per_role(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/indicateurs/").status_code == status


def test_indicators_page_draws_svg_with_its_numbers_beside(client, pilot, known):
    client.force_login(pilot)
    html = client.get("/indicateurs/").content.decode()
    assert '<svg role="img"' in html
    assert '<th scope="row">Transport</th><td>3</td>' in html
    assert "33,3 %" in html or "33.3 %" in html
    assert "style=" not in html


def test_indicators_export_as_csv_with_the_same_filters(client, executive, known):
    client.force_login(executive)
    response = client.get("/indicateurs/export.csv?start=2026-01-01&end=2026-03-31")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["indicator", "key", "value"]
    assert ["total", "", "2"] in rows
    assert ["by_category", "Transport", "2"] in rows


def test_indicators_page_runs_the_same_number_of_queries_for_more_data(
    client, pilot, territory, commune
):
    client.force_login(pilot)
    DysfunctionFactory.create_batch(3, territory=territory, commune=commune)
    small = page_queries(client, "/indicateurs/")
    DysfunctionFactory.create_batch(
        40,
        territory=territory,
        commune=commune,
        state=S.CLOSED,
        decided_at=at(3, 1),
        closed_at=at(4, 1),
    )
    assert_same_count(small, page_queries(client, "/indicateurs/"))
