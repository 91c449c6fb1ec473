"""Accounts come from invitations sent by a pilot or an administrator."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directory.models import Membership
from portal.models import Invitation, User
from portal.services import invitation_accept, invitation_create
from tests.factories import OrganisationFactory, UserFactory


def _invite(client, pilot, organisation, **extra):
    client.force_login(pilot)
    data = {
        "email": "nouvelle.recrue@exemple.fr",
        "first_name": "Lucie",
        "last_name": "Morel",
        "organisation": organisation.pk,
        "membership_role": "case_manager",
        **extra,
    }
    return client.post("/invitations/", data)


def test_pilot_invites_a_person_who_receives_a_link(
    client, pilot, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, pilot, organisation)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nouvelle.recrue@exemple.fr")
    assert invitation.invited_by == pilot
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle.recrue@exemple.fr"]
    assert f"/comptes/invitation/{invitation.token}/" in message.body
    assert message.alternatives and "text/html" == message.alternatives[0][1]


def test_invited_person_sets_password_and_is_signed_in(
    client, pilot, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, pilot, organisation)
    link = re.search(r"(/comptes/invitation/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "nouvelle.recrue@exemple.fr" in page.content.decode()
    response = client.post(
        link,
        {
            "first_name": "Lucie",
            "last_name": "Morel",
            "password1": "Un-mot-de-passe-solide-7",
            "password2": "Un-mot-de-passe-solide-7",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.recrue@exemple.fr")
    assert user.check_password("Un-mot-de-passe-solide-7")
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation
    assert membership.role == Membership.Role.CASE_MANAGER
    assert client.get("/mon-espace/").status_code == 200
    # The link works once.
    client.logout()
    assert client.get(link).status_code == 410


def test_weak_or_mismatched_password_keeps_what_was_typed(client, pilot, organisation):
    invitation = invitation_create(
        invited_by=pilot, email="x.durand@exemple.fr", organisation=organisation
    )
    client.logout()
    response = client.post(
        f"/comptes/invitation/{invitation.token}/",
        {"first_name": "Xavier", "last_name": "Durand", "password1": "abc", "password2": "abd"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Xavier"' in body and 'value="Durand"' in body
    assert not User.objects.filter(email="x.durand@exemple.fr").exists()


def test_expired_invitation_cannot_be_used(client, pilot, organisation):
    invitation = invitation_create(
        invited_by=pilot, email="tard@exemple.fr", organisation=organisation
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(f"/comptes/invitation/{invitation.token}/")
    assert response.status_code == 410
    with pytest.raises(ValidationError):
        invitation_accept(
            token=invitation.token, first_name="A", last_name="B", password="Xx-123456789"
        )
    assert not User.objects.filter(email="tard@exemple.fr").exists()


def test_forged_token_gives_a_clear_page(client, db):
    response = client.get("/comptes/invitation/nimportequoi/")
    assert response.status_code == 410
    assert "invitation" in response.content.decode().lower()


def test_existing_account_cannot_be_invited_again(
    client, pilot, organisation, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, pilot, organisation, email=partner.email)
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    assert len(mail.outbox) == 0


def test_pilot_cannot_invite_into_another_territory(pilot, other_territory):
    foreign = OrganisationFactory(territory=other_territory)
    with pytest.raises(PermissionDenied):
        invitation_create(invited_by=pilot, email="a@exemple.fr", organisation=foreign)
    assert not Invitation.objects.exists()


def test_pilot_form_offers_only_their_territorys_organisations(
    client, pilot, organisation, other_territory
):
    foreign = OrganisationFactory(name="Hôpital lointain", territory=other_territory)
    client.force_login(pilot)
    body = client.get("/invitations/").content.decode()
    assert organisation.name in body
    assert foreign.name not in body


@pytest.mark.parametrize("role", ["partner", "case_manager", "tactical_member", "outsider"])
def test_other_roles_cannot_invite(client, request, role, organisation):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get("/invitations/").status_code == 403
    response = client.post(
        "/invitations/", {"email": "z@exemple.fr", "organisation": organisation.pk}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_administrator_may_invite_without_organisation(administrator):
    invitation = invitation_create(invited_by=administrator, email="Futur.Pilote@Exemple.fr")
    assert invitation.email == "futur.pilote@exemple.fr"
    user = invitation_accept(
        token=invitation.token, first_name="Marc", last_name="Petit", password="Xx-123456789"
    )
    assert user.memberships.count() == 0


def test_a_new_invitation_replaces_the_pending_one(pilot, organisation):
    first = invitation_create(invited_by=pilot, email="deux@exemple.fr", organisation=organisation)
    second = invitation_create(invited_by=pilot, email="deux@exemple.fr", organisation=organisation)
    first.refresh_from_db()
    assert not first.is_usable
    assert second.is_usable


def test_invited_user_factory_password_is_the_demo_one(db):
    assert UserFactory().check_password("tablee-demo")
