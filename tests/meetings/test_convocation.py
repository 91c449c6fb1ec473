from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.calendar import meeting_uid
from meetings.models import Attendance, MeetingStatus
from tests.meetings.factories import at


def ics_of(message) -> Calendar:
    payloads = [
        content for name, content, mimetype in message.attachments if name == "invitation.ics"
    ]
    assert len(payloads) == 1
    return Calendar.from_ical(payloads[0])


def only_event(calendar):
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_convocation_mails_each_member_and_substitute_with_an_invitation(
    pilot, meeting, tactical_member, substitute, second_member, django_capture_on_commit_callbacks
):
    services.agenda_item_add(
        meeting=meeting, actor=pilot, title="Sorties d'hospitalisation", kind="decision"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=pilot, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [tactical_member.email, substitute.email, second_member.email]
    )
    message = next(m for m in mail.outbox if m.to == [tactical_member.email])
    assert "Sorties d'hospitalisation" in message.body
    assert f"/reunions/{meeting.pk}/reponse/" in message.body
    calendar = ics_of(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    event = only_event(calendar)
    assert str(event["UID"]) == meeting_uid(meeting)
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").tzinfo == ZoneInfo("Europe/Paris")
    assert event.decoded("DTEND") == meeting.ends_at
    assert "DTSTAMP" in event
    assert str(event["ATTENDEE"]) == f"mailto:{tactical_member.email}"
    assert "Sorties d'hospitalisation" in str(event["DESCRIPTION"])
    # Attendance rows exist for member seats only; the substitute answers through the member.
    assert set(meeting.attendances.values_list("seat__user__email", flat=True)) == {
        tactical_member.email,
        second_member.email,
    }
    assert meeting.history.filter(to_state=MeetingStatus.CONVENED).count() == 1


def test_substitute_is_told_whom_they_stand_in_for(
    pilot, meeting, tactical_member, substitute, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=pilot, meeting=meeting)
    message = next(m for m in mail.outbox if m.to == [substitute.email])
    assert tactical_member.get_full_name() in message.body
    # The member answers for the seat: the substitute gets no answer link.
    assert "/reponse/" not in message.body


def test_ics_escapes_text(
    pilot, tactical_table, tactical_member, django_capture_on_commit_callbacks
):
    meeting = services.meeting_plan(
        actor=pilot,
        table=tactical_table,
        starts_at=at(30),
        ends_at=at(30, 16),
        place="Salle A; bâtiment B, 2e étage",
        title="Séance; spéciale, budget",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=pilot, meeting=meeting)
    raw = mail.outbox[0].attachments[0][1]
    assert "LOCATION:Salle A\\; bâtiment B\\, 2e étage" in raw
    event = only_event(Calendar.from_ical(raw))
    assert str(event["SUMMARY"]) == "Séance; spéciale, budget"


def test_moving_a_convened_meeting_sends_an_update_with_the_same_uid_and_higher_sequence(
    pilot, meeting, tactical_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=pilot, meeting=meeting)
    first = only_event(ics_of(mail.outbox[0]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=pilot,
            meeting=meeting,
            starts_at=meeting.starts_at + timedelta(days=1),
            ends_at=meeting.ends_at + timedelta(days=1),
            place=meeting.place,
            video_url=meeting.video_url,
        )
    assert len(mail.outbox) == 1
    calendar = ics_of(mail.outbox[0])
    assert str(calendar["METHOD"]) == "REQUEST"
    event = only_event(calendar)
    assert event["UID"] == first["UID"]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == meeting.starts_at + timedelta(days=1)


def test_editing_without_moving_sends_nothing(
    pilot, meeting, tactical_member, django_capture_on_commit_callbacks
):
    services.meeting_convene(actor=pilot, meeting=meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=pilot,
            meeting=meeting,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            video_url=meeting.video_url,
            title="Nouveau titre",
        )
    assert mail.outbox == []


def test_cancelling_a_convened_meeting_sends_a_cancellation(
    pilot, meeting, tactical_member, django_capture_on_commit_callbacks
):
    services.meeting_convene(actor=pilot, meeting=meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=pilot, meeting=meeting, reason="Grève des transports")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    calendar = ics_of(mail.outbox[0])
    assert str(calendar["METHOD"]) == "CANCEL"
    event = only_event(calendar)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert meeting.history.filter(
        to_state=MeetingStatus.CANCELLED, reason="Grève des transports"
    ).exists()


def test_cancelling_a_planned_meeting_sends_nothing(
    pilot, meeting, tactical_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=pilot, meeting=meeting)
    assert mail.outbox == []


def test_a_meeting_in_the_past_cannot_be_convened(
    pilot, tactical_table, tactical_member, django_capture_on_commit_callbacks
):
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(-1), ends_at=at(-1, 16), place="Tours"
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.meeting_convene(actor=pilot, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert mail.outbox == []
    assert not Attendance.objects.exists()


def test_convening_twice_is_refused(pilot, meeting, tactical_member):
    services.meeting_convene(actor=pilot, meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_convene(actor=pilot, meeting=meeting)


def test_member_cannot_convene(tactical_member, meeting):
    with pytest.raises(PermissionDenied):
        services.meeting_convene(actor=tactical_member, meeting=meeting)


def test_late_convocation_warns_and_says_so(
    client, pilot, tactical_table, tactical_member, django_capture_on_commit_callbacks
):
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(3), ends_at=at(3, 16), place="Tours"
    )
    client.force_login(pilot)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "délai de convocation" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reunions/{meeting.pk}/convoquer/", follow=True)
    assert "délai de convocation" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.late_notice
    assert "délai de convocation" in mail.outbox[0].body


def test_timely_convocation_does_not_warn(
    pilot, meeting, tactical_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=pilot, meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.late_notice
    assert "délai de convocation" not in mail.outbox[0].body


def test_convene_page_of_past_meeting_shows_a_message_not_an_error(
    client, pilot, tactical_table, tactical_member
):
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(-2), ends_at=at(-2, 16), place="Tours"
    )
    client.force_login(pilot)
    response = client.post(f"/reunions/{meeting.pk}/convoquer/", follow=True)
    assert response.status_code == 200
    assert "a déjà commencé" in response.content.decode()


def test_member_answers_for_their_own_seat(client, pilot, meeting, tactical_member, substitute):
    services.meeting_convene(actor=pilot, meeting=meeting)
    client.force_login(tactical_member)
    assert client.get(f"/reunions/{meeting.pk}/reponse/").status_code == 200
    response = client.post(f"/reunions/{meeting.pk}/reponse/", {"answer": "substitute"})
    assert response.status_code == 302
    row = meeting.attendances.get(seat__user=tactical_member)
    assert row.answer == Attendance.Answer.SUBSTITUTE
    assert row.answered_at is not None


def test_member_cannot_answer_for_another_members_seat(
    pilot, meeting, tactical_member, second_member
):
    services.meeting_convene(actor=pilot, meeting=meeting)
    theirs = meeting.attendances.get(seat__user=second_member)
    with pytest.raises(PermissionDenied):
        services.attendance_answer(actor=tactical_member, attendance=theirs, answer="coming")
    theirs.refresh_from_db()
    assert theirs.answer == Attendance.Answer.NONE


def test_rsvp_page_is_404_for_someone_without_a_seat(
    client, pilot, meeting, tactical_member, partner
):
    services.meeting_convene(actor=pilot, meeting=meeting)
    client.force_login(pilot)
    assert client.get(f"/reunions/{meeting.pk}/reponse/").status_code == 404


def test_sending_the_substitute_needs_a_substitute(pilot, meeting, tactical_member):
    services.meeting_convene(actor=pilot, meeting=meeting)
    row = meeting.attendances.get(seat__user=tactical_member)
    with pytest.raises(ValidationError):
        services.attendance_answer(actor=tactical_member, attendance=row, answer="substitute")


def test_moving_a_convened_meeting_into_the_past_is_refused(pilot, meeting, tactical_member):
    services.meeting_convene(actor=pilot, meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=pilot,
            meeting=meeting,
            starts_at=timezone.now() - timedelta(days=1),
            ends_at=timezone.now() - timedelta(days=1, hours=-2),
            place="Tours",
        )


def test_pilot_cannot_mark_a_future_meeting_held(client, pilot, meeting, tactical_member):
    services.meeting_convene(actor=pilot, meeting=meeting)
    client.force_login(pilot)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Marquer comme tenue" not in page
    with pytest.raises(ValidationError):
        services.meeting_mark_held(actor=pilot, meeting=meeting)
