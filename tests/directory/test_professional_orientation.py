"""A signed-in professional orients by definition: a service open "on referral by a
professional only" is not counted against the person they orient; a visitor still ticks the
box (or sees the reason)."""

import pytest

from directory.models import Service
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral_service(organisation):
    return ServiceFactory(
        organisation=organisation,
        name="Hébergement temporaire",
        serves_whole_territory=True,
        access_mode=Service.AccessMode.REFERRAL,
    )


@pytest.fixture
def commune(territory):
    from tests.factories import CommuneFactory

    return CommuneFactory(insee_code="37261", name="Tours", territory=territory)


def _search(client, commune):
    response = client.get(
        "/annuaire/", {"age": "70", "commune": commune.insee_code}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    return response


def test_signed_in_case_manager_is_not_told_that_a_referral_is_missing(
    client, case_manager, referral_service, commune
):
    client.force_login(case_manager)
    response = _search(client, commune)
    body = response.content.decode()
    assert "Hébergement temporaire" in body
    assert "on referral by a professional only" not in body
    assert 'name="referred"' not in body
    answer = _answer(response, referral_service)
    assert answer.eligible


def test_visitor_still_sees_the_referral_as_a_condition(client, referral_service, commune):
    response = _search(client, commune)
    answer = _answer(response, referral_service)
    assert not answer.eligible
    assert 'name="referred"' in response.content.decode()


def _answer(response, service):
    return response.context["result"].answers[service.pk]
