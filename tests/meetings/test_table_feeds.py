"""A table's calendar: a secret, renewable address for its members and pilot, and a public
address only if the table publishes, with dates and titles only."""

import re

from meetings.models import AgendaItem, TableCalendarToken
from tests.meetings.factories import MeetingFactory, at
from tests.meetings.test_feeds import events

PLACE = "Salle du conseil"


def secret_address(client, user, table):
    client.force_login(user)
    page = client.get(f"/tables/{table.slug}/").content.decode()
    client.logout()
    found = re.search(r'value="[^"]*(/tables/[^"]+/calendrier/[^"/]+\.ics)"', page)
    return found.group(1) if found else None


def test_anyone_is_refused_the_meetings_of_a_table_that_does_not_publish(
    client, meeting, pilot, tactical_member
):
    assert meeting.table.publishes_calendar is False
    response = client.get(f"/tables/{meeting.table.slug}/calendrier.ics")
    assert response.status_code == 404
    assert PLACE.encode() not in response.content
    client.force_login(tactical_member)
    page = client.get(f"/tables/{meeting.table.slug}/").content.decode()
    assert "ne publie pas son calendrier" in page


def test_members_and_pilot_read_the_full_calendar_at_the_secret_address(
    client, meeting, pilot, tactical_member, executive, strategic_table
):
    AgendaItem.objects.create(meeting=meeting, number=99, title="Parcours après hospitalisation")
    strategic_table.feeds.add(meeting.table)  # the executive follows the table, without a seat
    address = secret_address(client, tactical_member, meeting.table)
    assert address == secret_address(client, pilot, meeting.table)
    assert secret_address(client, executive, meeting.table) is None
    response = client.get(address)
    assert response.status_code == 200
    event = events(response)[1][str(meeting)]
    assert PLACE in str(event["LOCATION"])
    assert "visio.example.org" in str(event["DESCRIPTION"])
    assert "Parcours après hospitalisation" in str(event["DESCRIPTION"])


def test_renewing_the_secret_address_closes_the_old_one(client, meeting, pilot, tactical_member):
    table = meeting.table
    old = secret_address(client, tactical_member, table)
    assert client.get(old).status_code == 200
    client.force_login(tactical_member)  # a member may not renew it
    assert client.post(f"/tables/{table.slug}/calendrier/renouveler/").status_code in (403, 404)
    assert client.get(old).status_code == 200
    client.force_login(pilot)
    response = client.post(f"/tables/{table.slug}/calendrier/renouveler/", follow=True)
    assert response.status_code == 200
    client.logout()
    assert client.get(old).status_code == 404
    new = secret_address(client, tactical_member, table)
    assert new != old
    assert client.get(new).status_code == 200


def test_a_token_opens_only_its_own_table(client, meeting, strategic_table):
    token = TableCalendarToken.objects.create(table=strategic_table).token
    assert client.get(f"/tables/{meeting.table.slug}/calendrier/{token}.ics").status_code == 404
    assert client.get(f"/tables/{strategic_table.slug}/calendrier/{token}.ics").status_code == 200


def test_a_publishing_table_shows_only_dates_and_titles(
    client, meeting, tactical_table, strategic_table
):
    AgendaItem.objects.create(meeting=meeting, number=99, title="Parcours après hospitalisation")
    MeetingFactory(table=strategic_table, starts_at=at(12), title="Séance stratégique")
    tactical_table.publishes_calendar = True
    tactical_table.save()
    response = client.get(f"/tables/{tactical_table.slug}/calendrier.ics")
    assert response.status_code == 200
    _calendar, found = events(response)
    assert set(found) == {str(meeting)}
    event = found[str(meeting)]
    assert event.decoded("DTSTART") == meeting.starts_at
    assert "LOCATION" not in event
    body = response.content.decode().replace("\r\n ", "")  # unfolded
    for secret in (PLACE, "visio.example.org", "Parcours après hospitalisation"):
        assert secret not in body
    assert client.get(f"/tables/{strategic_table.slug}/calendrier.ics").status_code == 404


def test_the_pilot_chooses_to_publish_the_calendar(client, pilot, tactical_table, meeting):
    client.force_login(pilot)
    response = client.get(f"/tables/{tactical_table.slug}/modifier/")
    assert 'name="publishes_calendar"' in response.content.decode()
    data = {
        "name": tactical_table.name,
        "slug": tactical_table.slug,
        "kind": tactical_table.kind,
        "territory": tactical_table.territory_id,
        "notice_days": "10",
        "quorum_kind": "none",
        "publishes_calendar": "on",
    }
    assert client.post(f"/tables/{tactical_table.slug}/modifier/", data).status_code == 302
    client.logout()
    assert client.get(f"/tables/{tactical_table.slug}/calendrier.ics").status_code == 200
