"""Signing in with an e-mail, resetting and changing a password, closed sign-up."""

import re

import pytest
from django.core import mail

from portal.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_at_the_french_address(client):
    response = client.get("/comptes/connexion/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="login"' in body
    assert 'name="password"' in body
    assert "username" not in body


def test_person_signs_in_with_email_and_password(client):
    UserFactory(email="claire.fontaine@exemple.fr")
    response = client.post(
        "/comptes/connexion/", {"login": "claire.fontaine@exemple.fr", "password": "tablee-demo"}
    )
    assert response.status_code == 302
    assert response.url == "/mon-espace/"
    assert client.get("/mon-espace/").status_code == 200


def test_wrong_password_is_refused_and_keeps_the_email(client):
    UserFactory(email="claire.fontaine@exemple.fr")
    response = client.post(
        "/comptes/connexion/", {"login": "claire.fontaine@exemple.fr", "password": "mauvais"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "claire.fontaine@exemple.fr" in body
    assert "form-errors" in body
    assert client.get("/mon-espace/").status_code == 302


def test_open_sign_up_is_closed(client):
    response = client.post(
        "/comptes/signup/",
        {"email": "intrus@exemple.fr", "password1": "Xy!9aaabbbccc", "password2": "Xy!9aaabbbccc"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="intrus@exemple.fr").exists()


def test_forgotten_password_is_reset_through_an_emailed_link(client):
    user = UserFactory(email="anne.leroy@exemple.fr")
    response = client.post("/comptes/mot-de-passe/oublie/", {"email": "anne.leroy@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anne.leroy@exemple.fr"]
    link = re.search(r"http://testserver(/comptes/password/reset/key/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(
        action, {"password1": "Nouveau-mot-2-passe!", "password2": "Nouveau-mot-2-passe!"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-2-passe!")


def test_signed_in_person_changes_password(client):
    user = UserFactory(email="thomas.bernard@exemple.fr")
    client.force_login(user)
    response = client.post(
        "/comptes/mot-de-passe/modifier/",
        {
            "oldpassword": "tablee-demo",
            "password1": "Encore-un-autre-9!",
            "password2": "Encore-un-autre-9!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Encore-un-autre-9!")


def test_sign_out(client):
    client.force_login(UserFactory())
    response = client.post("/comptes/deconnexion/")
    assert response.status_code == 302
    assert client.get("/mon-espace/").status_code == 302
