"""Following by e-mail: a person who follows a dysfunction, a proposal or a decision receives an
e-mail when it changes state (at once: the portal keeps no other preference), never for a mere
note, never for what they did themselves nor for what they no longer see; filers, already told
by their own e-mail, get no second one. Every e-mail carries a link that stops following without
signing in: a scanner opening it changes nothing, and using it again is harmless."""

import re

import pytest
from django.core import mail

from meetings import services as meeting_services
from portal.models import Follow
from portal.services import follow_set
from register import services as register_services
from register.models import DysfunctionState
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.meetings.factories import DecisionFactory
from tests.register.factories import DysfunctionFactory

S = DysfunctionState


@pytest.fixture
def outbox(django_capture_on_commit_callbacks):
    """Run the callbacks queued on commit (e-mails are sent once the transaction commits)."""

    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return list(mail.outbox)

    return run


@pytest.fixture
def known(territory, case_manager):
    return DysfunctionFactory(
        territory=territory, filer=case_manager, state=S.QUALIFIED,
        title="Attente de trois semaines pour un SSIAD à Loches",
    )  # fmt: skip


@pytest.fixture
def decision(pilot, tactical_table, tactical_member):
    from tests.meetings.factories import MeetingFactory, at

    meeting = MeetingFactory(table=tactical_table, status="held", starts_at=at(-5))
    return DecisionFactory(
        meeting=meeting, owner=tactical_member, text="Écrire la fiche de liaison."
    )


def _to(messages, person):
    return [m for m in messages if person.email in m.to]


def _unfollow_path(message) -> str:
    (path,) = re.findall(r"https?://[^/\s]+(/notifications/ne-plus-suivre/[^/\s]+/)", message.body)
    return path


def test_a_follower_is_emailed_when_a_dysfunction_changes_state_and_the_filer_once(
    known, tactical_member, case_manager, pilot, tactical_table, outbox
):
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory(table=tactical_table)
    follow_set(user=tactical_member, target=known)
    sent = outbox(
        lambda: register_services.dysfunction_schedule(
            dysfunction=known, actor=pilot, meeting=meeting, reason="À voir en décembre."
        )
    )
    (message,) = _to(sent, tactical_member)
    assert known.reference in message.subject
    assert "À l'ordre du jour de la table tactique" in message.subject
    assert "Qualifié → À l'ordre du jour de la table tactique" in message.body
    assert "À voir en décembre." in message.body
    assert f"/registre/{known.pk}/" in message.body
    assert "/notifications/ne-plus-suivre/" in message.body
    html = message.alternatives[0][0]
    assert "/notifications/ne-plus-suivre/" in html and "<a href" in html
    # The filer, who follows it too, gets their own e-mail only; the pilot who acted, none.
    assert len(_to(sent, case_manager)) == 1
    assert not _to(sent, pilot)
    # The filer's name is in none of the followers' e-mails.
    assert case_manager.last_name not in message.body + message.subject


def test_a_follower_is_emailed_when_a_decision_changes_state(
    decision, executive, pilot, tactical_member, strategic_table, tactical_table, outbox
):
    follow_set(user=tactical_member, target=decision)
    sent = outbox(
        lambda: meeting_services.decision_update_status(
            decision=decision, actor=pilot, status="in_progress", comment="Première version."
        )
    )
    (message,) = _to(sent, tactical_member)
    assert "Ouverte → En cours" in message.body
    assert "Écrire la fiche de liaison." in message.body


def test_a_note_without_a_change_of_state_sends_no_email(known, tactical_member, outbox):
    colleague = UserFactory(email="agathe.roussel@exemple.fr")
    MembershipFactory(
        user=colleague,
        organisation=OrganisationFactory(territory=known.territory),
        role="case_manager",
    )
    follow_set(user=tactical_member, target=known)
    sent = outbox(
        lambda: register_services.dysfunction_me_too(
            dysfunction=known, actor=colleague, situation_count=2
        )
    )
    assert not _to(sent, tactical_member)


def test_a_follower_who_no_longer_sees_it_is_not_emailed(
    known, tactical_member, case_manager, pilot, outbox
):
    """A rejected dysfunction leaves the published register: the tables are not told."""
    follow_set(user=tactical_member, target=known)
    sent = outbox(
        lambda: register_services.dysfunction_reject(
            dysfunction=known, actor=pilot, reason="Hors du champ du réseau."
        )
    )
    assert not _to(sent, tactical_member)
    assert len(_to(sent, case_manager)) == 1


def test_the_link_stops_following_without_signing_in_once_and_safely(
    client, decision, tactical_member, pilot, outbox
):
    follow_set(user=tactical_member, target=decision)
    sent = outbox(
        lambda: meeting_services.decision_update_status(
            decision=decision, actor=pilot, status="in_progress", comment="Commencé."
        )
    )
    path = _unfollow_path(_to(sent, tactical_member)[0])
    # Opening the link (a mail scanner does) asks, and changes nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert "Écrire la fiche de liaison." in page.content.decode()
    assert "(décision)" in page.content.decode()
    assert Follow.objects.filter(user=tactical_member).exists()
    done = client.post(path)
    assert done.status_code == 200
    assert "vous ne le suivez plus" in done.content.decode()
    assert not Follow.objects.filter(user=tactical_member).exists()
    # No more e-mails about it.
    later = outbox(
        lambda: meeting_services.decision_update_status(
            decision=decision, actor=pilot, status="done", comment="Fiche envoyée."
        )
    )
    assert not _to(later, tactical_member)
    # Used again: nothing to do, said plainly; following again is not undone by the old link.
    follow_set(user=tactical_member, target=decision)
    again = client.post(path)
    assert again.status_code == 200
    assert "rien de plus" in again.content.decode()
    assert Follow.objects.filter(user=tactical_member).exists()
    assert "rien de plus" in client.get(path).content.decode()
    # A forged link is a 404.
    assert client.get("/notifications/ne-plus-suivre/faux-jeton/").status_code == 404
    assert client.post("/notifications/ne-plus-suivre/faux-jeton/").status_code == 404
