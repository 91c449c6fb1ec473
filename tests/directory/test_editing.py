"""Partners edit their own organisation's entries; changes wait for the pilot's approval and
every version is kept with its author; suggestions reach the editors and the pilot."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import Revision, WorkflowState

from directory import services
from directory.models import CorrectionSuggestion, Service
from tests.directory.factories import ServiceFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation,
        name="Portage de repas à domicile",
        summary="Repas livrés à domicile.",
        categories=["equipement-et-alimentation--alimentation"],
    )


@pytest.fixture
def other_service(other_organisation):
    return ServiceFactory(organisation=other_organisation, name="Accueil du CLIC")


def edit_data(service, **changes):
    return {
        "name": service.name,
        "summary": service.summary,
        "access_mode": service.access_mode,
        "languages": "français",
        "categories": [c.pk for c in service.categories.all()],
        **changes,
    }


def test_partner_cannot_open_another_organisations_edit_form(client, partner, other_service):
    client.force_login(partner)
    response = client.get(f"/annuaire/services/{other_service.slug}/modifier/")
    assert response.status_code == 403


def test_partner_cannot_post_changes_to_another_organisations_service(
    client, partner, other_service
):
    client.force_login(partner)
    response = client.post(
        f"/annuaire/services/{other_service.slug}/modifier/",
        edit_data(other_service, summary="Piraté"),
    )
    assert response.status_code == 403
    assert not Revision.objects.filter(object_id=str(other_service.pk)).exists()


def test_member_without_editor_right_cannot_edit(organisation, service):
    staff = UserFactory()
    MembershipFactory(user=staff, organisation=organisation, can_edit_directory=False)
    with pytest.raises(PermissionDenied):
        services.service_propose_changes(actor=staff, service=service, summary="x")


def test_visitor_is_sent_to_sign_in(client, service):
    response = client.get(f"/annuaire/services/{service.slug}/modifier/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_partner_edit_is_not_live_until_the_pilot_approves(
    client, partner, pilot, service, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/annuaire/services/{service.slug}/modifier/",
            edit_data(service, summary="Repas livrés sept jours sur sept."),
        )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.summary == "Repas livrés à domicile."
    assert service.has_unpublished_changes
    state = WorkflowState.objects.get(object_id=str(service.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert pilot.email in [m.to[0] for m in mail.outbox]
    # Visitors still read the published version, in the page and in the search.
    client.logout()
    assert "Repas livrés à domicile." in client.get(service.get_absolute_url()).content.decode()
    assert client.get("/annuaire/", {"q": "sept jours"}).context["result"].total == 0

    client.force_login(pilot)
    review = client.get(f"/annuaire/validation/{service.pk}/")
    assert review.status_code == 200
    assert "Repas livrés sept jours sur sept." in review.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/annuaire/validation/{service.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.summary == "Repas livrés sept jours sur sept."
    assert not service.has_unpublished_changes
    assert [m.to for m in mail.outbox] == [[partner.email]]
    client.logout()
    assert client.get("/annuaire/", {"q": "sept jours"}).context["result"].total == 1


def test_every_version_is_kept_with_its_author(partner, pilot, service):
    services.service_propose_changes(actor=partner, service=service, summary="Version 2")
    services.service_review(actor=pilot, service=service, approve=True)
    services.service_propose_changes(actor=pilot, service=service, summary="Version 3")
    revisions = Revision.objects.filter(object_id=str(service.pk)).order_by("created_at", "pk")
    assert [(r.content["summary"], r.user) for r in revisions] == [
        ("Repas livrés à domicile.", None),  # the original, kept at the first proposal
        ("Version 2", partner),
        ("Version 3", pilot),
    ]


def test_rejected_change_stays_unpublished_and_can_be_resubmitted(partner, pilot, service):
    services.service_propose_changes(actor=partner, service=service, summary="Brouillon")
    services.service_review(actor=pilot, service=service, approve=False, comment="Précisez.")
    service.refresh_from_db()
    assert service.summary == "Repas livrés à domicile."
    assert service.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    services.service_propose_changes(actor=partner, service=service, summary="Corrigé")
    assert service.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    services.service_review(actor=pilot, service=service, approve=True)
    service.refresh_from_db()
    assert service.summary == "Corrigé"


def test_partner_cannot_approve_their_own_change(partner, service):
    services.service_propose_changes(actor=partner, service=service, summary="Moi")
    with pytest.raises(PermissionDenied):
        services.service_review(actor=partner, service=service, approve=True)


def test_partner_cannot_open_the_review_page(client, partner, service):
    services.service_propose_changes(actor=partner, service=service, summary="Moi")
    client.force_login(partner)
    assert client.get(f"/annuaire/validation/{service.pk}/").status_code == 403
    assert client.get("/annuaire/validation/").status_code == 403


def test_new_service_is_published_only_after_approval(client, partner, pilot, organisation):
    client.force_login(partner)
    response = client.post(
        f"/annuaire/structures/{organisation.slug}/nouveau-service/",
        {"name": "Atelier mémoire", "summary": "Stimulation cognitive.", "access_mode": "direct",
         "languages": "français", "age_min": "60"},
    )  # fmt: skip
    assert response.status_code == 302
    created = Service.objects.get(name="Atelier mémoire")
    assert not created.live
    client.logout()
    assert client.get(created.get_absolute_url()).status_code == 404
    services.service_review(actor=pilot, service=created, approve=True)
    created.refresh_from_db()
    assert created.live
    assert client.get(created.get_absolute_url()).status_code == 200


def test_edit_form_refuses_inconsistent_ages_and_keeps_what_was_typed(client, partner, service):
    client.force_login(partner)
    response = client.post(
        f"/annuaire/services/{service.slug}/modifier/",
        edit_data(service, summary="Nouveau résumé", age_min="70", age_max="60"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nouveau résumé" in body
    assert "inférieur" in body
    assert not WorkflowState.objects.exists()


def test_partner_panel_shows_moderation_and_out_of_date_state(client, partner, service):
    services.service_propose_changes(actor=partner, service=service, summary="Moi")
    client.force_login(partner)
    body = client.get("/mon-espace/").content.decode()
    assert "Portage de repas à domicile" in body
    assert "en attente de validation" in body


def test_pilot_panel_lists_changes_awaiting_approval(client, partner, pilot, service):
    services.service_propose_changes(actor=partner, service=service, summary="Moi")
    client.force_login(pilot)
    body = client.get("/mon-espace/").content.decode()
    assert f"/annuaire/validation/{service.pk}/" in body


def test_signed_in_user_suggests_a_correction_and_editors_and_pilot_are_told(
    client, partner, pilot, tactical_member, service, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(tactical_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/annuaire/services/{service.slug}/suggerer/", {"text": "Le numéro a changé."}
        )
    assert response.status_code == 302
    suggestion = CorrectionSuggestion.objects.get()
    assert suggestion.author == tactical_member
    assert sorted(mail.outbox[0].to) == sorted([partner.email, pilot.email])
    assert "Le numéro a changé." in mail.outbox[0].body


def test_visitor_cannot_suggest(client, service):
    response = client.get(f"/annuaire/services/{service.slug}/suggerer/")
    assert response.status_code == 302


def test_editor_marks_an_entry_verified(client, partner, service):
    Service.objects.filter(pk=service.pk).update(last_verified_on=None)
    client.force_login(partner)
    response = client.post(f"/annuaire/services/{service.slug}/verifie/")
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_verified_by == partner
    assert not service.is_out_of_date()


def test_partner_cannot_mark_another_organisations_entry_verified(client, partner, other_service):
    client.force_login(partner)
    response = client.post(f"/annuaire/services/{other_service.slug}/verifie/")
    assert response.status_code == 403


def test_decision_taken_meanwhile_is_explained_on_the_review_form(
    client, monkeypatch, partner, pilot, service
):
    services.service_propose_changes(actor=partner, service=service, summary="Version 2")
    review = services.service_review

    def decided_meanwhile(**kwargs):
        # Another tab's decision lands between the page's check and the service's row lock.
        review(actor=pilot, service=service, approve=True)
        return review(**kwargs)

    monkeypatch.setattr(services, "service_review", decided_meanwhile)
    client.force_login(pilot)
    response = client.post(
        f"/annuaire/validation/{service.pk}/", {"decision": "reject", "comment": "Précisez."}
    )
    assert response.status_code == 200
    assert "Aucune modification de cette fiche" in response.content.decode()
    service.refresh_from_db()
    assert service.summary == "Version 2"
