"""The audit trail (Wagtail's log, read in Reports > Site history): sign-ins, failed sign-ins,
second-factor changes, invitations, role changes, exports and back-office edits are recorded;
nobody edits or deletes an entry; administrators read and filter it."""

import pytest
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from wagtail.models import ModelLogEntry

from meetings.models import Seat
from portal import audit
from portal.services import invitation_create
from tests.factories import OrganisationFactory, SeatFactory, UserFactory
from tests.meetings.factories import MeetingFactory, at

pytestmark = pytest.mark.django_db


def entries(action, obj=None):
    found = ModelLogEntry.objects.filter(action=action)
    if obj is not None:
        found = found.filter(
            object_id=str(obj.pk), content_type=ContentType.objects.get_for_model(obj)
        )
    return list(found)


def test_sign_ins_and_failed_sign_ins_are_recorded(client, case_manager):
    client.post("/comptes/connexion/", {"login": case_manager.email, "password": "pas le bon"})
    [failed] = entries(audit.SIGN_IN_FAILED, case_manager)
    assert failed.user_id is None
    assert case_manager.email not in failed.label  # entries outlive the person's erasure
    client.post("/comptes/connexion/", {"login": case_manager.email, "password": "tablee-demo"})
    assert "_auth_user_id" in client.session
    [signed_in] = entries(audit.SIGN_IN, case_manager)
    assert signed_in.user_id == case_manager.pk
    assert signed_in.data["address"] == "127.0.0.1"


def test_turning_on_the_second_factor_is_recorded(
    client, case_manager, django_capture_on_commit_callbacks
):
    client.force_login(case_manager)
    page = client.get("/comptes/2fa/totp/activate/")
    client.post(page.url, {"password": "tablee-demo"})
    page = client.get("/comptes/2fa/totp/activate/")
    secret = page.context["form"].secret
    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals on commit
        assert client.post("/comptes/2fa/totp/activate/", {"code": code}).status_code == 302
    changes = entries(audit.MFA, case_manager)
    assert changes and all(e.user_id == case_manager.pk for e in changes)


def test_invitations_and_role_changes_name_who_did_them(
    client, pilot, organisation, tactical_table, territory
):
    invitation = invitation_create(
        invited_by=pilot, email="recrue@exemple.fr", organisation=organisation
    )
    [sent] = entries(audit.INVITATION, invitation)
    assert sent.user_id == pilot.pk
    member = UserFactory(email="nouveau.membre@exemple.fr")
    from directory.models import Membership

    Membership.objects.create(user=member, organisation=organisation)
    client.force_login(pilot)  # a seat given through the pilot's page names the pilot
    response = client.post(
        f"/tables/{tactical_table.slug}/sieges/ajouter/",
        {"user": member.pk, "organisation": organisation.pk, "kind": "member",
         "start_date": "2026-01-05"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    seat = Seat.objects.get(user=member)
    [granted] = entries(audit.ROLE, seat)
    assert granted.user_id == pilot.pk
    assert "Table tactique" in granted.data["detail"]
    editor = Membership.objects.get(user=member)
    editor.can_edit_directory = True
    editor.save()
    assert any("annuaire" in e.data["detail"] for e in entries(audit.ROLE, editor))


def test_exports_are_recorded(client, pilot, tactical_table):
    client.force_login(pilot)
    assert client.get("/annuaire/export.csv").status_code == 200
    assert client.get("/indicateurs/export.csv").status_code == 200
    meeting = MeetingFactory(table=tactical_table, starts_at=at(10))
    assert client.get(f"/reunions/{meeting.pk}/ordre-du-jour.pdf").status_code == 200
    details = [e.data["detail"] for e in entries(audit.EXPORT)]
    assert any("annuaire.csv" in d for d in details)
    assert any("indicateurs" in d for d in details)
    assert entries(audit.EXPORT, meeting)[0].user_id == pilot.pk


def test_back_office_edits_are_recorded(client, administrator, tactical_table):
    from tests.factories import MembershipFactory

    member = UserFactory(email="membre.siege@exemple.fr")
    organisation = OrganisationFactory(territory=tactical_table.territory)
    MembershipFactory(user=member, organisation=organisation)
    client.force_login(administrator)
    response = client.post(
        "/admin/seat/new/",
        {"table": tactical_table.pk, "user": member.pk, "organisation": organisation.pk,
         "kind": "member", "substitute_for": "", "start_date": "2025-06-01", "end_date": ""},
    )  # fmt: skip
    assert response.status_code == 302
    seat = Seat.objects.get(user=member)
    assert {e.user_id for e in entries("wagtail.create", seat)} == {administrator.pk}
    assert {e.user_id for e in entries(audit.ROLE, seat)} == {administrator.pk}


def test_nobody_edits_or_deletes_an_entry(case_manager):
    entry = audit.record(case_manager, audit.SIGN_IN, user=case_manager)
    entry.label = "effacé"
    with pytest.raises(audit.AuditEntryIsAppendOnly), transaction.atomic():
        entry.save()
    with pytest.raises(audit.AuditEntryIsAppendOnly), transaction.atomic():
        entry.delete()
    with pytest.raises(audit.AuditEntryIsAppendOnly), transaction.atomic():
        ModelLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():  # the database refuses too
        ModelLogEntry.objects.filter(pk=entry.pk).update(label="effacé")
    assert ModelLogEntry.objects.get(pk=entry.pk).label != "effacé"


def test_administrators_read_and_filter_the_trail_others_do_not(
    client, administrator, pilot, case_manager, tactical_table
):
    audit.record(case_manager, audit.SIGN_IN, user=case_manager, title="Compte témoin")
    audit.record(tactical_table, audit.EXPORT, user=pilot, detail="CSV: témoin.csv")
    client.force_login(administrator)
    response = client.get("/admin/reports/site-history/", {"action": audit.SIGN_IN})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Compte témoin" in page and "témoin.csv" not in page
    assert "/delete/" not in page.split("Compte témoin")[1][:2000]
    client.force_login(case_manager)  # not in the back office at all
    assert client.get("/admin/reports/site-history/").status_code in (302, 403)
    client.force_login(pilot)  # a pilot's back office does not show the accounts' trail
    response = client.get("/admin/reports/site-history/")
    assert "Compte témoin" not in response.content.decode()


def test_a_seat_ended_by_the_pilot_is_recorded(client, pilot, tactical_table, tactical_member):
    seat = tactical_member.seats.get()
    client.force_login(pilot)
    before = {e.pk for e in entries(audit.ROLE, seat)}
    client.post(f"/tables/{tactical_table.slug}/sieges/{seat.pk}/fin/")
    ended = [e for e in entries(audit.ROLE, seat) if e.pk not in before]
    assert [e.user_id for e in ended] == [pilot.pk]


def test_roles_from_a_factory_are_recorded_without_a_person(tactical_table):
    seat = SeatFactory(table=tactical_table)
    [entry] = entries(audit.ROLE, seat)
    assert entry.user_id is None
