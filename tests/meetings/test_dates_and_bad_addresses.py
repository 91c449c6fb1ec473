"""Input that used to end in a server error: a NUL character in an address, a meeting in the
year 9999 or 0001 (refused, and never able to break a calendar feed)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory
from tests.meetings.test_feeds import events

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/api/services/%00",
        "/calendrier/%00.ics",
        "/tables/%00/calendrier.ics",
        "/annuaire/?q=%00",
        "/annuaire/?commune=%00",
        "/registre/%00/",
    ],
)
def test_a_nul_character_in_an_address_is_a_bad_request(client, pilot, address):
    client.raise_request_exception = False
    for signed_in in (False, True):
        if signed_in:
            client.force_login(pilot)
        assert client.get(address).status_code in (400, 404), (address, signed_in)


@pytest.mark.parametrize("year", [1, 1999, 9999])
def test_a_meeting_far_in_the_past_or_future_is_refused(pilot, tactical_table, year):
    with pytest.raises(ValidationError) as refused:
        services.meeting_plan(
            actor=pilot,
            table=tactical_table,
            starts_at=datetime(year, 3, 2, 14, tzinfo=UTC),
            ends_at=datetime(year, 3, 2, 16, tzinfo=UTC),
            place="Tours",
        )
    assert "starts_at" in refused.value.message_dict
    assert not tactical_table.meetings.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_planning_form_says_which_dates_are_accepted(client, pilot, tactical_table, day):
    client.force_login(pilot)
    response = client.post(
        f"/tables/{tactical_table.slug}/reunions/nouvelle/",
        {"day": day, "start_time": "14:00", "end_time": "16:00", "place": "Tours"},
    )
    assert response.status_code == 200
    assert "Choisissez une date entre 2000 et" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_year_9999_already_stored_does_not_break_the_feeds(
    client, meeting, tactical_member
):
    far = MeetingFactory(
        table=meeting.table,
        title="Faute de frappe",
        starts_at=datetime(9999, 12, 31, 10, tzinfo=UTC),
        ends_at=datetime(9999, 12, 31, 12, tzinfo=UTC),
    )
    meeting.table.publishes_calendar = True
    meeting.table.save()
    response = client.get(f"/tables/{meeting.table.slug}/calendrier.ics")
    assert response.status_code == 200
    assert set(events(response)[1]) == {str(meeting)}
    token = services.calendar_token_for(tactical_member).token
    response = client.get(f"/calendrier/{token}.ics")
    assert response.status_code == 200
    assert str(far) not in events(response)[1]
