"""Who reaches what: every role against the pages and POST actions, through the test client only.

Roles come from tests/conftest.py (visitor = the anonymous client); `pilot_b` is the pilot of
another territory. Every forbidden POST also checks that the database did not change.
"""

import re
import secrets

import pytest
from django.contrib.auth.models import Group, Permission

from directory.models import Service
from meetings.models import Meeting, MeetingStatus, MinutesVersion, Table
from register.models import Dysfunction, DysfunctionState, ExecutivePosition, Proposal
from register.models.proposals import ProposalState
from tests.directory.factories import ServiceFactory
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    TerritoryPilotFactory,
    UserFactory,
    enable_mfa,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at
from tests.register.factories import DysfunctionFactory, ProposalFactory

SIGNED_IN = ["outsider", "partner", "case_manager", "tactical_member", "executive", "pilot"]
FILER_FIRST, FILER_LAST = "Sidonie", "Vauquelin"
PRO_PHONE = "02 47 99 88 77"


def refused(response) -> bool:
    """A refusal: not found, forbidden, method not allowed, or sent to sign in."""
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and "/comptes/" in response["Location"]


def sign_in(client, request, role):
    """Sign the client in as `role` (a fixture name), or out for the visitor."""
    client.logout()
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))
    return client


def snapshot(obj, *fields):
    fresh = type(obj).objects.get(pk=obj.pk)
    return {f: getattr(fresh, f) for f in fields}


# --- people and objects ---------------------------------------------------------------------


@pytest.fixture
def pilot_b(other_territory):
    user = UserFactory(email="pilote.berry@exemple.fr")
    TerritoryPilotFactory(territory=other_territory, user=user)
    enable_mfa(user)
    return user


@pytest.fixture
def filer(territory):
    user = UserFactory(email="filer@exemple.fr", first_name=FILER_FIRST, last_name=FILER_LAST)
    dac = OrganisationFactory(name="Plateforme DAC", slug="plateforme-dac", territory=territory)
    MembershipFactory(user=user, organisation=dac, role="case_manager")
    return user


@pytest.fixture
def commune(territory):
    return CommuneFactory(name="Amboise", insee_code="37003", territory=territory)


@pytest.fixture
def submitted(filer, territory, commune):
    return DysfunctionFactory(
        territory=territory, commune=commune, filer=filer, state=DysfunctionState.SUBMITTED
    )


@pytest.fixture
def draft(filer, territory, commune):
    return DysfunctionFactory(
        territory=territory,
        commune=commune,
        filer=filer,
        state=DysfunctionState.DRAFT,
        submitted_at=None,
    )


@pytest.fixture
def published(filer, territory, commune):
    return DysfunctionFactory(
        territory=territory, commune=commune, filer=filer, state=DysfunctionState.QUALIFIED
    )


@pytest.fixture
def proposal(territory, tactical_table, strategic_table, pilot):
    return ProposalFactory(
        territory=territory,
        tactical_table=tactical_table,
        strategic_table=strategic_table,
        state=ProposalState.SUBMITTED,
        created_by=pilot,
    )


@pytest.fixture
def other_service(other_organisation):
    return ServiceFactory(
        organisation=other_organisation,
        name="Halte répit du Lochois",
        slug="halte-repit",
        professional_contact="Secrétariat médical",
        professional_phone=PRO_PHONE,
    )


@pytest.fixture
def own_service(organisation):
    return ServiceFactory(organisation=organisation, name="Portage de repas", slug="portage")


@pytest.fixture
def draft_minutes(client, pilot, tactical_table, tactical_member):
    """A held tactical meeting whose minutes the pilot drafted (through the page)."""
    meeting = MeetingFactory(table=tactical_table, status=MeetingStatus.HELD, starts_at=at(-3))
    item = AgendaItemFactory(meeting=meeting, number=1)
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/compte-rendu/rediger/",
        {"summary": "Tour de table confidentiel", f"text_{item.pk}": "Échanges sur le SSIAD"},
    )
    assert response.status_code == 302
    client.logout()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFTED
    return meeting


# --- sign-in walls ----------------------------------------------------------------------------


