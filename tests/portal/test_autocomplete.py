"""Searched choices: a page never lists a choice that can grow; the endpoint finds the rows, as
JSON for the script and as a plain page for everyone else, within what the person may act on."""

import pytest

from register.models import DysfunctionState as S
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_dysfunctions(territory):
    """A submitted dysfunction and others of its territory that it could be merged into."""
    commune = CommuneFactory(territory=territory)
    submitted = DysfunctionFactory(territory=territory, commune=commune, state=S.SUBMITTED)
    others = [
        DysfunctionFactory(
            territory=territory, commune=commune, state=S.QUALIFIED, title=f"Attente SSIAD {n}"
        )
        for n in range(3)
    ]
    return submitted, others


def test_the_dysfunction_page_lists_neither_merge_candidates_nor_services(
    client, pilot, open_dysfunctions, organisation
):
    submitted, others = open_dysfunctions
    ServiceFactory(organisation=organisation, name="Portage de repas solidaire")
    client.force_login(pilot)
    page = client.get(f"/registre/{submitted.pk}/").content.decode()
    assert "Attente SSIAD" not in page
    assert "Portage de repas solidaire" not in page
    assert "/recherche/register.merge_candidates/?dysfunction=" in page
    assert 'src="/static/js/searched-select.js"' in page


def test_the_endpoint_finds_merge_candidates_by_words_or_number(client, pilot, open_dysfunctions):
    submitted, others = open_dysfunctions
    client.force_login(pilot)
    url = f"/recherche/register.merge_candidates/?dysfunction={submitted.pk}&format=json"
    found = client.get(url + "&q=ssiad").json()
    assert sorted(r["value"] for r in found["results"]) == sorted(o.pk for o in others)
    assert found["more"] is False
    by_number = client.get(url + f"&q=D-{others[1].pk:04d}").json()
    assert [r["value"] for r in by_number["results"]] == [others[1].pk]
    # Without the script: a plain page with the numbers to type.
    page = client.get(url.replace("&format=json", "") + "&q=ssiad").content.decode()
    assert f"<td>{others[0].pk}</td>" in page


def test_the_endpoint_answers_nothing_to_whom_may_not_triage(
    client, case_manager, open_dysfunctions
):
    submitted, _others = open_dysfunctions
    client.force_login(case_manager)
    response = client.get(f"/recherche/register.merge_candidates/?dysfunction={submitted.pk}")
    assert response.status_code == 404
    assert client.get("/recherche/nothing.here/").status_code == 404


def test_a_typed_reference_merges_without_the_script(client, pilot, open_dysfunctions):
    submitted, others = open_dysfunctions
    client.force_login(pilot)
    response = client.post(
        f"/registre/{submitted.pk}/fusionner/",
        {"fusionner-into": f"D-{others[2].pk:04d}", "fusionner-reason": ""},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == S.MERGED and submitted.merged_into == others[2]


def test_services_are_searched_within_the_territories_asked(
    client, case_manager, organisation, other_territory
):
    from tests.factories import OrganisationFactory

    ServiceFactory(organisation=organisation, name="Portage de repas", live=True)
    elsewhere = OrganisationFactory(territory=other_territory)
    ServiceFactory(organisation=elsewhere, name="Portage de repas du Berry", live=True)
    client.force_login(case_manager)
    found = client.get(
        f"/recherche/directory.services/?territory={organisation.territory_id}&q=portage"
        "&format=json"
    ).json()
    assert [r["label"] for r in found["results"]] == ["Portage de repas — CCAS de Tours"]
