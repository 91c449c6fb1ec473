"""Links in e-mails lead back to the site: in development, to the address the demo is served
on (the request's), in production to the configured public address."""

from django.core import mail
from django.test import override_settings


def _invite(client, pilot, organisation, **request_extra):
    client.force_login(pilot)
    data = {
        "email": "nouvelle.recrue@exemple.fr",
        "first_name": "Lucie",
        "last_name": "Morel",
        "organisation": organisation.pk,
        "membership_role": "case_manager",
    }
    return client.post("/invitations/", data, **request_extra)


@override_settings(TABLEE_SITE_URL="https://tablee.example", TABLEE_SITE_URL_FROM_REQUEST=True)
def test_in_development_the_invitation_link_uses_the_served_address(
    client, pilot, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, pilot, organisation, SERVER_NAME="localhost", SERVER_PORT="8123")
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert "http://localhost:8123/comptes/invitation/" in body
    assert "tablee.example" not in body


@override_settings(TABLEE_SITE_URL="https://tablee.example", TABLEE_SITE_URL_FROM_REQUEST=False)
def test_in_production_the_invitation_link_uses_the_configured_address(
    client, pilot, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, pilot, organisation, SERVER_NAME="localhost", SERVER_PORT="8123")
    assert "https://tablee.example/comptes/invitation/" in mail.outbox[0].body


def test_development_settings_take_the_address_from_the_request():
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings.dev';"
            "os.environ.pop('TABLEE_SITE_URL_FROM_REQUEST', None);"
            "from django.conf import settings; print(settings.TABLEE_SITE_URL_FROM_REQUEST)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"
