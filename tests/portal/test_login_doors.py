"""One door in: every sign-in goes through the portal's own page, which asks for the second
factor and counts failed attempts. The back office's and Wagtail's own login forms sign no one
in."""

import pytest

from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

OLD_DOORS = ["/admin/login/", "/django-admin/login/", "/_util/login/"]


@pytest.mark.parametrize("door", OLD_DOORS)
@pytest.mark.parametrize("role", ["administrator", "pilot"])
def test_posting_the_password_to_another_login_form_signs_no_one_in(client, request, role, door):
    user = request.getfixturevalue(role)  # TOTP is on
    for fields in (
        {"username": user.email, "password": DEMO_PASSWORD},
        {"login": user.email, "password": DEMO_PASSWORD},
    ):
        response = client.post(door, fields)
        assert response.status_code in (302, 404), (door, response.status_code)
        assert "_auth_user_id" not in client.session, door
    assert client.get("/admin/").status_code == 302
    assert client.get("/mon-espace/").status_code == 302


@pytest.mark.parametrize("door", ["/admin/login/", "/_util/login/"])
def test_other_login_addresses_lead_to_the_portal_sign_in_page(client, door):
    response = client.get(door, {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response.url == "/comptes/connexion/?next=%2Fadmin%2Fpages%2F"
    # A foreign address in `next` is dropped.
    response = client.get(door, {"next": "https://ailleurs.example/"})
    assert response.url == "/comptes/connexion/"


def test_the_back_office_sends_signed_out_people_to_the_portal_sign_in_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/comptes/connexion/")


def test_the_django_admin_is_not_mounted(client, administrator):
    client.force_login(administrator)
    assert client.get("/django-admin/").status_code == 404
