"""Agreements and their corridors: the pilot drafts one between two organisations, the parties'
editors comment, the tactical table adopts it by a decision, and once in force both services'
pages, the directory's eligibility answers and the API show the corridor."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementEvent, Corridor
from meetings.models import MeetingStatus
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory
from tests.meetings.factories import DecisionFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(territory):
    return OrganisationFactory(name="CHU de Tours", territory=territory)


@pytest.fixture
def ssiad(organisation):
    return organisation  # the partner edits this one


@pytest.fixture
def discharge(hospital):
    return ServiceFactory(organisation=hospital, name="Service social hospitalier")


@pytest.fixture
def home_care(ssiad):
    return ServiceFactory(
        organisation=ssiad, name="Soins infirmiers à domicile", serves_whole_territory=True
    )


@pytest.fixture
def draft(pilot, territory, hospital, ssiad, discharge, home_care):
    agreement = services.agreement_create(
        actor=pilot,
        territory=territory,
        title="Sortie d’hospitalisation vers le SSIAD",
        parties=[hospital, ssiad],
        public="Personnes de 75 ans et plus rentrant à domicile.",
        procedure="Fiche de liaison la veille de la sortie.",
        review_on=timezone.localdate() + timedelta(days=365),
    )
    services.corridor_add(
        actor=pilot,
        agreement=agreement,
        from_service=discharge,
        to_service=home_care,
        public="personnes de 75 ans et plus",
        age_min=75,
        channel=Corridor.Channel.FORM,
        channel_details="fiche de liaison",
        response_days=5,
    )
    return agreement


@pytest.fixture
def held_decision(tactical_table, pilot):
    meeting = MeetingFactory(
        table=tactical_table, starts_at=at(-7), ends_at=at(-7) + timedelta(hours=2),
        status=MeetingStatus.HELD,
    )  # fmt: skip
    return DecisionFactory(meeting=meeting, text="La table adopte la convention.", owner=pilot)


def _in_force(agreement, pilot, table, decision):
    services.agreement_propose(actor=pilot, agreement=agreement, table=table)
    services.agreement_adopt(actor=pilot, agreement=agreement, decision=decision)
    services.agreement_move(actor=pilot, agreement=agreement, name="bring_into_force")
    agreement.refresh_from_db()
    return agreement


def test_the_life_cycle_is_recorded_step_by_step(draft, pilot, tactical_table, held_decision):
    agreement = _in_force(draft, pilot, tactical_table, held_decision)
    assert agreement.state == Agreement.State.IN_FORCE
    assert agreement.decision == held_decision
    steps = list(AgreementEvent.objects.filter(agreement=agreement).values_list(
        "from_state", "to_state", "transition"))  # fmt: skip
    assert steps == [
        ("", "draft", ""),
        ("draft", "proposed", "propose"),
        ("proposed", "adopted", "adopt"),
        ("adopted", "in_force", "bring_into_force"),
    ]
    services.agreement_move(actor=pilot, agreement=agreement, name="review")
    services.agreement_move(actor=pilot, agreement=agreement, name="end", reason="Remplacée.")
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.ENDED


def test_a_step_out_of_order_is_refused(draft, pilot, held_decision):
    with pytest.raises(ValidationError):
        services.agreement_adopt(actor=pilot, agreement=draft, decision=held_decision)
    with pytest.raises(ValidationError):
        services.agreement_move(actor=pilot, agreement=draft, name="bring_into_force")
    draft.refresh_from_db()
    assert draft.state == Agreement.State.DRAFT


def test_only_a_decision_of_the_table_it_was_proposed_to_adopts_it(
    draft, pilot, tactical_table, territory
):
    services.agreement_propose(actor=pilot, agreement=draft, table=tactical_table)
    other = MeetingFactory(
        status=MeetingStatus.HELD, starts_at=at(-3), ends_at=at(-3) + timedelta(hours=2)
    )
    with pytest.raises(ValidationError):
        services.agreement_adopt(
            actor=pilot, agreement=draft, decision=DecisionFactory(meeting=other, owner=pilot)
        )


def test_partners_may_not_draft_or_move_agreements(draft, partner, territory, hospital, ssiad):
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            actor=partner, territory=territory, title="X", parties=[hospital, ssiad], public="Y"
        )
    with pytest.raises(PermissionDenied):
        services.agreement_move(actor=partner, agreement=draft, name="end", reason="Non")


def test_an_agreement_binds_at_least_two_organisations(pilot, territory, hospital):
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(
            actor=pilot, territory=territory, title="Seul", parties=[hospital], public="Tous"
        )
    assert "parties" in refused.value.error_dict


def test_the_personal_data_guard_reads_agreement_texts(pilot, territory, hospital, ssiad):
    with pytest.raises(ValidationError):
        services.agreement_create(
            actor=pilot, territory=territory, title="Cas de Mme Durand", parties=[hospital, ssiad],
            public="Joindre au 06 12 34 56 78.",
        )  # fmt: skip
    assert not Agreement.objects.exists()


def test_the_parties_editors_comment_before_adoption_and_not_after(
    client, draft, partner, pilot, tactical_table, held_decision, ssiad
):
    client.force_login(partner)
    response = client.post(
        f"/conventions/{draft.pk}/commentaires/",
        {"organisation": ssiad.pk, "text": "Deux jours ouvrés nous conviennent."},
    )
    assert response.status_code == 302
    assert draft.comments.get().organisation == ssiad
    _in_force(draft, pilot, tactical_table, held_decision)
    refused = client.post(
        f"/conventions/{draft.pk}/commentaires/", {"organisation": ssiad.pk, "text": "Trop tard"}
    )
    assert refused.status_code == 403
    assert draft.comments.count() == 1


def test_both_services_pages_show_the_corridor_in_force(
    client, draft, pilot, partner, tactical_table, held_decision, discharge, home_care
):
    client.force_login(partner)
    assert "Corridors" not in client.get(home_care.get_absolute_url()).content.decode()
    _in_force(draft, pilot, tactical_table, held_decision)
    receiving = client.get(home_care.get_absolute_url()).content.decode()
    assert "Service social hospitalier" in receiving
    assert "5" in receiving and draft.title in receiving
    referring = client.get(discharge.get_absolute_url()).content.decode()
    assert "Soins infirmiers à domicile" in referring
    client.logout()  # visitors read the public entry without the network's corridors
    assert draft.title not in client.get(home_care.get_absolute_url()).content.decode()


def test_eligibility_answer_mentions_the_corridor_that_applies_to_the_person(
    client, draft, pilot, partner, tactical_table, held_decision, territory
):
    CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    _in_force(draft, pilot, tactical_table, held_decision)
    client.force_login(partner)
    old = client.get("/annuaire/", {"q": "soins infirmiers", "age": 80, "commune": "37261"})
    assert draft.title in old.content.decode()
    young = client.get("/annuaire/", {"q": "soins infirmiers", "age": 40, "commune": "37261"})
    assert draft.title not in young.content.decode()


def test_a_search_kept_between_requests_follows_the_corridor_coming_into_force_and_ending(
    client, draft, pilot, partner, tactical_table, held_decision, territory
):
    """The results of a search are kept for the directory's version and, for those who read
    corridors, the agreements' version: the same search shows the corridor as soon as it is in
    force and stops as soon as it ends; a visitor's copy of the same search never shows it."""
    CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    search = {"q": "soins infirmiers", "age": 80, "commune": "37261"}
    client.force_login(partner)
    assert draft.title not in client.get("/annuaire/", search).content.decode()
    _in_force(draft, pilot, tactical_table, held_decision)
    assert draft.title in client.get("/annuaire/", search).content.decode()
    client.logout()
    assert draft.title not in client.get("/annuaire/", search).content.decode()
    client.force_login(partner)
    services.agreement_move(actor=pilot, agreement=draft, name="end", reason="Remplacée.")
    assert draft.title not in client.get("/annuaire/", search).content.decode()


