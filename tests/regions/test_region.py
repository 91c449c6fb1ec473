"""The region: a regional coordinator reads every territory of the region and changes nothing;
a territory's pilot never sees another territory's register; the region's table is run by the
pilots of its territories; the region's pages (tables, indicators side by side, directory
across the region) keep a fixed number of queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import MeetingStatus, Table
from meetings.selectors import people_of_table
from portal.models import Territory
from portal.permissions import Role, can, roles_of, visible_to
from register.models import Dysfunction, DysfunctionState, Proposal
from tests.directory.factories import ServiceFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    SeatFactory,
    TableFactory,
    TerritoryFactory,
    TerritoryPilotFactory,
    UserFactory,
    enable_mfa,
)
from tests.meetings.factories import MeetingFactory, at
from tests.queries import assert_same_count, page_queries
from tests.register.factories import DysfunctionFactory, ProposalFactory

S = DysfunctionState
pytestmark = pytest.mark.django_db


@pytest.fixture
def blesois(region):
    return Territory.objects.get(slug="blesois")


@pytest.fixture
def pilot_blesois(blesois):
    user = UserFactory(email="pilote.blesois@exemple.fr")
    TerritoryPilotFactory(territory=blesois, user=user)
    enable_mfa(user)
    return user


@pytest.fixture
def register_of_both(territory, blesois, case_manager):
    """A published dysfunction in each territory of the region, and one in a territory of
    another region."""
    elsewhere = TerritoryFactory(name="Morvan", slug="morvan", region=RegionFactory(name="Est"))
    return {
        "touraine": DysfunctionFactory(
            territory=territory, filer=case_manager, state=S.QUALIFIED, title="Répit introuvable"
        ),
        "blesois": DysfunctionFactory(
            territory=blesois, state=S.QUALIFIED, title="Aucun SSIAD le week-end à Vendôme"
        ),
        "elsewhere": DysfunctionFactory(
            territory=elsewhere, state=S.QUALIFIED, title="Portage de repas absent"
        ),
    }


def test_the_coordinator_holds_the_role_as_data(coordinator):
    assert roles_of(coordinator) == {Role.REGIONAL_COORDINATOR}


def test_coordinator_reads_the_register_of_every_territory_of_the_region(
    client, coordinator, register_of_both
):
    client.force_login(coordinator)
    listed = client.get("/registre/").content.decode()
    assert "Répit introuvable" in listed
    assert "Aucun SSIAD le week-end à Vendôme" in listed
    assert "Portage de repas absent" not in listed
    for key in ("touraine", "blesois"):
        assert client.get(f"/registre/{register_of_both[key].pk}/").status_code == 200
    assert client.get(f"/registre/{register_of_both['elsewhere'].pk}/").status_code == 404


def test_coordinator_never_sees_who_filed(client, coordinator, register_of_both, case_manager):
    client.force_login(coordinator)
    page = client.get(f"/registre/{register_of_both['touraine'].pk}/").content.decode()
    assert case_manager.email not in page
    assert not can(coordinator, "register.dysfunction.see_filer", register_of_both["touraine"])


def test_coordinator_reads_every_table_of_the_region_and_its_indicators(
    client, coordinator, tactical_table, regional_table, blesois, register_of_both
):
    blesois_table = TableFactory(name="Table tactique du Blésois", territory=blesois)
    meeting = MeetingFactory(table=blesois_table, status=MeetingStatus.HELD, starts_at=at(-2))
    client.force_login(coordinator)
    for table in (tactical_table, regional_table, blesois_table):
        assert client.get(table.get_absolute_url()).status_code == 200
    assert client.get(f"/reunions/{meeting.pk}/").status_code == 200
    indicators = client.get("/indicateurs/")
    assert indicators.status_code == 200
    territories = visible_to(
        coordinator, Territory.objects.all(), action="register.indicators.view"
    )
    assert {t.slug for t in territories} == {"touraine", "blesois"}


def test_coordinator_changes_nothing(
    client, coordinator, tactical_table, regional_table, register_of_both, pilot
):
    """Every action of the tables and the register is refused, and nothing moves."""
    dysfunction = register_of_both["touraine"]
    proposal = ProposalFactory(
        territory=dysfunction.territory,
        tactical_table=tactical_table,
        state="draft",
        created_by=pilot,
        dysfunctions=[dysfunction],
    )
    meeting = MeetingFactory(table=tactical_table, status=MeetingStatus.PLANNED, starts_at=at(9))
    client.force_login(coordinator)
    posts = [
        (f"/registre/{dysfunction.pk}/rejeter/", {"rejeter-reason": "Hors champ"}),
        (f"/propositions/{proposal.pk}/adopter/", {}),
        (f"/tables/{tactical_table.slug}/modifier/", {"name": "Renommée"}),
        (f"/tables/{regional_table.slug}/modifier/", {"name": "Renommée"}),
        (f"/reunions/{meeting.pk}/convoquer/", {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (403, 404, 405), url
    dysfunction.refresh_from_db()
    proposal.refresh_from_db()
    meeting.refresh_from_db()
    assert dysfunction.state == S.QUALIFIED
    assert proposal.state == "draft"
    assert meeting.status == MeetingStatus.PLANNED
    assert Table.objects.filter(name="Renommée").count() == 0
    for action, obj in [
        ("register.dysfunction.triage", dysfunction),
        ("register.proposal.manage", proposal),
        ("meetings.table.manage", tactical_table),
        ("meetings.table.manage", regional_table),
        ("meetings.meeting.manage", meeting),
        ("register.dysfunction.file", None),
    ]:
        assert not can(coordinator, action, obj), action


def test_a_pilot_does_not_see_the_other_territorys_register(
    client, pilot, register_of_both, regional_table, organisation
):
    """Even seated at the region's table, the pilot of Touraine reads Touraine's register
    only."""
    SeatFactory(table=regional_table, user=pilot, organisation=organisation)
    client.force_login(pilot)
    listed = client.get("/registre/").content.decode()
    assert "Répit introuvable" in listed
    assert "Aucun SSIAD le week-end à Vendôme" not in listed
    assert client.get(f"/registre/{register_of_both['blesois'].pk}/").status_code == 404
    seen = visible_to(pilot, Dysfunction.objects.all())
    assert set(seen.values_list("territory__slug", flat=True)) == {"touraine"}


def test_the_regional_table_is_run_by_the_pilots_of_the_region(
    pilot, pilot_blesois, regional_table
):
    outsider_pilot = UserFactory()
    TerritoryPilotFactory(territory=TerritoryFactory(name="Morvan"), user=outsider_pilot)
    assert can(pilot, "meetings.table.manage", regional_table)
    assert can(pilot_blesois, "meetings.table.manage", regional_table)
    assert not can(outsider_pilot, "meetings.table.manage", regional_table)
    # Only administrators create a region's table.
    assert not can(pilot, "meetings.table.create", regional_table.region)


def test_the_regional_tables_people_are_those_of_the_regions_territories(
    regional_table, territory, blesois
):
    touraine_person, blesois_person, other = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=touraine_person, organisation=OrganisationFactory(territory=territory))
    MembershipFactory(user=blesois_person, organisation=OrganisationFactory(territory=blesois))
    MembershipFactory(user=other, organisation=OrganisationFactory())
    people = set(people_of_table(regional_table))
    assert {touraine_person, blesois_person} <= people
    assert other not in people


def test_a_table_belongs_to_a_territory_or_strategically_to_a_region(territory, region):
    with pytest.raises(ValidationError):
        Table(name="Ni l'un ni l'autre", slug="ni", kind="strategic").full_clean()
    with pytest.raises(ValidationError):
        Table(name="Tactique", slug="t", kind="tactical", region=region).full_clean()
    with pytest.raises(ValidationError):
        Table(
            name="Les deux", slug="d", kind="strategic", region=region, territory=territory
        ).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Table.objects.create(name="Tactique", slug="t2", kind="tactical", region=region)


def test_region_page_lists_the_regional_and_territorial_tables(
    client, coordinator, region, regional_table, tactical_table
):
    client.force_login(coordinator)
    page = client.get(f"/region/{region.slug}/").content.decode()
    assert regional_table.name in page and tactical_table.name in page
    assert "Blésois" in page
    assert f"/region/{region.slug}/indicateurs/" in page


def test_indicators_put_the_territories_side_by_side(
    client, coordinator, region, register_of_both, blesois
):
    DysfunctionFactory(territory=blesois, state=S.CLOSED)
    client.force_login(coordinator)
    page = client.get(f"/region/{region.slug}/indicateurs/")
    assert page.status_code == 200
    comparison = page.context["comparison"]
    assert [t.slug for t in comparison.territories] == ["blesois", "touraine"]
    submitted = dict(comparison.rows)["Dysfonctionnements soumis"]
    assert submitted == [2, 1]
    html = page.content.decode()
    assert "Blésois" in html and "Touraine" in html and "Morvan" not in html


def test_the_side_by_side_indicators_are_kept_and_follow_every_change(
    client, coordinator, region, register_of_both, blesois, monkeypatch
):
    from tests.queries import watch_kept

    client.force_login(coordinator)

    url = f"/region/{region.slug}/indicateurs/"
    kept = watch_kept(monkeypatch)
    first = client.get(url).context["comparison"]
    assert [type(value).__name__ for value, _t in kept] == ["TerritoryComparison"]
    kept.clear()
    assert client.get(url).context["comparison"].rows == first.rows
    assert kept == []  # read from what was kept
    DysfunctionFactory(territory=blesois, state=S.CLOSED)
    assert dict(client.get(url).context["comparison"].rows)["Dysfonctionnements soumis"] == [2, 1]
    blesois.name = "Pays de Blois"
    blesois.save()
    assert "Pays de Blois" in client.get(url).content.decode()


def test_the_directory_is_searched_across_the_regions_territories(
    client, region, territory, blesois, case_manager
):
    ServiceFactory(name="Halte répit Tours", organisation=OrganisationFactory(territory=territory))
    ServiceFactory(name="Halte répit Blois", organisation=OrganisationFactory(territory=blesois))
    ServiceFactory(name="Halte répit Dijon", organisation=OrganisationFactory())
    client.force_login(case_manager)
    page = client.get(f"/region/{region.slug}/annuaire/").content.decode()
    assert "Halte répit Tours" in page and "Halte répit Blois" in page
    assert "Halte répit Dijon" not in page
    # A visitor searches it too, like the directory.
    client.logout()
    assert "Halte répit Blois" in client.get(f"/region/{region.slug}/annuaire/").content.decode()


def test_the_regions_directory_is_kept_and_follows_every_change(
    client, region, territory, blesois, case_manager, monkeypatch
):
    from tests.queries import watch_kept

    ServiceFactory(name="Halte répit Blois", organisation=OrganisationFactory(territory=blesois))
    client.force_login(case_manager)
    url = f"/region/{region.slug}/annuaire/"

    def found() -> str:
        return client.get(url, {"q": "halte répit"}).content.decode()

    kept = watch_kept(monkeypatch)
    assert "Halte répit Blois" in found()
    # The results are kept rendered, then read from what was kept.
    assert any(isinstance(value, str) and "Halte répit Blois" in value for value, _t in kept)
    kept.clear()
    assert "Halte répit Blois" in found()
    assert kept == []
    ServiceFactory(name="Halte répit Tours", organisation=OrganisationFactory(territory=territory))
    assert "Halte répit Tours" in found()
    # A territory leaving the region takes its services out of the region's directory.
    blesois.region = None
    blesois.save()
    assert "Halte répit Blois" not in found()
    # The whole directory's search is kept apart from the region's.
    assert "Halte répit Blois" in client.get("/annuaire/", {"q": "halte répit"}).content.decode()


def _grow(territory, blesois, n):
    for i in range(n):
        for where in (territory, blesois):
            organisation = OrganisationFactory(territory=where)
            ServiceFactory(organisation=organisation)
            DysfunctionFactory(territory=where, state=[S.QUALIFIED, S.CLOSED][i % 2])
            TableFactory(territory=where)


@pytest.mark.parametrize(
    "path",
    ["/region/", "/region/{slug}/", "/region/{slug}/indicateurs/", "/region/{slug}/annuaire/"],
)
def test_region_pages_run_the_same_number_of_queries_for_more_data(
    client, coordinator, region, regional_table, territory, blesois, path
):
    client.force_login(coordinator)
    url = path.format(slug=region.slug)
    _grow(territory, blesois, 2)
    small = page_queries(client, url)
    _grow(territory, blesois, 12)
    assert_same_count(small, page_queries(client, url))


def test_proposals_of_the_region_are_read_by_the_coordinator_once_adopted(
    coordinator, tactical_table, territory, pilot, register_of_both
):
    draft = ProposalFactory(
        territory=territory, tactical_table=tactical_table, state="draft", created_by=pilot
    )
    adopted = ProposalFactory(
        territory=territory, tactical_table=tactical_table, state="adopted", created_by=pilot
    )
    seen = set(visible_to(coordinator, Proposal.objects.all()))
    assert adopted in seen and draft not in seen


def test_an_administrator_creates_the_regions_table_from_its_page(
    client, administrator, region, territory
):
    client.force_login(administrator)
    page = client.get(f"/region/{region.slug}/").content.decode()
    assert f"/region/{region.slug}/tables/nouvelle/" in page
    assert "Créer une table de la région" in page
    form = client.get(f"/region/{region.slug}/tables/nouvelle/")
    assert form.status_code == 200
    body = form.content.decode()
    assert "Nouvelle table de Centre-Val de Loire" in body
    assert 'name="territory"' not in body and 'name="kind"' not in body
    response = client.post(
        f"/region/{region.slug}/tables/nouvelle/",
        {
            "name": "Table régionale des DAC",
            "slug": "table-regionale-dac",
            "description": "Les pilotes et financeurs des territoires de la région.",
            "notice_days": "15",
            "quorum_kind": "none",
            "submission": "a" * 32,
        },
    )
    table = Table.objects.get(slug="table-regionale-dac")
    assert response.status_code == 302 and response["Location"] == table.get_absolute_url()
    assert table.region == region and table.territory is None
    assert table.kind == Table.Kind.STRATEGIC
    assert table.collection_id is not None
    # The region's page lists it.
    assert "Table régionale des DAC" in client.get(f"/region/{region.slug}/").content.decode()


def test_the_regions_table_form_keeps_what_was_typed_and_refuses_a_taken_address(
    client, administrator, region, regional_table
):
    client.force_login(administrator)
    response = client.post(
        f"/region/{region.slug}/tables/nouvelle/",
        {"name": "Deuxième table", "slug": regional_table.slug, "notice_days": "15",
         "quorum_kind": "count"},
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Deuxième table"' in body
    assert "field-invalid" in body
    assert Table.objects.filter(region=region).count() == 1


def test_coordinators_and_pilots_do_not_create_the_regions_table(
    client, coordinator, pilot, pilot_blesois, region
):
    for person in (coordinator, pilot, pilot_blesois):
        client.force_login(person)
        assert "/tables/nouvelle/" not in client.get(f"/region/{region.slug}/").content.decode()
        assert client.get(f"/region/{region.slug}/tables/nouvelle/").status_code in (403, 404)
        response = client.post(
            f"/region/{region.slug}/tables/nouvelle/",
            {"name": "Table", "slug": "table-x", "notice_days": "15", "quorum_kind": "none"},
        )
        assert response.status_code in (403, 404)
    assert not Table.objects.filter(slug="table-x").exists()
