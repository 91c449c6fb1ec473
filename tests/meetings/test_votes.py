"""Votes on decisions: counts or each seat's voice, checked against the quorum of the member
seats present or represented, shown with the decision, in the minutes and their PDF."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services
from meetings.models import DecisionVote, Meeting, MeetingStatus
from tests.factories import SeatFactory
from tests.meetings.factories import DecisionFactory, at
from tests.queries import assert_same_count, page_queries


@pytest.fixture
def sitting(pilot, tactical_table, tactical_member, second_member, substitute):
    """A held meeting of a table of three member seats with a quorum of two thirds."""
    tactical_table.quorum_kind = "share"
    tactical_table.quorum_value = 66
    tactical_table.save()
    SeatFactory(table=tactical_table, user__first_name="Hugo", user__last_name="Lefort")
    meeting = services.meeting_plan(
        actor=pilot, table=tactical_table, starts_at=at(20), ends_at=at(20, 16), place="Tours"
    )
    services.meeting_convene(actor=pilot, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(-1), ends_at=at(-1, 16))
    meeting.refresh_from_db()
    return meeting


def attend(pilot, meeting, **presence_by_email):
    """Record attendance: every seat absent unless named (email local part → presence)."""
    records = {}
    for row in meeting.attendances.select_related("seat__user"):
        value = presence_by_email.get(row.seat.user.email.split("@")[0], ("absent", None))
        records[row.pk] = value if isinstance(value, tuple) else (value, None)
    services.attendance_record(actor=pilot, meeting=meeting, records=records)
    meeting.refresh_from_db()


def seats(meeting):
    return {
        a.seat.user.email.split("@")[0]: a for a in meeting.attendances.select_related("seat__user")
    }


def decision_of(meeting, pilot, owner):
    return services.decision_record(
        meeting=meeting, actor=pilot, text="Créer une fiche de liaison commune.", owner=owner,
        due_date=None,
    )  # fmt: skip


def test_counts_are_recorded_with_the_quorum_they_were_checked_against(
    pilot, sitting, tactical_member, second_member
):
    attend(pilot, sitting, membre="present", membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    vote = services.decision_vote_record(
        decision=decision, actor=pilot, method="counts", votes_for=1, votes_against=0,
        abstentions=1,
    )  # fmt: skip
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (1, 0, 1)
    assert (vote.present, vote.quorum_required) == (2, 2)
    assert vote.carried
    assert "1 pour, 0 contre, 1 abstention" in decision.updates.order_by("-pk").first().reason


def test_a_vote_without_quorum_is_refused_and_says_why(client, pilot, sitting, tactical_member):
    attend(pilot, sitting, membre="present")
    decision = decision_of(sitting, pilot, tactical_member)
    with pytest.raises(ValidationError) as refusal:
        services.decision_vote_record(decision=decision, actor=pilot, method="counts", votes_for=1)
    assert "1 sur 3" in str(refusal.value) and "2 sont nécessaires" in str(refusal.value)
    assert not DecisionVote.objects.exists()
    client.force_login(pilot)
    page = client.get(f"/decisions/{decision.pk}/vote/").content.decode()
    assert "Le quorum n’est pas atteint" in page or "Le quorum n'est pas atteint" in page
    assert f"/reunions/{sitting.pk}/presences/" in page
    assert 'name="votes_for"' not in page


def test_more_voices_than_seats_present_are_refused(pilot, sitting, tactical_member):
    attend(pilot, sitting, membre="present", membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    with pytest.raises(ValidationError) as refusal:
        services.decision_vote_record(
            decision=decision, actor=pilot, method="counts", votes_for=2, votes_against=1
        )
    assert "votes_for" in refusal.value.error_dict
    with pytest.raises(ValidationError):
        services.decision_vote_record(decision=decision, actor=pilot, method="counts")


def test_a_represented_seat_votes_through_its_substitute(
    pilot, sitting, tactical_member, second_member, substitute
):
    attend(pilot, sitting, membre=("represented", substitute), membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    rows = seats(sitting)
    vote = services.decision_vote_record(
        decision=decision,
        actor=pilot,
        method="seats",
        seat_choices={rows["membre"].pk: "against", rows["membre2"].pk: "for"},
    )
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (1, 1, 0)
    assert not vote.carried
    voices = {v.attendance_id: v for v in vote.seat_votes.all()}
    assert voices[rows["membre"].pk].voter == substitute
    assert voices[rows["membre2"].pk].voter == second_member


def test_an_absent_seat_cannot_vote(pilot, sitting, tactical_member, second_member):
    attend(pilot, sitting, membre="present", membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    absent = next(a for a in sitting.attendances.all() if a.presence == "absent")
    with pytest.raises(ValidationError):
        services.decision_vote_record(
            decision=decision, actor=pilot, method="seats", seat_choices={absent.pk: "for"}
        )


def test_recording_again_replaces_the_vote_until_the_minutes_are_approved(
    pilot, sitting, tactical_member, second_member
):
    attend(pilot, sitting, membre="present", membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    rows = seats(sitting)
    services.decision_vote_record(
        decision=decision, actor=pilot, method="seats", seat_choices={rows["membre"].pk: "for"}
    )
    services.decision_vote_record(decision=decision, actor=pilot, method="counts", votes_for=2)
    vote = DecisionVote.objects.get()
    assert (vote.method, vote.votes_for, vote.seat_votes.count()) == ("counts", 2, 0)
    Meeting.objects.filter(pk=sitting.pk).update(status=MeetingStatus.MINUTES_APPROVED)
    with pytest.raises(ValidationError):
        services.decision_vote_record(decision=decision, actor=pilot, method="counts", votes_for=1)


def test_only_the_pilot_records_a_vote(client, pilot, sitting, tactical_member):
    attend(pilot, sitting, membre="present", membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    with pytest.raises(PermissionDenied):
        services.decision_vote_record(
            decision=decision, actor=tactical_member, method="counts", votes_for=1
        )
    client.force_login(tactical_member)
    assert client.get(f"/decisions/{decision.pk}/vote/").status_code == 403
    assert "Enregistrer le vote" not in client.get(f"/decisions/{decision.pk}/").content.decode()


def test_the_vote_shows_on_the_decision_the_minutes_and_their_pdf(
    client, pilot, sitting, tactical_member, second_member, substitute, monkeypatch
):
    attend(pilot, sitting, membre=("represented", substitute), membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    rows = seats(sitting)
    client.force_login(pilot)
    response = client.post(
        f"/decisions/{decision.pk}/vote/",
        {
            "method": "seats",
            f"seat_{rows['membre'].pk}": "for",
            f"seat_{rows['membre2'].pk}": "abstain",
        },
    )
    assert response.status_code == 302
    detail = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert "1 pour, 0 contre, 1 abstention" in detail
    assert "adoptée" in detail
    assert "voté par Paul Moreau" in detail
    assert "Quorum atteint : 2 sièges" in detail
    services.minutes_save(actor=pilot, meeting=sitting, summary="", texts={})
    minutes = client.get(f"/reunions/{sitting.pk}/compte-rendu/").content.decode()
    assert "1 pour, 0 contre, 1 abstention" in minutes
    assert "Inès Caron" in minutes and "Abstention" in minutes

    import weasyprint

    printed = []
    original = weasyprint.HTML

    def capture(*args, **kwargs):
        printed.append(kwargs.get("string", ""))
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", capture)
    response = client.get(f"/reunions/{sitting.pk}/compte-rendu.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "1 pour, 0 contre, 1 abstention" in printed[0]
    assert "voté par Paul Moreau" in printed[0]


def test_the_vote_form_counts_are_posted_and_refusals_show_on_it(
    client, pilot, sitting, tactical_member, second_member
):
    attend(pilot, sitting, membre="present", membre2="present")
    decision = decision_of(sitting, pilot, tactical_member)
    client.force_login(pilot)
    page = client.post(
        f"/decisions/{decision.pk}/vote/",
        {"method": "counts", "votes_for": "3", "votes_against": "0", "abstentions": "0"},
    )
    assert page.status_code == 200
    assert "3 voix pour 2 sièges" in page.content.decode()
    assert not DecisionVote.objects.exists()
    response = client.post(
        f"/decisions/{decision.pk}/vote/",
        {"method": "counts", "votes_for": "2", "votes_against": "0", "abstentions": "0"},
    )
    assert response.status_code == 302
    assert DecisionVote.objects.get().votes_for == 2


def test_minutes_and_decision_pages_keep_their_query_count_with_votes(
    client, pilot, sitting, tactical_member, second_member
):
    attend(pilot, sitting, membre="present", membre2="present")
    rows = seats(sitting)
    services.minutes_save(actor=pilot, meeting=sitting, summary="", texts={})
    client.force_login(pilot)
    minutes, details = [], []
    for size in (1, 4):
        for _ in range(size):
            decision = DecisionFactory(meeting=sitting, owner=tactical_member)
            services.decision_vote_record(
                decision=decision, actor=pilot, method="seats",
                seat_choices={rows["membre"].pk: "for", rows["membre2"].pk: "against"},
            )  # fmt: skip
        minutes.append(page_queries(client, f"/reunions/{sitting.pk}/compte-rendu/"))
        details.append(page_queries(client, f"/decisions/{decision.pk}/"))
    assert_same_count(*minutes)
    assert_same_count(*details)
