"""A member who cannot come sends their substitute: the substitute is told by e-mail (the
meeting, its invitation, a link to their page), is named wherever the member's answer shows,
answers from their own page, and the pilot's attendance sheet starts from that answer, the
representative searched among the people who make sense (the seat's substitutes first)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from meetings import services
from meetings.calendar import meeting_uid
from meetings.models import Attendance, Meeting
from portal.autocomplete import search
from tests.factories import MembershipFactory, OrganisationFactory, SeatFactory, UserFactory
from tests.meetings.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def convened(pilot, meeting, tactical_member, substitute, second_member):
    services.agenda_item_add(meeting=meeting, actor=pilot, title="Sorties d'hospitalisation")
    services.meeting_convene(actor=pilot, meeting=meeting)
    mail.outbox.clear()
    return meeting


def _row(meeting, member):
    return meeting.attendances.select_related("substitute__user").get(seat__user=member)


def _send(client, meeting, member, **data):
    client.force_login(member)
    return client.post(f"/reunions/{meeting.pk}/reponse/", {"answer": "substitute", **data})


def test_the_substitute_sent_is_told_with_the_meeting_its_invitation_and_their_page(
    client, convened, tactical_member, substitute, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, convened, tactical_member)
    assert response.status_code == 302
    row = _row(convened, tactical_member)
    assert row.answer == Attendance.Answer.SUBSTITUTE and row.substitute.user == substitute
    (message,) = mail.outbox
    assert message.to == [substitute.email]
    assert tactical_member.get_full_name() in message.subject
    assert "vous envoie à sa place" in message.body
    assert "Sorties d'hospitalisation" in message.body  # the agenda
    assert f"/reunions/{convened.pk}/suppleance/" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics" and "method=REQUEST" in mimetype
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["UID"]) == meeting_uid(convened)
    assert substitute.email in str(event["ATTENDEE"])


def test_the_member_and_the_pilot_see_who_represents_the_seat(
    client, convened, pilot, tactical_member, substitute
):
    _send(client, convened, tactical_member)
    named = f"représenté·e par {substitute.get_full_name()}"
    assert named in client.get(f"/reunions/{convened.pk}/").content.decode()
    client.force_login(pilot)
    assert named in client.get(f"/reunions/{convened.pk}/").content.decode()


def test_the_substitute_answers_from_their_page_and_the_member_is_told(
    client, convened, tactical_member, substitute, django_capture_on_commit_callbacks
):
    _send(client, convened, tactical_member)
    mail.outbox.clear()
    client.force_login(substitute)
    # The meeting's page leads them there.
    assert (
        f"/reunions/{convened.pk}/suppleance/"
        in client.get(f"/reunions/{convened.pk}/").content.decode()
    )
    page = client.get(f"/reunions/{convened.pk}/suppleance/").content.decode()
    assert "Sorties d&#x27;hospitalisation" in page  # the agenda
    assert "Salle du conseil, Hôtel de ville de Tours" in page
    assert tactical_member.get_full_name() in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reunions/{convened.pk}/suppleance/", {"answer": "coming"})
    assert response.status_code == 302
    row = _row(convened, tactical_member)
    assert row.substitute_answer == Attendance.SubstituteAnswer.COMING
    (message,) = mail.outbox
    assert message.to == [tactical_member.email]
    assert substitute.get_full_name() in message.body
    client.force_login(tactical_member)
    page = client.get(f"/reunions/{convened.pk}/").content.decode()
    assert "le suppléant : sera présent" in page


def test_only_the_substitute_sent_reaches_the_substitute_page(
    client, convened, pilot, tactical_member, substitute, second_member
):
    client.force_login(substitute)
    # Not sent (yet): nothing to answer.
    assert client.get(f"/reunions/{convened.pk}/suppleance/").status_code == 404
    _send(client, convened, tactical_member)
    for someone in (tactical_member, second_member, pilot):
        client.force_login(someone)
        assert client.get(f"/reunions/{convened.pk}/suppleance/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.attendance_substitute_answer(
            actor=tactical_member, attendance=_row(convened, tactical_member), answer="coming"
        )


def test_a_member_with_two_substitutes_says_which_one_and_the_first_is_released(
    client, convened, tactical_table, tactical_member, substitute,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    seat = tactical_member.seats.get()
    other = UserFactory(email="seconde@exemple.fr", first_name="Léa", last_name="Gauthier")
    other_seat = SeatFactory(
        table=tactical_table, user=other, organisation=seat.organisation,
        kind="substitute", substitute_for=seat,
    )  # fmt: skip
    client.force_login(tactical_member)
    page = client.get(f"/reunions/{convened.pk}/reponse/").content.decode()
    assert "Léa Gauthier" in page and substitute.get_full_name() in page
    row = _row(convened, tactical_member)
    with pytest.raises(ValidationError) as refused:
        services.attendance_answer(actor=tactical_member, attendance=row, answer="substitute")
    assert "substitute" in refused.value.message_dict
    stranger_seat = SeatFactory(table=tactical_table, kind="member")
    with pytest.raises(ValidationError):
        services.attendance_answer(
            actor=tactical_member, attendance=row, answer="substitute", substitute=stranger_seat
        )
    with django_capture_on_commit_callbacks(execute=True):
        _send(
            client, convened, tactical_member, substitute=seat.substitutes.get(user=substitute).pk
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, convened, tactical_member, substitute=other_seat.pk)
    assert _row(convened, tactical_member).substitute == other_seat
    told = {m.to[0]: m for m in mail.outbox}
    assert set(told) == {substitute.email, other.email}
    assert "ne remplacez plus" in told[substitute.email].body
    # Coming after all: the substitute sent is released too.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reunions/{convened.pk}/reponse/", {"answer": "coming"})
    assert _row(convened, tactical_member).substitute is None
    assert [m.to for m in mail.outbox] == [[other.email]]


def _attendance_sheet(client, pilot, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(-1), ends_at=at(-1, 16))
    client.force_login(pilot)
    return client.get(f"/reunions/{meeting.pk}/presences/")


def test_the_attendance_sheet_starts_from_the_substitute_sent(
    client, convened, pilot, tactical_member, substitute, second_member
):
    _send(client, convened, tactical_member)
    response = _attendance_sheet(client, pilot, convened)
    row = _row(convened, tactical_member)
    form = response.context["form"]
    assert form[f"presence_{row.pk}"].value() == "represented"
    assert str(form[f"represented_by_{row.pk}"].value()) == str(substitute.pk)
    page = response.content.decode()
    # A searched choice, never a list of every account.
    assert f'<select name="represented_by_{row.pk}"' not in page
    assert 'data-source="/recherche/meetings.people/' in page
    assert f"{substitute.get_full_name()} (" in page
    other = _row(convened, second_member)
    assert form[f"presence_{other.pk}"].value() == "unknown"
    # Saved as shown.
    response = client.post(
        f"/reunions/{convened.pk}/presences/",
        {
            f"presence_{row.pk}": "represented",
            f"represented_by_{row.pk}": str(substitute.pk),
            f"presence_{other.pk}": "present",
            f"represented_by_{other.pk}": "",
        },
    )
    assert response.status_code == 302
    assert _row(convened, tactical_member).represented_by == substitute


def test_a_substitute_who_cannot_come_is_not_prefilled(
    client, convened, pilot, tactical_member, substitute
):
    _send(client, convened, tactical_member)
    client.force_login(substitute)
    client.post(f"/reunions/{convened.pk}/suppleance/", {"answer": "not_coming"})
    response = _attendance_sheet(client, pilot, convened)
    row = _row(convened, tactical_member)
    assert response.context["form"][f"presence_{row.pk}"].value() == "unknown"


def test_the_people_source_lists_the_seat_s_substitutes_first_under_their_organisation(
    rf, convened, pilot, tactical_table, tactical_member, substitute, territory, other_territory
):
    # Two people of the territory share the substitute's name; one of another territory too.
    for slug, where in (("ccas-amboise", territory), ("ccas-vierzon", other_territory)):
        homonym = UserFactory(first_name="Paul", last_name="Moreau", email=f"p.moreau@{slug}.fr")
        MembershipFactory(
            user=homonym,
            organisation=OrganisationFactory(name=f"CCAS {slug}", slug=slug, territory=where),
        )
    seat = tactical_member.seats.get()
    params = rf.get("/", {"table": tactical_table.pk, "seat": seat.pk}).GET
    results, _more = search("meetings.people", pilot, "moreau", params)
    assert len(results) == 2  # not the one of another territory
    (first_pk, first_label, first_group), (second_pk, second_label, second_group) = results
    assert first_pk == substitute.pk and first_group == "Suppléants de ce siège"
    assert second_group == "CCAS ccas-amboise" and "(CCAS ccas-amboise)" in second_label
    assert first_label != second_label
    with pytest.raises(PermissionDenied):
        search("meetings.people", tactical_member, "moreau", params)
