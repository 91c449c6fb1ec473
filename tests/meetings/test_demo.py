import pytest
from django.core.management import call_command

from meetings.models import Decision, DecisionStatus, Meeting, MeetingStatus, Seat, Table

pytestmark = pytest.mark.django_db


def test_demo_tables_meetings_and_decisions():
    call_command("seed_demo", verbosity=0)
    touraine = Table.objects.filter(territory__slug="touraine")
    strategic = touraine.get(kind=Table.Kind.STRATEGIC)
    assert touraine.filter(kind=Table.Kind.TACTICAL).count() == 3
    assert set(strategic.fed_by.values_list("kind", flat=True)) == {Table.Kind.TACTICAL}
    member = Seat.objects.get(user__email="membre@example.org")
    assert member.table.kind == Table.Kind.TACTICAL and member.kind == Seat.Kind.MEMBER
    assert (
        Seat.objects.get(user__email="decideur@example.org", table__in=touraine).table == strategic
    )
    # The region's table gathers the pilots and funders of both territories.
    regional = Table.objects.get(region__slug="centre-val-de-loire")
    assert regional.seats.count() == 4
    assert Seat.objects.filter(kind=Seat.Kind.SUBSTITUTE, substitute_for__isnull=False).exists()
    assert set(Decision.objects.values_list("status", flat=True)) == set(DecisionStatus.values)
    assert Decision.objects.overdue().exists()
    statuses = set(Meeting.objects.values_list("status", flat=True))
    assert {MeetingStatus.PUBLISHED, MeetingStatus.CONVENED, MeetingStatus.PLANNED} <= statuses
    for meeting in Meeting.objects.filter(status=MeetingStatus.PUBLISHED):
        assert meeting.attendances.exclude(presence="unknown").exists()
        assert meeting.minutes_versions.count() == 2
        assert meeting.items.filter(number=1, is_follow_up=True).exists()
    for meeting in Meeting.objects.filter(status=MeetingStatus.CONVENED):
        assert meeting.starts_at > meeting.convened_at


def test_demo_decisions_carry_votes_checked_against_the_quorum():
    from meetings.models import DecisionVote

    call_command("seed_demo", verbosity=0)
    votes = DecisionVote.objects.all()
    assert {v.method for v in votes} == {"seats", "counts"}
    for vote in votes:
        assert vote.present >= vote.quorum_required
        assert vote.voices <= vote.present
        if vote.method == "seats":
            assert vote.seat_votes.count() == vote.voices
