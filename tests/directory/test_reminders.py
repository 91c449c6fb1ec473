"""Out-of-date entries: the pilot's list and the reminders queued for cron."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory import services
from tests.directory.factories import ServiceFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

OLD = timezone.localdate() - timedelta(days=400)


def test_reminder_goes_once_to_each_organisation_with_out_of_date_entries(
    partner, organisation, other_organisation, django_capture_on_commit_callbacks
):
    ServiceFactory(organisation=organisation, name="Portage de repas", last_verified_on=OLD)
    ServiceFactory(organisation=organisation, name="Aide administrative", last_verified_on=None)
    ServiceFactory(
        organisation=organisation, name="Domiciliation", last_verified_on=timezone.localdate()
    )
    ServiceFactory(
        organisation=other_organisation, name="Accueil", last_verified_on=timezone.localdate()
    )
    ServiceFactory(organisation=organisation, name="Brouillon", last_verified_on=OLD, live=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory_remind_outdated", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[partner.email]]
    body = mail.outbox[0].body
    assert "Portage de repas" in body and "Aide administrative" in body
    assert "Domiciliation" not in body and "Brouillon" not in body


def test_organisation_without_editor_is_reminded_at_its_own_address(
    territory, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(territory=territory, email="accueil@ccas.example.org")
    ServiceFactory(organisation=organisation, last_verified_on=OLD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory_remind_outdated", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [["accueil@ccas.example.org"]]


def test_review_period_is_a_setting(
    settings, organisation, partner, django_capture_on_commit_callbacks
):
    ServiceFactory(
        organisation=organisation, last_verified_on=timezone.localdate() - timedelta(days=100)
    )
    settings.DIRECTORY_REVIEW_MONTHS = 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory_remind_outdated", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1


def test_pilot_sees_the_out_of_date_entries_of_their_territory(
    client, pilot, organisation, other_territory
):
    ServiceFactory(organisation=organisation, name="Portage de repas", last_verified_on=OLD)
    elsewhere = OrganisationFactory(territory=other_territory)
    ServiceFactory(organisation=elsewhere, name="Service du Berry", last_verified_on=OLD)
    client.force_login(pilot)
    body = client.get("/annuaire/validation/").content.decode()
    assert "Portage de repas" in body
    assert "Service du Berry" not in body


def test_pilot_is_told_which_organisations_nobody_can_be_reminded_for(
    territory, pilot, django_capture_on_commit_callbacks
):
    silent = OrganisationFactory(territory=territory, name="Foyer d'accueil du Véron", email="")
    ServiceFactory(organisation=silent, name="Hébergement d'urgence", last_verified_on=OLD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory_remind_outdated", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[pilot.email]]
    message = mail.outbox[0]
    assert "Foyer d'accueil du Véron" in message.body
    assert "Hébergement d'urgence" in message.body
    assert "1 structure" in message.subject


def test_the_pilot_panel_count_of_out_of_date_entries_follows_a_verification(
    client, pilot, partner, organisation
):
    stale = ServiceFactory(organisation=organisation, name="Portage de repas", last_verified_on=OLD)
    ServiceFactory(organisation=organisation, name="Aide aux aidants", last_verified_on=OLD)
    client.force_login(pilot)
    assert "2 fiches non vérifiées" in client.get("/mon-espace/").content.decode()
    services.service_mark_verified(actor=partner, service=stale)
    assert "1 fiche non vérifiée" in client.get("/mon-espace/").content.decode()


def test_the_weekly_reminders_read_as_many_queries_for_three_times_the_organisations(
    territory, pilot
):
    """The editors and the pilots of every organisation concerned are read at once (the
    e-mails leave at the commit)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.selectors import service_out_of_date
    from tests.factories import MembershipFactory, UserFactory

    def organisations(count: int, offset: int) -> None:
        for n in range(count):
            with_editor = OrganisationFactory(territory=territory, name=f"Asso {offset + n}")
            MembershipFactory(user=UserFactory(), organisation=with_editor, can_edit_directory=True)
            ServiceFactory(organisation=with_editor, last_verified_on=OLD)
            unreachable = OrganisationFactory(territory=territory, name=f"Sans {offset + n}")
            ServiceFactory(organisation=unreachable, last_verified_on=OLD)

    def queries(count: int, offset: int) -> tuple[int, int]:
        organisations(count, offset)
        with CaptureQueriesContext(connection) as captured:
            queued = services.service_remind_outdated(services=service_out_of_date())
        return len(captured), queued

    small, queued_small = queries(2, 0)
    large, queued_large = queries(4, 100)
    # 2 then 6 organisations with an editor, each one e-mail; the pilot's one for the others.
    assert (queued_small, queued_large) == (3, 7)
    assert small == large
