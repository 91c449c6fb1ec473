"""A person's data: they download everything the portal holds about them from their profile;
an administrator exports it or erases the account at their request (back office or
`manage.py personal_data`); deleting an account in the back office never fails with a server
error."""

import json
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from alerts.models import SavedSearch
from directory.models import Membership
from meetings.models import CalendarToken
from meetings.services import calendar_token_for
from portal.personal_data import account_erase, personal_data_export
from register.models import Dysfunction
from tests.alerts.factories import SavedSearchFactory
from tests.factories import SeatFactory, UserFactory, enable_mfa
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def filed(case_manager, territory):
    from tests.factories import CommuneFactory

    commune = CommuneFactory(territory=territory)
    dysfunction = DysfunctionFactory(
        territory=territory,
        commune=commune,
        filer=case_manager,
        title="Aucune place d'accueil de jour le samedi",
        state="submitted",
        submitted_at=timezone.now(),
    )
    SavedSearchFactory(user=case_manager, name="Aidants près de Loches")
    calendar_token_for(case_manager)
    enable_mfa(case_manager)
    return dysfunction


def test_the_person_downloads_everything_about_them_from_their_profile(client, case_manager, filed):
    client.force_login(case_manager)
    assert "/profil/mes-donnees.json" in client.get("/profil/").content.decode()

    response = client.get("/profil/mes-donnees.json")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == case_manager.email
    assert data["account"]["last_name"] == case_manager.last_name
    records = data["records"]
    [dysfunction] = records["register.Dysfunction.filer"]
    assert dysfunction["title"] == "Aucune place d'accueil de jour le samedi"
    assert dysfunction["description"] == filed.description
    assert records["directory.Membership.user"][0]["role"] == "case_manager"
    assert records["alerts.SavedSearch.user"][0]["name"] == "Aidants près de Loches"
    assert data["second_factor"] == ["totp"]
    # Keys are not information: no password hash, no second-factor secret, no feed address.
    text = response.content.decode()
    assert case_manager.password not in text
    assert CalendarToken.objects.get(user=case_manager).token not in text
    secret = Authenticator.objects.get(user=case_manager, type="totp").data["secret"]
    assert secret not in text


def test_one_exports_only_ones_own_data(client, case_manager, partner, filed):
    client.force_login(partner)
    text = client.get("/profil/mes-donnees.json").content.decode()
    assert partner.email in text
    assert case_manager.email not in text and filed.title not in text


def test_the_command_exports_a_persons_data(case_manager, filed, tmp_path):
    target = tmp_path / "export.json"
    call_command(
        "personal_data", "export", case_manager.email, output=str(target), stdout=StringIO()
    )
    data = json.loads(target.read_text())
    assert data["records"]["register.Dysfunction.filer"][0]["id"] == filed.pk
    with pytest.raises(CommandError):
        call_command("personal_data", "export", "personne@nulle-part.fr", stdout=StringIO())


def test_erasure_anonymises_the_account_and_keeps_the_dysfunctions(client, case_manager, filed):
    email, name = case_manager.email, case_manager.get_full_name()
    client.force_login(case_manager)
    with pytest.raises(CommandError):  # erasing cannot be undone: it asks for --yes
        call_command("personal_data", "erase", email, stdout=StringIO())

    call_command("personal_data", "erase", email, yes=True, stdout=StringIO())

    account = User.objects.get(pk=case_manager.pk)
    assert account.email != email and name not in str(account)
    assert account.phone == "" and account.job_title == ""
    assert not account.has_usable_password() and not account.is_active
    assert not Authenticator.objects.filter(user=account).exists()
    assert not CalendarToken.objects.filter(user=account).exists()
    assert not Membership.objects.filter(user=account).exists()
    assert not SavedSearch.objects.filter(user=account).exists()
    dysfunction = Dysfunction.objects.get(pk=filed.pk)
    assert dysfunction.filer is None and dysfunction.title == filed.title
    # Signed out everywhere, and nobody signs in with the old address.
    assert client.get("/profil/").status_code == 302
    assert not client.login(email=email, password="tablee-demo")
    assert email not in json.dumps(personal_data_export(account), default=str)


def test_an_administrator_exports_and_erases_in_the_back_office(
    client, administrator, case_manager, filed
):
    client.force_login(administrator)
    assert (
        f"/admin/donnees-personnelles/{case_manager.pk}/"
        in client.get("/admin/users/").content.decode()
    )
    export = client.get(f"/admin/donnees-personnelles/{case_manager.pk}/export.json")
    assert json.loads(export.content)["account"]["email"] == case_manager.email
    page = f"/admin/donnees-personnelles/{case_manager.pk}/"
    assert client.get(page).status_code == 200

    refused = client.post(page, {"confirmation": "quelquun@exemple.fr"})
    assert refused.status_code == 200
    assert User.objects.get(pk=case_manager.pk).email == case_manager.email

    response = client.post(page, {"confirmation": case_manager.email})
    assert response.status_code == 302
    assert not User.objects.get(pk=case_manager.pk).is_active


def test_only_administrators_export_or_erase_another_person(client, pilot, case_manager):
    client.force_login(pilot)
    for url in ("/", "/export.json"):
        address = f"/admin/donnees-personnelles/{case_manager.pk}{url}"
        assert client.get(address).status_code in (302, 403)
    assert client.post(
        f"/admin/donnees-personnelles/{case_manager.pk}/", {"confirmation": case_manager.email}
    ).status_code in (302, 403)
    assert User.objects.get(pk=case_manager.pk).is_active
    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied)
        account_erase(actor=pilot, user=case_manager)


def test_deleting_a_filers_account_in_the_back_office_keeps_their_dysfunctions(
    client, administrator, case_manager, filed
):
    client.force_login(administrator)
    response = client.post(f"/admin/users/delete/{case_manager.pk}/")
    assert response.status_code == 302
    assert not User.objects.filter(pk=case_manager.pk).exists()
    assert Dysfunction.objects.get(pk=filed.pk).filer is None


def test_deleting_an_account_the_history_names_is_refused_with_a_message(
    client, administrator, tactical_table
):
    member = UserFactory(first_name="Gaspard", last_name="Lemaire")
    SeatFactory(table=tactical_table, user=member)
    client.force_login(administrator)

    response = client.post(f"/admin/users/delete/{member.pk}/", follow=True)

    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()
    page = response.content.decode()
    assert (
        "Gaspard Lemaire" in page
        and f"/admin/donnees-personnelles/{member.pk}/" in (response.redirect_chain[-1][0])
    )
