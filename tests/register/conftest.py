import pytest

from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory


@pytest.fixture
def commune(territory):
    return CommuneFactory(name="Saint-Martin-le-Beau", insee_code="37228", territory=territory)


@pytest.fixture
def other_commune(other_territory):
    return CommuneFactory(name="Bourges", insee_code="18033", territory=other_territory)


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation, name="Portage de repas", slug="portage-de-repas"
    )


@pytest.fixture
def filing(commune):
    """What a case manager types in the form, already cleaned."""
    from datetime import date

    from tests.register.factories import category

    return {
        "title": "Sortie d'hospitalisation un vendredi sans passage infirmier",
        "description": "Une femme de plus de 80 ans, vivant seule, sort du CHU un vendredi "
        "soir ; le SSIAD ne peut pas intervenir avant le mardi.",
        "observed_on": date(2026, 10, 2),
        "commune": commune,
        "category": category("sortie-hospitalisation"),
        "public": "older_people",
        "age_band": "85_plus",
        "situation_count": 3,
        "severity": "serious",
        "workaround": "Passage de l'infirmière libérale du village, bénévolement.",
        "suggestion": "Une convention de sortie entre le CHU et les SSIAD.",
    }


@pytest.fixture
def tactical_meeting(tactical_table):
    """A meeting of the tactical table still to come (its agenda can change)."""
    from tests.meetings.factories import MeetingFactory

    return MeetingFactory(table=tactical_table)


@pytest.fixture
def held_tactical_meeting(tactical_table):
    from meetings.models import MeetingStatus
    from tests.meetings.factories import MeetingFactory, at

    return MeetingFactory(table=tactical_table, status=MeetingStatus.HELD, starts_at=at(-10))


@pytest.fixture
def strategic_meeting(strategic_table):
    from tests.meetings.factories import MeetingFactory

    return MeetingFactory(table=strategic_table)


def hold(meeting):
    """The meeting took place (what the meetings app records when the pilot says so)."""
    from meetings.models import Meeting, MeetingStatus

    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    return meeting
