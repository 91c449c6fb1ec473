"""The filer's answer after closure: the link of the e-mail asks to confirm, only the
confirmation records, and "nothing changed" reaches the pilot by e-mail and on their landing
page until they reopen the matter."""

import pytest
from django.core import mail
from django.urls import reverse

from register import services
from register.feedback import feedback_token
from register.models import FeedbackAnswer
from tests.factories import TerritoryPilotFactory, UserFactory
from tests.register.factories import FeedbackRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(territory, commune, case_manager):
    return FeedbackRequestFactory(
        dysfunction__territory=territory,
        dysfunction__commune=commune,
        dysfunction__filer=case_manager,
        dysfunction__title="Sorties d'hôpital le vendredi soir",
    )


def _link(request, answer):
    return reverse("register:feedback_answer", args=[feedback_token(request.pk, answer)])


def test_opening_the_link_asks_to_confirm_and_records_nothing(client, asked):
    response = client.get(_link(asked, "no"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirmer ma réponse" in page
    assert 'name="answer" value="no"' in page
    asked.refresh_from_db()
    assert asked.answer == "" and asked.answered_at is None
    assert not asked.dysfunction.events.filter(reason__icontains="retour du terrain").exists()


def test_confirming_records_the_answer_and_the_page_offers_to_change_it(client, asked):
    response = client.post(_link(asked, "no"), {"answer": "yes"})
    assert response.status_code == 200
    asked.refresh_from_db()
    assert asked.answer == FeedbackAnswer.YES and asked.answered_at
    assert "Merci" in response.content.decode()


def test_an_answer_not_offered_is_refused(client, asked):
    assert client.post(_link(asked, "no"), {"answer": "peut-etre"}).status_code == 404
    asked.refresh_from_db()
    assert asked.answer == ""


def test_nothing_changed_reaches_the_pilot_by_email_and_on_the_landing_page(
    client, asked, pilot, django_capture_on_commit_callbacks
):
    client.force_login(pilot)
    assert (
        "Sorties d'hôpital le vendredi soir"
        not in client.get(reverse("portal:dashboard")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(asked, "no"), {"answer": "no"})
    assert [m.to for m in mail.outbox] == [[pilot.email]]
    message = mail.outbox[0]
    assert asked.dysfunction.reference in message.subject
    assert asked.dysfunction.get_absolute_url() in message.body
    home = client.get(reverse("portal:dashboard")).content.decode()
    assert "disent les déclarants" in home
    assert asked.dysfunction.get_absolute_url() in home

    # Answering "no" again tells nobody twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(asked, "no"), {"answer": "no"})
    assert mail.outbox == []

    # Once reopened, the item leaves the pilot's landing page.
    services.dysfunction_reopen(
        dysfunction=asked.dysfunction, actor=pilot, reason="Le problème revient le week-end."
    )
    home = client.get(reverse("portal:dashboard")).content.decode()
    assert f'href="{asked.dysfunction.get_absolute_url()}"' not in home


def test_another_territorys_pilot_is_not_told(
    client, asked, other_territory, django_capture_on_commit_callbacks
):
    stranger = UserFactory()
    TerritoryPilotFactory(territory=other_territory, user=stranger)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(asked, "no"), {"answer": "no"})
    assert stranger.email not in [to for m in mail.outbox for to in m.to]
    client.force_login(stranger)
    assert (
        asked.dysfunction.get_absolute_url()
        not in client.get(reverse("portal:dashboard")).content.decode()
    )
