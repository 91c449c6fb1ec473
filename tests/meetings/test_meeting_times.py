"""Meeting times make sense: a meeting is not planned (or moved) into the past, while the
details of a past meeting can still be corrected."""

import pytest

from meetings.forms import MeetingForm
from tests.meetings.factories import at

pytestmark = pytest.mark.django_db


def test_a_meeting_cannot_be_planned_in_the_past(client, pilot, tactical_table):
    client.force_login(pilot)
    response = client.post(
        f"/tables/{tactical_table.slug}/reunions/nouvelle/",
        {
            "day": at(-3).date().isoformat(),
            "start_time": "14:00",
            "end_time": "16:00",
            "place": "Maison des solidarités",
        },
    )
    assert response.status_code == 200
    assert "Une réunion ne peut pas être prévue dans le passé." in response.content.decode()
    assert not tactical_table.meetings.exists()


def test_a_past_meeting_keeps_its_date_when_its_place_is_corrected():
    past = at(-3)
    initial = {"day": past.date(), "start_time": past.time().replace(second=0, microsecond=0)}
    form = MeetingForm(
        data={
            "day": initial["day"].isoformat(),
            "start_time": initial["start_time"].strftime("%H:%M"),
            "end_time": "23:59",
            "place": "Salle B",
        },
        initial=initial,
    )
    assert "day" not in form.errors
