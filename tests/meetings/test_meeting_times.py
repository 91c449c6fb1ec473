"""Meeting times make sense: a meeting is not planned (or moved) into the past, while the
details of a past meeting can still be corrected; an agenda that outgrows the meeting is
pointed out to the pilot; once the members are convened, changes to the agenda are offered to
be sent to them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from meetings import services
from meetings.calendar import meeting_uid
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
    page = response.content.decode()
    assert "Une réunion ne peut pas être prévue dans le passé." in page
    # What was typed is shown again.
    assert f'value="{at(-3).date().isoformat()}"' in page
    assert 'value="Maison des solidarités"' in page and 'value="14:00"' in page
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


def _add(meeting, pilot, title, minutes):
    return services.agenda_item_add(
        meeting=meeting, actor=pilot, title=title, duration_minutes=minutes
    )


def test_pilot_is_warned_when_items_added_after_convening_run_past_the_end(
    client, pilot, meeting, tactical_member
):
    # 14:00–16:00, the follow-up takes 15 minutes.
    _add(meeting, pilot, "Sorties d'hospitalisation", 60)
    services.meeting_convene(actor=pilot, meeting=meeting)
    client.force_login(pilot)
    assert "dépasse" not in client.get(f"/reunions/{meeting.pk}/").content.decode()
    _add(meeting, pilot, "Transport solidaire", 60)
    page = client.get(f"/reunions/{meeting.pk}/").content.decode()
    assert "L’ordre du jour dépasse de 15 minutes la fin de la réunion (16:00)" in page
    # The members do not see the pilot's warning.
    client.force_login(tactical_member)
    assert "dépasse" not in client.get(f"/reunions/{meeting.pk}/").content.decode()


def test_agenda_changes_after_the_convocation_offer_an_update_that_pilot_sends(
    client, pilot, meeting, tactical_member, substitute, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=pilot, meeting=meeting)
    first = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    mail.outbox.clear()
    client.force_login(pilot)
    offer = "Envoyer la mise à jour aux membres"
    assert offer not in client.get(f"/reunions/{meeting.pk}/").content.decode()

    _add(meeting, pilot, "Point d'étape sur le transport solidaire", 20)
    page = client.get(f"/reunions/{meeting.pk}/").content.decode()
    assert offer in page
    assert mail.outbox == []  # nothing is sent until the pilot asks

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reunions/{meeting.pk}/envoyer-la-mise-a-jour/")
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox} == {tactical_member.email, substitute.email}
    message = next(m for m in mail.outbox if m.to == [tactical_member.email])
    assert message.subject.startswith("Ordre du jour modifié")
    assert "Point d'étape sur le transport solidaire" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics" and "method=REQUEST" in mimetype
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == str(first["UID"]) == meeting_uid(meeting)
    assert event["SEQUENCE"] == first["SEQUENCE"] + 1
    assert event.decoded("DTSTART") == meeting.starts_at
    assert "Point d'étape sur le transport solidaire" in str(event["DESCRIPTION"])
    # Sent: the offer goes away until the next change.
    assert offer not in client.get(f"/reunions/{meeting.pk}/").content.decode()


def test_moving_or_reordering_after_the_convocation_offers_the_update_too(
    client, pilot, meeting, tactical_member
):
    first = _add(meeting, pilot, "Premier point", 10)
    _add(meeting, pilot, "Second point", 10)
    services.meeting_convene(actor=pilot, meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.update_pending
    services.agenda_item_move(item=first, actor=pilot, direction="down")
    meeting.refresh_from_db()
    assert meeting.update_pending
    # Moving the meeting sends the update at once, with the agenda: nothing is left pending.
    services.meeting_update(
        actor=pilot,
        meeting=meeting,
        starts_at=meeting.starts_at + timedelta(days=1),
        ends_at=meeting.ends_at + timedelta(days=1),
        place=meeting.place,
        video_url=meeting.video_url,
    )
    meeting.refresh_from_db()
    assert not meeting.update_pending and meeting.sequence == 1


def test_an_update_is_not_sent_before_the_convocation_nor_by_a_member(
    pilot, meeting, tactical_member
):
    with pytest.raises(ValidationError):
        services.meeting_send_update(actor=pilot, meeting=meeting)
    services.meeting_convene(actor=pilot, meeting=meeting)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.meeting_send_update(actor=tactical_member, meeting=meeting)