def test_visitor_is_sent_to_sign_in(client, db):
    for url in ("/mon-espace/", "/registre/", "/registre/nouveau/", "/tables/", "/reunions/"):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/" in response["Location"], url
    for url in ("/decisions/", "/propositions/", "/indicateurs/", "/registre/a-trier/"):
        assert refused(client.get(url)), url


# --- directory ----------------------------------------------------------------------------------


def test_professional_contacts_only_for_the_network(client, request, other_service):
    url = f"/annuaire/services/{other_service.slug}/"
    for role, shown in [
        ("visitor", False),
        ("outsider", False),
        ("partner", True),
        ("case_manager", True),
        ("tactical_member", True),
        ("pilot", True),
    ]:
        response = sign_in(client, request, role).get(url)
        assert response.status_code == 200, role
        html = response.content.decode()
        assert (PRO_PHONE in html) is shown, role
        assert ("Secrétariat médical" in html) is shown, role
    client.logout()
    assert PRO_PHONE not in client.get("/annuaire/export.csv").getvalue().decode()
    assert PRO_PHONE not in client.get("/annuaire/?q=Halte").content.decode()


def test_service_of_another_organisation_cannot_be_edited(client, request, other_service):
    fields = ("name", "summary", "latest_revision_id", "live", "last_verified_on")
    Service.objects.filter(pk=other_service.pk).update(last_verified_on=None)
    before = snapshot(other_service, *fields)
    base = f"/annuaire/services/{other_service.slug}"
    for role in ("visitor", "outsider", "partner", "case_manager", "tactical_member", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.get(f"{base}/modifier/")), role
        assert refused(client.post(f"{base}/modifier/", {"name": "Détourné", "summary": "x"})), role
        assert refused(client.post(f"{base}/verifie/")), role
    assert snapshot(other_service, *fields) == before


def test_partner_reaches_the_edit_page_of_their_own_service_only(
    client, partner, own_service, other_service
):
    client.force_login(partner)
    assert client.get(f"/annuaire/services/{own_service.slug}/modifier/").status_code == 200
    assert refused(client.get(f"/annuaire/services/{other_service.slug}/modifier/"))


def test_others_cannot_add_a_service_to_an_organisation(client, request, other_organisation):
    count = Service.objects.count()
    url = f"/annuaire/structures/{other_organisation.slug}/nouveau-service/"
    for role in ("visitor", "partner", "case_manager", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.get(url)), role
        assert refused(client.post(url, {"name": "Intrus", "summary": "x"})), role
    assert Service.objects.count() == count


def test_directory_review_is_the_pilot_s(client, request, db):
    for role, allowed in [
        ("visitor", False),
        ("partner", False),
        ("case_manager", False),
        ("tactical_member", False),
        ("pilot", True),
    ]:
        response = sign_in(client, request, role).get("/annuaire/validation/")
        assert (response.status_code == 200) is allowed, role
        assert allowed or refused(response), role


def test_visitors_cannot_suggest_a_correction(client, request, other_service):
    from directory.models import CorrectionSuggestion

    url = f"/annuaire/services/{other_service.slug}/suggerer/"
    response = client.post(url, {"text": "Le numéro a changé."})
    assert not CorrectionSuggestion.objects.exists()
    assert refused(response)
    assert refused(client.get(url))


def test_any_signed_in_person_may_suggest_a_correction(client, request, other_service):
    # The directory issue gives suggestions to every signed-in user, wider than the domain
    # brief's "partner staff"; the issue wins.
    from directory.models import CorrectionSuggestion

    url = f"/annuaire/services/{other_service.slug}/suggerer/"
    sign_in(client, request, "outsider")
    assert client.get(url).status_code == 200
    client.post(url, {"text": "Le numéro a changé."})
    assert CorrectionSuggestion.objects.count() == 1


