import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services
from meetings.models import Attendance, Meeting, MeetingStatus
from meetings.selectors import meeting_attendances, meeting_quorum
from tests.factories import SeatFactory
from tests.meetings.factories import at


@pytest.fixture
def convened_past(pilot, tactical_table, tactical_member, second_member, substitute):
    """A convened meeting of a table with a quorum of two thirds, which has now started."""
    tactical_table.quorum_kind = "share"
    tactical_table.quorum_value = 66
    tactical_table.save()
    SeatFactory(table=tactical_table)  # a third member seat
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(20), ends_at=at(20, 16), place="Tours"
    )
    services.meeting_convene(actor=pilot, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(-1), ends_at=at(-1, 16))
    meeting.refresh_from_db()
    return meeting


def rows(meeting):
    return {a.seat.user.email: a for a in meeting.attendances.select_related("seat__user")}


def test_quorum_share_rounds_up():
    from meetings.models import Table

    table = Table(quorum_kind="share", quorum_value=50)
    assert table.quorum_required(3) == 2
    assert Table(quorum_kind="count", quorum_value=4).quorum_required(10) == 4
    assert Table(quorum_kind="none").quorum_required(10) == 0


def test_answers_forecast_the_quorum(pilot, convened_past, tactical_member, second_member):
    meeting = convened_past
    quorum = meeting_quorum(meeting, meeting_attendances(meeting))
    assert (quorum.members, quorum.required, quorum.forecast) == (3, 2, 0)
    assert not quorum.forecast_met
    for user, answer in [(tactical_member, "substitute"), (second_member, "coming")]:
        services.attendance_answer(actor=user, attendance=rows(meeting)[user.email], answer=answer)
    quorum = meeting_quorum(meeting, meeting_attendances(meeting))
    assert quorum.forecast == 2
    assert quorum.forecast_met


def test_pilot_sees_the_forecast_on_the_meeting_page(
    client, pilot, tactical_table, tactical_member
):
    tactical_table.quorum_kind, tactical_table.quorum_value = "count", 1
    tactical_table.save()
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(20), ends_at=at(20, 16), place="Tours"
    )
    services.meeting_convene(actor=pilot, meeting=meeting)
    services.attendance_answer(
        actor=tactical_member, attendance=meeting.attendances.get(), answer="coming"
    )
    client.force_login(pilot)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Quorum prévu" in page
    assert "Réponses : 1 sur 1 titulaires" in page


def test_pilot_records_attendance_and_quorum_is_met(
    client, pilot, convened_past, tactical_member, second_member, substitute
):
    meeting = convened_past
    r = rows(meeting)
    other = next(
        a for email, a in r.items() if email not in (tactical_member.email, second_member.email)
    )
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/presences/",
        {
            f"presence_{r[tactical_member.email].pk}": "represented",
            f"represented_by_{r[tactical_member.email].pk}": substitute.pk,
            f"presence_{r[second_member.email].pk}": "present",
            f"presence_{other.pk}": "excused",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    r = rows(meeting)
    assert r[tactical_member.email].represented_by == substitute
    quorum = meeting_quorum(meeting, meeting_attendances(meeting))
    assert quorum.present == 2 and quorum.met
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Quorum atteint" in page


def test_quorum_not_met_is_shown(client, pilot, convened_past):
    services.attendance_record(
        actor=pilot,
        meeting=convened_past,
        records={a.pk: ("absent", None) for a in convened_past.attendances.all()},
    )
    client.force_login(pilot)
    assert "Quorum non atteint" in client.get(convened_past.get_absolute_url()).content.decode()


def test_represented_without_representative_is_refused_and_nothing_changes(
    client, pilot, convened_past, tactical_member
):
    r = rows(convened_past)
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{convened_past.pk}/presences/",
        {f"presence_{a.pk}": "present" for a in r.values()}
        | {f"presence_{r[tactical_member.email].pk}": "represented"},
    )
    assert response.status_code == 200
    assert "Indiquez qui a représenté ce membre." in response.content.decode()
    assert not convened_past.attendances.exclude(presence="unknown").exists()
    convened_past.refresh_from_db()
    assert convened_past.status == MeetingStatus.CONVENED


def test_attendance_of_a_seat_from_another_meeting_is_refused(pilot, convened_past, meeting):
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=pilot, meeting=convened_past, records={999999: ("present", None)}
        )


def test_attendance_cannot_be_recorded_before_the_meeting(pilot, meeting, tactical_member):
    services.meeting_convene(actor=pilot, meeting=meeting)
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=pilot, meeting=meeting, records={meeting.attendances.get().pk: ("present", None)}
        )


def test_member_cannot_record_attendance(client, tactical_member, convened_past):
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=tactical_member, meeting=convened_past, records={})
    client.force_login(tactical_member)
    assert client.get(f"/reunions/{convened_past.pk}/presences/").status_code == 403


def test_database_refuses_a_representative_on_a_present_row(convened_past, pilot):
    from django.db import IntegrityError, transaction

    row = convened_past.attendances.first()
    row.presence = Attendance.Presence.PRESENT
    row.represented_by = pilot
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
