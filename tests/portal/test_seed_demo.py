"""The demo territory builds in one command, and again without error or duplicates."""

import pytest
from django.core.management import call_command

from directory.models import Organisation, Service
from portal.models import Commune, User
from portal.permissions import Role, roles_of

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "pilote@example.org": Role.PILOT,
    "gestionnaire@example.org": Role.CASE_MANAGER,
    "partenaire@example.org": Role.PARTNER,
    "membre@example.org": Role.TACTICAL_MEMBER,
    "decideur@example.org": Role.EXECUTIVE,
    "coordination@example.org": Role.REGIONAL_COORDINATOR,
    "admin@example.org": Role.ADMINISTRATOR,
}


def _counts():
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"portal", "directory", "meetings", "register"}
    }


def test_seed_demo_builds_the_territory_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    assert 28 <= Commune.objects.filter(territory__slug="touraine").count() <= 35
    assert Organisation.objects.count() >= 40
    for email, role in DEMO_ROLES.items():
        user = User.objects.get(email=email)
        assert user.check_password("tablee-demo")
        assert role in roles_of(user), email
    for commune in Commune.objects.all():
        commune.full_clean()  # a valid INSEE code
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    # Every published entry keeps its original text as its first version.
    live = Service.objects.filter(live=True)
    assert live.exists() and not live.filter(live_revision__isnull=True).exists()


def test_seed_demo_prints_a_summary_not_the_story_s_emails(capsys):
    from io import StringIO

    from django.test import override_settings

    out = StringIO()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        call_command("seed_demo", stdout=out)
    printed = capsys.readouterr().out + out.getvalue()
    assert "Subject:" not in printed
    assert "Content-Type:" not in printed
    assert "Demo territory ready" in out.getvalue()


def test_the_demo_has_an_editorial_page_in_the_main_menu(client):
    call_command("seed_demo", verbosity=0)
    home = client.get("/")
    assert home.status_code == 200
    nav = home.content.decode().split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Le dispositif" in nav
    page = client.get("/le-dispositif/")
    assert page.status_code == 200
    assert "table tactique" in page.content.decode()