def test_unpublished_service_and_pending_changes_stay_with_their_editors(
    client, request, other_organisation, pilot_b
):
    hidden = ServiceFactory(
        organisation=other_organisation, name="Brouillon Zephyr", slug="brouillon", live=False
    )
    for role in ("visitor", "outsider", "partner", "tactical_member", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.get(f"/annuaire/services/{hidden.slug}/")), role
        for url in (
            "/annuaire/export.csv",
            "/annuaire/?q=Zephyr",
            f"/annuaire/structures/{other_organisation.slug}/",
        ):
            assert "Brouillon Zephyr" not in client.get(url).getvalue().decode(), (role, url)
        assert refused(client.get(f"/annuaire/validation/{hidden.pk}/")), role
        assert refused(client.post(f"/annuaire/validation/{hidden.pk}/", {"action": "approve"})), (
            role
        )
    assert Service.objects.get(pk=hidden.pk).live is False


# --- the register -------------------------------------------------------------------------------


def test_register_list_per_role(client, request, db):
    assert refused(client.get("/registre/"))
    assert refused(sign_in(client, request, "outsider").get("/registre/"))
    for role in ("partner", "case_manager", "tactical_member", "executive", "pilot"):
        assert sign_in(client, request, role).get("/registre/").status_code == 200, role


def test_submitted_dysfunction_is_the_filer_s_and_the_pilot_s(client, request, submitted):
    url = f"/registre/{submitted.pk}/"
    for role in ("visitor", "outsider", "case_manager", "partner", "tactical_member", "executive"):
        sign_in(client, request, role)
        assert refused(client.get(url)), role
        listing = client.get("/registre/").content.decode()
        assert submitted.title not in listing and FILER_LAST not in listing, role
    for role in ("filer", "pilot"):
        response = sign_in(client, request, role).get(url)
        assert response.status_code == 200, role
        assert FILER_LAST in response.content.decode(), role


def test_published_dysfunction_never_names_its_filer_to_the_tables(client, request, published):
    for role in ("case_manager", "partner", "tactical_member", "executive"):
        sign_in(client, request, role)
        response = client.get(f"/registre/{published.pk}/")
        assert response.status_code == 200, role
        assert FILER_LAST not in response.content.decode(), role
        listing = client.get("/registre/").content.decode()
        assert published.title in listing and FILER_LAST not in listing, role
    for role in ("visitor", "outsider"):
        sign_in(client, request, role)
        assert refused(client.get(f"/registre/{published.pk}/")), role
        assert published.title not in client.get("/registre/").content.decode(), role


