"""The register seen from the directory: a service's page shows the pilot and the service's
organisation the dysfunctions that name it; an organisation named in a dysfunction answers it
in writing before the table discusses it, and the answer joins the timeline the tables read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from register.models.dysfunctions import DysfunctionState
from tests.factories import MembershipFactory, UserFactory
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(territory, commune, service, case_manager):
    dysfunction = DysfunctionFactory(
        territory=territory, commune=commune, filer=case_manager,
        state=DysfunctionState.QUALIFIED, title="Portage de repas interrompu l'été",
    )  # fmt: skip
    dysfunction.services.set([service])
    return dysfunction


def test_the_named_organisation_answers_and_the_table_reads_it(
    client, named, partner, tactical_member, case_manager
):
    client.force_login(partner)
    page = client.get(named.get_absolute_url()).content.decode()
    assert "/reponse/" in page
    response = client.post(
        f"/registre/{named.pk}/reponse/",
        {"organisation": named.services.get().organisation_id,
         "text": "Un relais estival est prévu avec l'épicerie solidaire."},
    )  # fmt: skip
    assert response.status_code == 302
    client.force_login(tactical_member)
    timeline = client.get(named.get_absolute_url()).content.decode()
    assert "relais estival" in timeline
    assert "CCAS de Tours" in timeline
    assert case_manager.last_name not in timeline  # the filer stays hidden from the table


def test_an_organisation_the_gap_does_not_name_cannot_answer(client, named, other_organisation):
    outsider = UserFactory()
    MembershipFactory(user=outsider, organisation=other_organisation, can_edit_directory=True)
    client.force_login(outsider)
    assert "/reponse/" not in client.get(named.get_absolute_url()).content.decode()
    response = client.post(
        f"/registre/{named.pk}/reponse/",
        {"organisation": other_organisation.pk, "text": "Nous ne sommes pas concernés."},
    )
    assert response.status_code == 403
    assert not named.events.filter(transition="organisation_answer").exists()


def test_once_decided_the_answer_is_closed(client, named, partner):
    type(named).objects.filter(pk=named.pk).update(state=DysfunctionState.DECIDED)
    client.force_login(partner)
    response = client.post(
        f"/registre/{named.pk}/reponse/",
        {"organisation": named.services.get().organisation_id, "text": "Trop tard"},
    )
    assert response.status_code == 403


def test_an_answer_naming_a_patient_is_refused_and_kept_on_the_form(client, named, partner):
    client.force_login(partner)
    response = client.post(
        f"/registre/{named.pk}/reponse/",
        {"organisation": named.services.get().organisation_id,
         "text": "Mme Durand sera rappelée au 06 12 34 56 78."},
    )  # fmt: skip
    assert response.status_code == 400
    assert "06 12 34 56 78" in response.content.decode()  # what was typed is shown again
    assert not named.events.filter(transition="organisation_answer").exists()


def test_the_services_page_shows_its_dysfunctions_to_the_pilot_and_its_organisation(
    client, named, service, pilot, partner, case_manager
):
    for person in (pilot, partner):
        client.force_login(person)
        page = client.get(service.get_absolute_url()).content.decode()
        assert "Portage de repas interrompu" in page
    client.logout()
    assert (
        "Portage de repas interrompu" not in client.get(service.get_absolute_url()).content.decode()
    )


def test_the_services_page_reads_a_fixed_number_of_queries(
    client, named, service, pilot, territory, commune, case_manager
):
    client.force_login(pilot)

    def count():
        # the first request of a session also reads the person's roles
        client.get(service.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(service.get_absolute_url()).status_code == 200
        return len(queries)

    small = count()
    for _ in range(5):
        more = DysfunctionFactory(
            territory=territory, commune=commune, filer=case_manager,
            state=DysfunctionState.SCHEDULED,
        )  # fmt: skip
        more.services.set([service])
    assert count() == small
