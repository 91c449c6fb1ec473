"""Factories for the meetings' models."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    DecisionStatus,
    DecisionUpdate,
    DecisionVote,
    Meeting,
    MeetingHistory,
    MeetingStatus,
    MinutesVersion,
    SeatVote,
    TableCalendarToken,
    VoteChoice,
)
from tests.factories import SeatFactory, TableFactory, UserFactory


def at(days: int, hour: int = 14):
    """A moment `days` from now, at `hour` local time."""
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    table = factory.SubFactory(TableFactory)
    starts_at = factory.LazyFunction(lambda: at(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Salle du conseil, Hôtel de ville de Tours"
    status = MeetingStatus.PLANNED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 2)
    title = factory.Iterator(
        [
            "Sorties d'hospitalisation le vendredi",
            "Délais d'accès au SSIAD du Lochois",
            "Annuaire commun : mise à jour des fiches",
        ]
    )
    kind = AgendaItem.Kind.DISCUSSION
    duration_minutes = 20


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    seat = factory.SubFactory(SeatFactory, table=factory.SelfAttribute("..meeting.table"))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory, status=MeetingStatus.HELD, starts_at=at(-30))
    text = factory.Iterator(
        [
            "Rédiger une fiche de liaison commune hôpital – SSIAD.",
            "Organiser une réunion avec les bailleurs sociaux.",
            "Mettre à jour les critères d'admission de l'accueil de jour.",
        ]
    )
    owner = factory.SubFactory(UserFactory)
    created_by = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class MeetingHistoryFactory(factory.django.DjangoModelFactory):
    """A line of a meeting's status log (append-only: only ever created)."""

    class Meta:
        model = MeetingHistory

    meeting = factory.SubFactory(MeetingFactory, status=MeetingStatus.CONVENED)
    actor = factory.SubFactory(UserFactory)
    from_state = MeetingStatus.PLANNED
    to_state = MeetingStatus.CONVENED
    transition = "convene"
    reason = "Convocation envoyée aux membres de la table."


class MinutesVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesVersion

    meeting = factory.SubFactory(
        MeetingFactory, status=MeetingStatus.MINUTES_DRAFTED, starts_at=at(-7)
    )
    number = factory.Sequence(lambda n: n + 1)
    summary = "Douze membres présents ; le quorum est atteint."
    items = factory.LazyFunction(
        lambda: [
            {
                "item": None,
                "number": 1,
                "title": "Sorties d'hospitalisation le vendredi",
                "text": "Le CHU propose une fiche de liaison commune avec les SSIAD.",
            }
        ]
    )
    author = factory.SubFactory(UserFactory)
    note = "Première rédaction"


class DecisionUpdateFactory(factory.django.DjangoModelFactory):
    """A change of a decision's status, with the owner's comment (append-only)."""

    class Meta:
        model = DecisionUpdate

    decision = factory.SubFactory(DecisionFactory, status=DecisionStatus.IN_PROGRESS)
    actor = factory.LazyAttribute(lambda o: o.decision.owner)
    from_state = DecisionStatus.OPEN
    to_state = DecisionStatus.IN_PROGRESS
    transition = "progress"
    reason = "Première réunion avec les bailleurs fixée au mois prochain."


class CalendarTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarToken
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)


class TableCalendarTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TableCalendarToken
        django_get_or_create = ["table"]

    table = factory.SubFactory(TableFactory)


class DecisionVoteFactory(factory.django.DjangoModelFactory):
    """A vote counted on a decision of a held meeting, with the quorum it was checked against."""

    class Meta:
        model = DecisionVote

    decision = factory.SubFactory(DecisionFactory)
    meeting = factory.SelfAttribute("decision.meeting")
    method = DecisionVote.Method.COUNTS
    votes_for = 5
    votes_against = 1
    abstentions = 1
    present = 8
    quorum_required = 6
    recorded_by = factory.SubFactory(UserFactory)


class SeatVoteFactory(factory.django.DjangoModelFactory):
    """One present seat's voice in a vote by seat."""

    class Meta:
        model = SeatVote

    vote = factory.SubFactory(DecisionVoteFactory, method=DecisionVote.Method.SEATS)
    attendance = factory.SubFactory(
        AttendanceFactory,
        meeting=factory.SelfAttribute("..vote.decision.meeting"),
        presence=Attendance.Presence.PRESENT,
    )
    voter = factory.SelfAttribute("attendance.seat.user")
    choice = VoteChoice.FOR
