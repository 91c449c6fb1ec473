"""Pilots, executives and administrators must turn two-factor authentication on before they reach
anything beyond their profile; other roles may choose."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.test import override_settings

from tests.factories import UserFactory, enable_mfa

pytestmark = pytest.mark.django_db


def _without_mfa(user):
    Authenticator.objects.filter(user=user).delete()
    return user


@pytest.mark.parametrize("role", ["pilot", "executive", "administrator"])
def test_roles_that_need_mfa_are_sent_to_their_profile_until_it_is_on(client, request, role):
    user = _without_mfa(request.getfixturevalue(role))
    client.force_login(user)
    response = client.get("/mon-espace/")
    assert response.status_code == 302
    assert response.url == "/profil/"
    profile = client.get("/profil/")
    assert profile.status_code == 200
    assert "/comptes/2fa/totp/activate/" in profile.content.decode()
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("role", ["pilot", "executive", "administrator"])
def test_roles_that_need_mfa_pass_once_it_is_on(client, request, role):
    user = request.getfixturevalue(role)  # the fixtures turn TOTP on
    client.force_login(user)
    assert client.get("/mon-espace/").status_code == 200


@pytest.mark.parametrize("role", ["partner", "case_manager", "tactical_member"])
def test_other_roles_are_not_forced(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/mon-espace/").status_code == 200


def test_totp_activation_then_sign_in_asks_for_the_code(client, territory):
    from portal.models import TerritoryPilot

    user = UserFactory(email="nouveau.pilote@exemple.fr")
    TerritoryPilot.objects.create(territory=territory, user=user)
    client.force_login(user)
    page = client.get("/comptes/2fa/totp/activate/")
    # allauth asks for the password again before a security change.
    assert page.url.startswith("/comptes/reauthenticate/")
    client.post(page.url, {"password": "tablee-demo"})
    page = client.get("/comptes/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    response = client.post("/comptes/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # Recovery codes come with the first authenticator.
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert len(codes.wrap().get_unused_codes()) >= 10
    assert client.get("/mon-espace/").status_code == 200

    client.logout()
    response = client.post(
        "/comptes/connexion/", {"login": user.email, "password": "tablee-demo"}, follow=True
    )
    assert "/comptes/2fa/authenticate/" in response.redirect_chain[-1][0]
    assert client.get("/mon-espace/").status_code == 302  # not signed in until the code is given


@override_settings(TABLEE_ALLOW_DEMO_MFA_EXEMPTION=True)
def test_demo_accounts_may_skip_mfa_where_allowed_and_are_told(client, territory):
    from portal.models import TerritoryPilot

    user = UserFactory(is_demo_account=True)
    TerritoryPilot.objects.create(territory=territory, user=user)
    client.force_login(user)
    response = client.get("/mon-espace/")
    assert response.status_code == 200
    assert "Compte de démonstration" in response.content.decode()


def test_demo_exemption_is_off_by_default(client, territory):
    from portal.models import TerritoryPilot

    user = UserFactory(is_demo_account=True)
    TerritoryPilot.objects.create(territory=territory, user=user)
    client.force_login(user)
    assert client.get("/mon-espace/").status_code == 302


def test_enable_mfa_helper_creates_a_totp_authenticator(db):
    user = UserFactory()
    enable_mfa(user)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
