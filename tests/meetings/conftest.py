import pytest

from meetings import services
from meetings.models import Meeting
from tests.factories import OrganisationFactory, SeatFactory, UserFactory
from tests.meetings.factories import at


@pytest.fixture
def substitute(tactical_table, tactical_member):
    """The substitute of the tactical member's seat."""
    seat = tactical_member.seats.get()
    user = UserFactory(email="suppleant@exemple.fr", first_name="Paul", last_name="Moreau")
    SeatFactory(
        table=tactical_table,
        user=user,
        organisation=seat.organisation,
        kind="substitute",
        substitute_for=seat,
    )
    return user


@pytest.fixture
def second_member(tactical_table, territory):
    user = UserFactory(email="membre2@exemple.fr", first_name="Inès", last_name="Caron")
    organisation = OrganisationFactory(
        name="SSIAD de Loches", slug="ssiad-loches", territory=territory
    )
    SeatFactory(table=tactical_table, user=user, organisation=organisation)
    return user


@pytest.fixture
def meeting(pilot, tactical_table, tactical_member):
    return services.meeting_plan(
        actor=pilot,
        table=tactical_table,
        starts_at=at(30, 14),
        ends_at=at(30, 16),
        place="Salle du conseil, Hôtel de ville de Tours",
        video_url="https://visio.example.org/table-tactique",
    )


@pytest.fixture
def held(pilot, tactical_table, tactical_member):
    """A tactical meeting convened, then held two days ago with everyone present (through the
    services, as the pilot would)."""
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(20), ends_at=at(20, 16), place="Tours"
    )
    services.agenda_item_add(meeting=meeting, actor=pilot, title="Sorties d'hospitalisation")
    services.meeting_convene(actor=pilot, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(-2), ends_at=at(-2, 16))
    meeting.refresh_from_db()
    services.attendance_record(
        actor=pilot,
        meeting=meeting,
        records={a.pk: ("present", None) for a in meeting.attendances.all()},
    )
    meeting.refresh_from_db()
    return meeting
