"""The demo territory builds in one command, and again without error or duplicates."""

import pytest
from django.core.management import call_command

from directory.models import Organisation
from portal.models import Commune, User
from portal.permissions import Role, roles_of

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "pilote@example.org": Role.PILOT,
    "gestionnaire@example.org": Role.CASE_MANAGER,
    "partenaire@example.org": Role.PARTNER,
    "membre@example.org": Role.TACTICAL_MEMBER,
    "decideur@example.org": Role.EXECUTIVE,
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
    assert 28 <= Commune.objects.count() <= 35
    assert Organisation.objects.count() >= 40
    for email, role in DEMO_ROLES.items():
        user = User.objects.get(email=email)
        assert user.check_password("tablee-demo")
        assert role in roles_of(user), email
    for commune in Commune.objects.all():
        commune.full_clean()  # a valid INSEE code
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
