"""A decision's history reads as what happened: a comment without a change of status is a
progress note, not "En cours → En cours"."""

import pytest

from meetings.models import MeetingStatus
from tests.meetings.factories import DecisionFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(tactical_table):
    return MeetingFactory(table=tactical_table, starts_at=at(-5), status=MeetingStatus.HELD)


def test_a_comment_without_a_change_of_status_reads_as_a_note(client, tactical_member, held):
    decision = DecisionFactory(meeting=held, owner=tactical_member)
    client.force_login(tactical_member)
    for comment in ("Premier contact.", "Rendez-vous pris avec l'hôpital."):
        response = client.post(
            decision.get_absolute_url(), {"status": "in_progress", "comment": comment}
        )
        assert response.status_code == 302
    page = client.get(decision.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Rendez-vous pris avec l&#x27;hôpital." in page
    assert "Ouverte → En cours" in page
    assert "En cours → En cours" not in page
    assert "point d'avancement" in page
