from icalendar import Calendar

from meetings import services
from meetings.models import CalendarToken
from tests.factories import TableFactory
from tests.meetings.factories import MeetingFactory, at
from tests.queries import assert_same_count, page_queries


def events(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def publish(table):
    table.publishes_calendar = True
    table.save()


def test_table_feed_is_valid_and_public_without_private_details(client, pilot, meeting):
    publish(meeting.table)
    response = client.get(f"/tables/{meeting.table.slug}/calendrier.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, found = events(response)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    event = found[str(meeting)]
    assert "DTSTAMP" in event and "UID" in event
    assert event.decoded("DTSTART") == meeting.starts_at
    assert "visio.example.org" not in response.content.decode()


def test_unknown_table_feed_is_a_404(client, db):
    assert client.get("/tables/inconnue/calendrier.ics").status_code == 404


def test_feed_shows_moves_and_keeps_cancelled_meetings(client, pilot, meeting, tactical_member):
    from datetime import timedelta

    publish(meeting.table)
    services.meeting_convene(actor=pilot, meeting=meeting)
    # Read once before the changes: the events kept since are never served after them.
    _, found = events(client.get(f"/tables/{meeting.table.slug}/calendrier.ics"))
    assert found[str(meeting)]["SEQUENCE"] == 0
    services.meeting_update(
        actor=pilot,
        meeting=meeting,
        starts_at=meeting.starts_at + timedelta(hours=1),
        ends_at=meeting.ends_at + timedelta(hours=1),
        place=meeting.place,
        video_url=meeting.video_url,
    )
    _, found = events(client.get(f"/tables/{meeting.table.slug}/calendrier.ics"))
    event = found[str(meeting)]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == meeting.starts_at + timedelta(hours=1)
    services.meeting_cancel(actor=pilot, meeting=meeting)
    _, found = events(client.get(f"/tables/{meeting.table.slug}/calendrier.ics"))
    event = found[str(meeting)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 2


def test_personal_feed_lists_all_my_meetings_and_revoking_the_token_closes_it(
    client, tactical_member, meeting, strategic_table, territory
):
    from tests.factories import SeatFactory, enable_mfa

    SeatFactory(table=strategic_table, user=tactical_member)
    enable_mfa(tactical_member)  # sitting at a strategic table makes them an executive
    strategic = MeetingFactory(table=strategic_table, starts_at=at(40), title="Séance stratégique")
    MeetingFactory(table=TableFactory(territory=territory), title="Réunion d'une autre table")
    client.force_login(tactical_member)
    response = client.get("/reunions/calendrier/")
    assert response.status_code == 200, response
    page = response.content.decode()
    token = CalendarToken.objects.get(user=tactical_member).token
    assert token in page
    client.logout()
    response = client.get(f"/calendrier/{token}.ics")
    assert response.status_code == 200
    _, found = events(response)
    assert set(found) == {str(meeting), str(strategic)}
    assert "visio.example.org" in response.content.decode()
    client.force_login(tactical_member)
    client.post("/reunions/calendrier/")
    client.logout()
    assert client.get(f"/calendrier/{token}.ics").status_code == 404
    new = CalendarToken.objects.get(user=tactical_member).token
    assert new != token
    assert client.get(f"/calendrier/{new}.ics").status_code == 200


def test_personal_feed_says_the_agenda_and_the_time_as_they_are_now(
    client, pilot, tactical_member, meeting
):
    """Each meeting's event is kept between two readings of the feed, and written anew as
    soon as anything it says changes: an item added to the agenda, the meeting moved."""
    from datetime import timedelta

    token = CalendarToken.objects.create(user=tactical_member).token
    url = f"/calendrier/{token}.ics"
    before = client.get(url).content.decode().replace("\r\n ", "")
    assert "Sorties d'hospitalisation" not in before
    assert client.get(url).content.decode().replace("\r\n ", "") == before

    services.agenda_item_add(meeting=meeting, actor=pilot, title="Sorties d'hospitalisation")
    _, found = events(client.get(url))
    assert "Sorties d'hospitalisation" in str(found[str(meeting)]["DESCRIPTION"])

    services.meeting_update(
        actor=pilot,
        meeting=meeting,
        starts_at=meeting.starts_at + timedelta(hours=2),
        ends_at=meeting.ends_at + timedelta(hours=2),
        place="Salle du conseil",
        video_url=meeting.video_url,
    )
    _, found = events(client.get(url))
    event = found[str(meeting)]
    assert event.decoded("DTSTART") == meeting.starts_at + timedelta(hours=2)
    assert str(event["LOCATION"]) == "Salle du conseil"


def test_forged_token_is_a_404(client, db):
    assert client.get("/calendrier/forged-token.ics").status_code == 404


def test_feed_of_a_deactivated_person_is_closed(client, tactical_member, meeting):
    token = services.calendar_token_for(tactical_member).token
    tactical_member.is_active = False
    tactical_member.save()
    assert client.get(f"/calendrier/{token}.ics").status_code == 404


def test_feed_query_count_does_not_grow(client, tactical_member, tactical_table):
    token = services.calendar_token_for(tactical_member).token
    publish(tactical_table)
    personal, table = [], []
    for start, size in ((0, 2), (2, 8)):
        for i in range(start, start + size):
            MeetingFactory(table=tactical_table, starts_at=at(5 + i))
        personal.append(page_queries(client, f"/calendrier/{token}.ics"))
        table.append(page_queries(client, f"/tables/{tactical_table.slug}/calendrier.ics"))
    assert_same_count(*personal)
    assert_same_count(*table)


def test_first_request_of_a_feed_keeps_its_events_in_as_many_queries_for_more_meetings(
    client, tactical_member, tactical_table
):
    token = services.calendar_token_for(tactical_member).token
    publish(tactical_table)
    personal, table = [], []
    for start, size in ((0, 2), (2, 8)):
        for i in range(start, start + size):
            MeetingFactory(table=tactical_table, starts_at=at(5 + i))
        personal.append(page_queries(client, f"/calendrier/{token}.ics", emptied=True))
        table.append(
            page_queries(client, f"/tables/{tactical_table.slug}/calendrier.ics", emptied=True)
        )
    assert_same_count(*personal)
    assert_same_count(*table)


def test_time_zone_of_a_feed_covers_every_meeting(client, tactical_table):
    publish(tactical_table)
    far = MeetingFactory(table=tactical_table, starts_at=at(4 * 365))
    calendar, _ = events(client.get(f"/tables/{tactical_table.slug}/calendrier.ics"))
    vtimezone = calendar.walk("VTIMEZONE")[0].to_ical().decode()
    assert str(far.starts_at.year) in vtimezone