def test_scheduled_dysfunction_does_not_name_its_filer_in_the_meeting(
    client, request, published, pilot, tactical_member, tactical_table
):
    meeting = MeetingFactory(table=tactical_table)
    client.force_login(pilot)
    response = client.post(f"/registre/{published.pk}/inscrire/", {"inscrire-meeting": meeting.pk})
    assert response.status_code == 302
    assert Dysfunction.objects.get(pk=published.pk).state == DysfunctionState.SCHEDULED
    sign_in(client, request, "tactical_member")
    for url in (f"/reunions/{meeting.pk}/", f"/reunions/{meeting.pk}/ordre-du-jour.pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert FILER_LAST.encode() not in response.content, url


def test_only_the_filer_edits_or_submits_a_draft(client, request, draft):
    fields = ("title", "description", "state", "submitted_at")
    before = snapshot(draft, *fields)
    for role in ("visitor", "case_manager", "partner", "tactical_member", "pilot", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.get(f"/registre/{draft.pk}/modifier/")), role
        data = {"title": "Réécrit", "description": "Réécrit", "submit": ""}
        assert refused(client.post(f"/registre/{draft.pk}/modifier/", data)), role
        assert refused(client.post(f"/registre/{draft.pk}/soumettre/")), role
    assert snapshot(draft, *fields) == before
    sign_in(client, request, "filer")
    assert client.get(f"/registre/{draft.pk}/modifier/").status_code == 200


def test_another_case_manager_cannot_edit_a_dysfunction_sent_back_for_information(
    client, case_manager, submitted
):
    Dysfunction.objects.filter(pk=submitted.pk).update(state=DysfunctionState.INFORMATION_REQUESTED)
    client.force_login(case_manager)
    before = snapshot(submitted, "title", "state")
    url = f"/registre/{submitted.pk}/modifier/"
    assert refused(client.get(url))
    assert refused(client.post(url, {"title": "Réécrit", "description": "x", "submit": ""}))
    assert refused(client.post(f"/registre/{submitted.pk}/soumettre/"))
    assert snapshot(submitted, "title", "state") == before


def test_only_the_pilot_triages(client, request, submitted, published):
    fields = ("state", "title", "category_id", "merged_into_id")
    before = {d.pk: snapshot(d, *fields) for d in (submitted, published)}
    for role in ("visitor", "case_manager", "partner", "tactical_member", "executive", "filer"):
        sign_in(client, request, role)
        for dysfunction in (submitted, published):
            for action in ("qualifier", "rejeter", "demander-precisions", "fusionner", "clore"):
                response = client.post(
                    f"/registre/{dysfunction.pk}/{action}/",
                    {f"{action}-reason": "Non", "fusionner-into": published.pk},
                )
                assert refused(response), (role, action)
    assert {d.pk: snapshot(d, *fields) for d in (submitted, published)} == before


def test_indicators_per_role(client, request, published):
    for role, allowed in [
        ("visitor", False),
        ("outsider", False),
        ("partner", False),
        ("case_manager", False),
        ("tactical_member", False),
        ("executive", True),
        ("pilot", True),
    ]:
        sign_in(client, request, role)
        for url in ("/indicateurs/", "/indicateurs/export.csv"):
            response = client.get(url)
            assert (response.status_code == 200) is allowed, (role, url)
            assert allowed or refused(response), (role, url)
    assert "Amboise" in client.get("/indicateurs/export.csv").content.decode()


def test_indicators_of_another_territory_stay_hidden(client, pilot_b, published, territory):
    client.force_login(pilot_b)
    for query in ("", f"?territory={territory.pk}"):
        response = client.get(f"/indicateurs/export.csv{query}")
        assert response.status_code == 200
        assert "Amboise" not in response.content.decode(), query


# --- proposals ----------------------------------------------------------------------------------


def test_only_executives_of_the_table_record_a_position(client, request, proposal, executive):
    url = f"/propositions/{proposal.pk}/avis/"
    for role in (
        "visitor",
        "outsider",
        "partner",
        "case_manager",
        "tactical_member",
        "pilot",
        "pilot_b",
        "administrator",
    ):
        sign_in(client, request, role)
        assert refused(client.post(url, {"position": "support", "comment": "Oui"})), role
    assert not ExecutivePosition.objects.exists()
    sign_in(client, request, "executive")
    assert client.post(url, {"position": "support"}).status_code == 302
    assert ExecutivePosition.objects.get().user == executive


def test_only_the_pilot_carries_or_decides_a_proposal(client, request, proposal):
    fields = ("state", "strategic_table_id", "title")
    before = snapshot(proposal, *fields)
    for role in ("visitor", "executive", "tactical_member", "partner", "pilot_b"):
        sign_in(client, request, role)
        for action in ("adopter", "soumettre", "inscrire", "decider"):
            response = client.post(
                f"/propositions/{proposal.pk}/{action}/", {f"{action}-reason": "x"}
            )
            assert refused(response), (role, action)
    assert snapshot(proposal, *fields) == before


def test_proposal_page_per_role(client, request, proposal, published):
    proposal.dysfunctions.set([published])
    url = f"/propositions/{proposal.pk}/"
    for role, allowed in [
        ("visitor", False),
        ("outsider", False),
        ("partner", False),
        ("case_manager", False),
        ("pilot_b", False),
        ("tactical_member", True),
        ("executive", True),
        ("pilot", True),
    ]:
        response = sign_in(client, request, role).get(url)
        assert (response.status_code == 200) is allowed, role
        if allowed and role != "pilot":
            assert FILER_LAST.encode() not in response.content, role
        assert allowed or refused(response), role


def test_only_pilots_draft_proposals(client, request, tactical_table):
    count = Proposal.objects.count()
    data = {
        "title": "Intrus",
        "rationale": "x",
        "request": "x",
        "tactical_table": tactical_table.pk,
    }
    for role in ("partner", "case_manager", "tactical_member", "executive"):
        sign_in(client, request, role)
        assert refused(client.get("/propositions/nouvelle/")), role
        assert refused(client.post("/propositions/nouvelle/", data)), role
    sign_in(client, request, "pilot_b")
    client.post("/propositions/nouvelle/", data)
    assert Proposal.objects.count() == count


# --- tables, meetings, minutes ------------------------------------------------------------------


def test_draft_minutes_readers(client, request, draft_minutes):
    for role, allowed in [
        ("visitor", False),
        ("outsider", False),
        ("partner", False),
        ("case_manager", False),
        ("executive", False),
        ("pilot_b", False),
        ("tactical_member", True),
        ("pilot", True),
        ("administrator", True),
    ]:
        sign_in(client, request, role)
        for url in (
            f"/reunions/{draft_minutes.pk}/compte-rendu/",
            f"/reunions/{draft_minutes.pk}/compte-rendu.pdf",
            f"/reunions/{draft_minutes.pk}/compte-rendu/versions/",
        ):
            response = client.get(url)
            if url.endswith("versions/") and role in ("tactical_member", "administrator"):
                continue
            assert (response.status_code == 200) is allowed, (role, url)
            if not allowed:
                assert refused(response), (role, url)
                assert b"confidentiel" not in response.content, (role, url)


def test_strategic_member_does_not_read_the_fed_table_s_draft_minutes(
    client, executive, tactical_table, strategic_table, draft_minutes
):
    tactical_table.feeds.add(strategic_table)
    client.force_login(executive)
    assert client.get(f"/reunions/{draft_minutes.pk}/").status_code == 200
    response = client.get(f"/reunions/{draft_minutes.pk}/compte-rendu/")
    assert refused(response)
    assert b"confidentiel" not in response.content


def test_only_the_pilot_writes_restores_approves_or_publishes_minutes(
    client, request, draft_minutes
):
    versions = MinutesVersion.objects.filter(meeting=draft_minutes).count()
    base = f"/reunions/{draft_minutes.pk}/compte-rendu"
    for role in ("visitor", "tactical_member", "executive", "partner", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.post(f"{base}/rediger/", {"summary": "Réécrit"})), role
        assert refused(client.post(f"{base}/versions/1/restaurer/")), role
        assert refused(client.post(f"{base}/approuver/")), role
        assert refused(client.post(f"{base}/publier/")), role
    assert MinutesVersion.objects.filter(meeting=draft_minutes).count() == versions
    assert Meeting.objects.get(pk=draft_minutes.pk).status == MeetingStatus.MINUTES_DRAFTED


def test_table_and_meeting_pages_per_role(client, request, tactical_table):
    meeting = MeetingFactory(table=tactical_table, video_url="https://visio.example.org/secret")
    for role, allowed in [
        ("visitor", False),
        ("outsider", False),
        ("partner", False),
        ("case_manager", False),
        ("pilot_b", False),
        ("tactical_member", True),
        ("pilot", True),
        ("administrator", True),
    ]:
        sign_in(client, request, role)
        for url in (
            f"/tables/{tactical_table.slug}/",
            f"/reunions/{meeting.pk}/",
            f"/reunions/{meeting.pk}/ordre-du-jour.pdf",
        ):
            response = client.get(url)
            assert (response.status_code == 200) is allowed, (role, url)
            if not allowed:
                assert refused(response), (role, url)
                assert b"visio.example.org" not in response.content, (role, url)


def test_public_table_calendar_has_no_video_link_nor_agenda(client, tactical_table):
    """A table that publishes its calendar shows dates and titles only."""
    tactical_table.publishes_calendar = True
    tactical_table.save()
    meeting = MeetingFactory(table=tactical_table, video_url="https://visio.example.org/secret")
    AgendaItemFactory(meeting=meeting, number=1, title="Cas de Mme X au SSIAD")
    response = client.get(f"/tables/{tactical_table.slug}/calendrier.ics")
    assert response.status_code == 200
    assert b"visio.example.org" not in response.content
    assert b"Cas de Mme X" not in response.content


def test_only_the_territory_pilot_manages_a_table(client, request, tactical_table, tactical_member):
    fields = ("name", "slug", "kind", "territory_id")
    before = snapshot(tactical_table, *fields)
    seat = tactical_table.seats.get()
    meetings = Meeting.objects.count()
    slug = tactical_table.slug
    for role in ("visitor", "tactical_member", "executive", "partner", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.get(f"/tables/{slug}/modifier/")), role
        data = {"name": "Détournée", "kind": "tactical"}
        assert refused(client.post(f"/tables/{slug}/modifier/", data)), role
        data = {"starts_at": "2027-01-10T14:00", "ends_at": "2027-01-10T16:00", "place": "Ici"}
        assert refused(client.post(f"/tables/{slug}/reunions/nouvelle/", data)), role
        assert refused(client.post(f"/tables/{slug}/sieges/ajouter/", {"user": 1})), role
        assert refused(client.post(f"/tables/{slug}/sieges/{seat.pk}/fin/")), role
    assert snapshot(tactical_table, *fields) == before
    assert Meeting.objects.count() == meetings
    assert snapshot(seat, "end_date") == {"end_date": None}


def test_pilot_of_another_territory_cannot_reach_a_s_objects_through_b_s(
    client, pilot_b, other_territory, tactical_table, tactical_member
):
    """Object ids of territory A behind an address of territory B's own table or meeting."""
    from tests.factories import TableFactory

    table_b = TableFactory(name="Table du Berry", territory=other_territory)
    meeting_b = MeetingFactory(table=table_b)
    meeting_a = MeetingFactory(table=tactical_table)
    item_a = AgendaItemFactory(meeting=meeting_a, number=1)
    seat_a = tactical_table.seats.get()
    client.force_login(pilot_b)
    assert refused(client.post(f"/tables/{table_b.slug}/sieges/{seat_a.pk}/fin/"))
    base = f"/reunions/{meeting_b.pk}/ordre-du-jour/{item_a.pk}"
    assert refused(client.post(f"{base}/modifier/", {"title": "Détourné", "kind": "discussion"}))
    assert refused(client.post(f"{base}/deplacer/", {"direction": "down"}))
    assert refused(client.post(f"{base}/supprimer/"))
    count = Table.objects.filter(territory=tactical_table.territory).count()
    client.post(
        "/tables/nouvelle/",
        {"name": "Table intruse", "kind": "tactical", "territory": tactical_table.territory_id},
    )
    assert Table.objects.filter(territory=tactical_table.territory).count() == count
    assert snapshot(item_a, "title", "number", "meeting_id") == {
        "title": item_a.title,
        "number": 1,
        "meeting_id": meeting_a.pk,
    }
    assert snapshot(seat_a, "end_date") == {"end_date": None}


def test_only_the_pilot_runs_a_meeting(client, request, tactical_table, tactical_member):
    meeting = MeetingFactory(table=tactical_table)
    item = AgendaItemFactory(meeting=meeting, number=1)
    base = f"/reunions/{meeting.pk}"
    for role in ("visitor", "tactical_member", "partner", "executive", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.post(f"{base}/convoquer/")), role
        assert refused(client.post(f"{base}/annuler/", {"reason": "x", "confirm": "on"})), role
        assert refused(client.post(f"{base}/tenue/")), role
        assert refused(client.post(f"{base}/modifier/", {"place": "Ailleurs"})), role
        assert refused(client.post(f"{base}/ordre-du-jour/ajouter/", {"title": "x"})), role
        assert refused(client.post(f"{base}/ordre-du-jour/{item.pk}/supprimer/")), role
        assert refused(client.post(f"{base}/ordre-du-jour/{item.pk}/deplacer/")), role
        assert refused(client.post(f"{base}/decisions/ajouter/", {"text": "x"})), role
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert (fresh.status, fresh.place) == (MeetingStatus.PLANNED, meeting.place)
    assert list(fresh.items.values_list("pk", "number")) == [(item.pk, 1)]
    assert not fresh.decisions.exists()


def test_table_documents_are_served_to_the_table_s_readers_only(
    client, request, settings, tmp_path, pilot, tactical_table
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    # Serving reads the file from disk: store it in a temporary folder for this test.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    meeting = MeetingFactory(table=tactical_table)
    client.force_login(pilot)
    upload = SimpleUploadedFile("note.txt", b"Note interne", content_type="text/plain")
    response = client.post(
        f"/reunions/{meeting.pk}/ordre-du-jour/ajouter/",
        {"title": "Point", "kind": "information", "duration_minutes": 10, "upload": upload},
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    url = document.url
    for role, allowed in [
        ("visitor", False),
        ("outsider", False),
        ("partner", False),
        ("pilot_b", False),
        ("tactical_member", True),
        ("pilot", True),
    ]:
        response = sign_in(client, request, role).get(url)
        assert (response.status_code == 200) is allowed, role
        assert allowed or refused(response), role


def test_decisions_are_updated_by_their_owner_and_the_pilot_only(
    client, request, tactical_table, tactical_member, pilot
):
    from meetings.models import Decision
    from tests.meetings.factories import DecisionFactory

    meeting = MeetingFactory(table=tactical_table, status=MeetingStatus.HELD, starts_at=at(-5))
    decision = DecisionFactory(meeting=meeting, owner=pilot)
    url = f"/decisions/{decision.pk}/"
    assert sign_in(client, request, "tactical_member").get(url).status_code == 200
    for role in ("visitor", "tactical_member", "partner", "executive", "pilot_b"):
        sign_in(client, request, role)
        assert refused(client.post(url, {"status": "dropped", "comment": "x"})), role
        if role in ("partner", "pilot_b"):
            assert refused(client.get(url)), role
    assert Decision.objects.get(pk=decision.pk).status == decision.status


# --- personal calendar feeds ---------------------------------------------------------------------


def feed_token(client, user) -> str:
    client.force_login(user)
    html = client.get("/reunions/calendrier/").content.decode()
    client.logout()
    return re.search(r'value="[^"]*/calendrier/([^"/]+)\.ics"', html).group(1)


def test_personal_feed_answers_its_own_token_only(
    client, tactical_member, executive, tactical_table
):
    MeetingFactory(table=tactical_table, place="Salle réservée à la table tactique")
    token = feed_token(client, tactical_member)
    response = client.get(f"/calendrier/{token}.ics")
    assert response.status_code == 200
    assert "Salle réservée".encode() in response.content
    other = feed_token(client, executive)
    assert "Salle réservée".encode() not in client.get(f"/calendrier/{other}.ics").content


def test_forged_revoked_or_deactivated_feed_tokens_answer_404(client, tactical_member):
    token = feed_token(client, tactical_member)
    for forged in (secrets.token_urlsafe(24), token[:-1] + ("a" if token[-1] != "a" else "b"), "x"):
        assert client.get(f"/calendrier/{forged}.ics").status_code == 404
    client.force_login(tactical_member)
    client.post("/reunions/calendrier/")
    client.logout()
    assert client.get(f"/calendrier/{token}.ics").status_code == 404
    new = feed_token(client, tactical_member)
    type(tactical_member).objects.filter(pk=tactical_member.pk).update(is_active=False)
    assert client.get(f"/calendrier/{new}.ics").status_code == 404


# --- API -----------------------------------------------------------------------------------------


def test_api_is_read_only(client, request, other_service):
    before = snapshot(other_service, "name", "live", "latest_revision_id")
    count = Service.objects.count()
    item = f"/api/services/{other_service.slug}"
    body = {"name": "Détourné", "slug": "detourne"}
    for role in ("visitor", "partner", "pilot", "administrator"):
        sign_in(client, request, role)
        for method, url in (
            ("post", "/api/services"),
            ("post", item),
            ("put", item),
            ("patch", item),
            ("delete", item),
            ("post", "/api/organisations"),
        ):
            response = getattr(client, method)(url, body, content_type="application/json")
            assert response.status_code in (401, 403, 404, 405), (role, method, url)
    assert Service.objects.count() == count
    assert snapshot(other_service, "name", "live", "latest_revision_id") == before


def test_api_gives_professional_contacts_to_the_network_only(client, request, other_service):
    urls = ("/api/services", f"/api/services/{other_service.slug}", "/api/search?q=Halte")
    for role, shown in [("visitor", False), ("outsider", False), ("partner", True)]:
        sign_in(client, request, role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert (PRO_PHONE.encode() in response.content) is shown, (role, url)


def test_api_lists_no_unpublished_service(client, request, other_organisation):
    hidden = ServiceFactory(
        organisation=other_organisation, name="Brouillon Zephyr", slug="brouillon-api", live=False
    )
    for role in ("visitor", "partner"):
        sign_in(client, request, role)
        for url in (
            "/api/services",
            "/api/search?q=Zephyr",
            f"/api/organisations/{other_organisation.slug}",
        ):
            assert "Brouillon Zephyr" not in client.get(url).content.decode(), (role, url)
        assert client.get(f"/api/services/{hidden.slug}").status_code == 404, role


# --- back offices --------------------------------------------------------------------------------


def test_wagtail_admin_refused_to_the_network(client, request, db):
    for role in ("visitor", *SIGNED_IN, "pilot_b"):
        sign_in(client, request, role)
        for url in ("/admin/", "/admin/pages/", "/admin/users/", "/admin/documents/"):
            response = client.get(url)
            assert response.status_code in (302, 403), (role, url)
            if response.status_code == 302:
                assert "login" in response["Location"] or (
                    not response["Location"].startswith("/admin/")
                ), (role, url)


def test_wagtail_admin_opens_to_administrators_and_those_given_access(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
    editor = UserFactory(email="editeur@exemple.fr")
    group = Group.objects.create(name="Éditeurs du site")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_django_admin_and_invitations(client, request, db):
    for role in ("visitor", "partner", "pilot", "executive", "administrator"):
        response = sign_in(client, request, role).get("/django-admin/")
        assert response.status_code == 404, role  # not mounted: one door in
    for role, allowed in [
        ("visitor", False),
        ("partner", False),
        ("tactical_member", False),
        ("pilot", True),
    ]:
        response = sign_in(client, request, role).get("/invitations/")
        assert (response.status_code == 200) is allowed, role
        assert allowed or refused(response), role


# --- another territory ---------------------------------------------------------------------------


def test_pilot_of_another_territory_does_not_see_territory_a(
    client, pilot_b, submitted, published, tactical_table, proposal
):
    client.force_login(pilot_b)
    for url in (
        f"/registre/{submitted.pk}/",
        f"/registre/{published.pk}/",
        f"/tables/{tactical_table.slug}/",
        f"/propositions/{proposal.pk}/",
    ):
        assert refused(client.get(url)), url
    for url in ("/registre/", "/registre/a-trier/", "/tables/", "/propositions/", "/mon-espace/"):
        html = client.get(url).content.decode()
        assert submitted.title not in html and published.title not in html, url
        assert tactical_table.name not in html and proposal.title not in html, url


def test_pilot_of_another_territory_cannot_triage_territory_a(
    client, pilot_b, submitted, published
):
    client.force_login(pilot_b)
    fields = ("state", "territory_id", "category_id", "merged_into_id")
    for dysfunction in (submitted, published):
        before = snapshot(dysfunction, *fields)
        for action in ("qualifier", "rejeter", "demander-precisions", "fusionner", "clore"):
            response = client.post(
                f"/registre/{dysfunction.pk}/{action}/", {f"{action}-reason": "Intrusion"}
            )
            assert refused(response), action
        assert snapshot(dysfunction, *fields) == before


def test_case_manager_of_another_territory_does_not_see_a_s_register(
    client, other_territory, published, proposal
):
    user = UserFactory(email="gestionnaire.berry@exemple.fr")
    berry = OrganisationFactory(name="DAC du Berry", slug="dac-berry", territory=other_territory)
    MembershipFactory(user=user, organisation=berry, role="case_manager")
    client.force_login(user)
    assert refused(client.get(f"/registre/{published.pk}/"))
    assert published.title not in client.get("/registre/").content.decode()
    assert refused(client.get(f"/propositions/{proposal.pk}/"))