def test_the_api_lists_corridors_in_force_only(client, draft, pilot, tactical_table, held_decision):
    assert client.get("/api/corridors").json()["count"] == 0
    _in_force(draft, pilot, tactical_table, held_decision)
    body = client.get("/api/corridors").json()
    assert body["count"] == 1
    assert body["results"][0]["response_days"] == 5
    assert body["results"][0]["to_service"]["name"] == "Soins infirmiers à domicile"


def test_past_its_review_date_it_shows_on_the_pilots_landing_page(
    client, draft, pilot, tactical_table, held_decision
):
    agreement = _in_force(draft, pilot, tactical_table, held_decision)
    services.agreement_update(
        actor=pilot, agreement=agreement, review_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(pilot)
    page = client.get("/mon-espace/").content.decode()
    assert agreement.title in page


def test_the_pilot_walks_the_whole_life_cycle_through_the_pages(
    client,
    pilot,
    territory,
    hospital,
    ssiad,
    discharge,
    home_care,
    tactical_table,
    held_decision,
    django_capture_on_commit_callbacks,
):
    client.force_login(pilot)
    response = client.post(
        "/conventions/nouvelle/",
        {"territory": territory.pk, "title": "Relais CLIC", "parties": [hospital.pk, ssiad.pk],
         "public": "Personnes âgées fragiles.", "procedure": "", "commitments": ""},
    )  # fmt: skip
    agreement = Agreement.objects.get(title="Relais CLIC")
    assert response["Location"] == agreement.get_absolute_url()
    refused = client.post(f"/conventions/{agreement.pk}/propose/", {"table": tactical_table.pk})
    assert refused.status_code == 400  # no corridor yet: said on the page
    assert "corridor" in refused.content.decode().lower()
    client.post(
        f"/conventions/{agreement.pk}/corridors/",
        {"from_service": discharge.pk, "to_service": home_care.pk, "public": "plus de 60 ans",
         "channel": "phone", "response_days": "3"},
    )  # fmt: skip
    assert agreement.corridors.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/conventions/{agreement.pk}/propose/", {"table": tactical_table.pk})
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert f"/conventions/{agreement.pk}/adopt/" in page  # the buttons follow the state
    client.post(f"/conventions/{agreement.pk}/adopt/", {"decision": held_decision.pk})
    client.post(f"/conventions/{agreement.pk}/bring_into_force/", {"reason": ""})
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.IN_FORCE
    ended = client.post(f"/conventions/{agreement.pk}/end/", {"reason": ""})
    assert ended.status_code == 400  # ending needs a reason
    assert mail.outbox  # the parties' editors and the pilot are told of each step


def test_a_draft_is_read_by_the_pilot_and_the_parties_only(client, draft, partner, case_manager):
    client.force_login(case_manager)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(partner)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 302


def test_the_signed_document_is_private_and_downloaded_by_readers_only(
    client, draft, pilot, case_manager, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    services.agreement_update(
        actor=pilot, agreement=draft,
        signed_document=SimpleUploadedFile("convention.pdf", b"%PDF-1.4 signed"),
    )  # fmt: skip
    client.force_login(pilot)
    response = client.get(f"/conventions/{draft.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    client.force_login(case_manager)
    assert client.get(f"/conventions/{draft.pk}/document/").status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(client, pilot, territory, hospital, ssiad):
    client.force_login(pilot)

    def count():
        # the first request of a session also reads the person's roles
        client.get("/conventions/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/conventions/").status_code == 200
        return len(queries)

    def make(n):
        for _ in range(n):
            services.agreement_create(
                actor=pilot, territory=territory, title=f"Convention {Agreement.objects.count()}",
                parties=[hospital, ssiad], public="Tous publics.",
            )  # fmt: skip

    make(1)
    small = count()
    make(6)
    assert count() == small


def test_editors_of_a_party_are_told_when_it_is_proposed(
    draft, pilot, tactical_table, partner, ssiad, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_propose(actor=pilot, agreement=draft, table=tactical_table)
    assert partner.email in {address for m in mail.outbox for address in m.to}


def test_a_dysfunction_names_a_corridor_in_force_and_the_indicators_count_it(
    client, draft, pilot, case_manager, tactical_table, held_decision, territory
):
    from register.indicators import dysfunctions_counted, indicators_compute
    from register.services import dysfunction_create
    from tests.register.factories import DysfunctionFactory, category

    agreement = _in_force(draft, pilot, tactical_table, held_decision)
    corridor = agreement.corridors.get()
    commune = CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    client.force_login(case_manager)
    form = client.get("/registre/nouveau/").content.decode()
    assert "Service social hospitalier → Soins infirmiers à domicile" in form

    filed = dysfunction_create(
        filer=case_manager, title="Fiche de liaison sans réponse", observed_on="2026-11-02",
        description="La fiche de liaison reste sans réponse plus de dix jours.",
        commune=commune, category=category(), public="older_people", age_band="75_84",
        situation_count=3, severity="serious", corridor=corridor, submit=True,
    )  # fmt: skip
    assert filed.corridor == corridor
    page = client.get(filed.get_absolute_url()).content.decode()
    assert "Corridor concerné" in page
    assert f'href="{agreement.get_absolute_url()}"' in page
    assert "Service social hospitalier → Soins infirmiers à domicile" in page
    DysfunctionFactory(territory=territory, commune=commune, corridor=corridor)
    result = indicators_compute(dysfunctions_counted(territory_ids=[territory.pk]))
    assert result.by_corridor == [
        (f"Service social hospitalier → Soins infirmiers à domicile ({agreement.title})", 2)
    ]


def test_a_corridor_not_in_force_is_refused(draft, pilot, case_manager, territory):
    from register.services import dysfunction_create
    from tests.register.factories import category

    commune = CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    with pytest.raises(ValidationError) as refused:
        dysfunction_create(
            filer=case_manager, title="Sans réponse", observed_on="2026-11-02",
            description="Pas de réponse.", commune=commune, category=category(),
            public="older_people", age_band="75_84", situation_count=1, severity="serious",
            corridor=draft.corridors.get(),
        )  # fmt: skip
    assert "corridor" in refused.value.message_dict


def test_the_next_tactical_agenda_lists_agreements_past_review(
    client, draft, pilot, tactical_table, held_decision
):
    agreement = _in_force(draft, pilot, tactical_table, held_decision)
    services.agreement_update(
        actor=pilot, agreement=agreement, review_on=timezone.localdate() - timedelta(days=3)
    )
    upcoming = MeetingFactory(table=tactical_table, starts_at=at(10), ends_at=at(10, 16))
    from meetings.models import AgendaItem

    AgendaItem.objects.create(
        meeting=upcoming, number=1, title="Suivi des décisions", is_follow_up=True,
        duration_minutes=15,
    )  # fmt: skip
    client.force_login(pilot)
    page = client.get(upcoming.get_absolute_url()).content.decode()
    assert agreement.title in page
    assert "Agreements to review" in page or "Conventions à réviser" in page
