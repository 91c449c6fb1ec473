"""Following and the notification centre: anyone follows what they see; /notifications/ lists
what happened to what they follow, their own only, for objects they still see; the header
counts the unread ones; the page's queries do not grow with the notifications."""

import pytest
from django.contrib.contenttypes.models import ContentType

from meetings import services as meeting_services
from portal.models import Follow, FollowNotification
from register import services as register_services
from register.models import DysfunctionState
from tests.meetings.factories import DecisionFactory
from tests.queries import assert_same_count, page_queries
from tests.register.factories import DysfunctionFactory

S = DysfunctionState


def follow(client, obj, following=True):
    return client.post(
        "/suivre/",
        {
            "target_type": obj._meta.label_lower,
            "target_id": obj.pk,
            "follow": "1" if following else "0",
        },
    )


@pytest.fixture
def decision(pilot, tactical_table, tactical_member):
    from tests.meetings.factories import MeetingFactory, at

    meeting = MeetingFactory(table=tactical_table, status="held", starts_at=at(-5))
    return DecisionFactory(
        meeting=meeting, owner=tactical_member, text="Écrire la fiche de liaison."
    )


@pytest.fixture
def published(territory, case_manager):
    return DysfunctionFactory(
        territory=territory, filer=case_manager, state=S.QUALIFIED,
        title="Attente de trois semaines pour un SSIAD à Loches",
    )  # fmt: skip


def test_a_follower_reads_what_happened_in_the_centre_and_the_header_counts_it(
    client, decision, executive, tactical_member, pilot, strategic_table, tactical_table
):
    client.force_login(tactical_member)
    assert follow(client, decision).status_code == 302
    assert Follow.objects.filter(user=tactical_member).count() == 1
    meeting_services.decision_update_status(
        decision=decision, actor=pilot, status="in_progress", comment="Première version envoyée."
    )
    page = client.get("/notifications/").content.decode()
    assert "Écrire la fiche de liaison." in page
    assert "Ouverte → En cours" in page
    assert "Première version envoyée." in page
    assert 'notification-count">1<' in client.get("/mon-espace/").content.decode()
    # The person who acted is not told of what they did.
    assert not FollowNotification.objects.filter(recipient=pilot).exists()


def test_one_reads_and_marks_only_ones_own_notifications(
    client, decision, tactical_member, pilot, executive, strategic_table, tactical_table
):
    client.force_login(pilot)
    follow(client, decision)
    client.force_login(tactical_member)
    follow(client, decision)
    meeting_services.decision_update_status(
        decision=decision, actor=tactical_member, status="in_progress", comment="Commencé."
    )
    assert FollowNotification.objects.count() == 1  # the pilot's; the actor is not told
    mine = FollowNotification.objects.get()
    assert "Commencé." not in client.get("/notifications/").content.decode()
    assert client.post("/notifications/lues/", {"notification": mine.pk}).status_code == 404
    client.force_login(pilot)
    assert "Commencé." in client.get("/notifications/").content.decode()
    response = client.post("/notifications/lues/", {"notification": mine.pk})
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_notification_of_an_object_one_no_longer_sees_is_neither_shown_nor_counted(
    client, published, tactical_member, pilot, territory, case_manager
):
    kept = DysfunctionFactory(territory=territory, filer=case_manager, state=S.QUALIFIED)
    client.force_login(tactical_member)
    assert follow(client, published).status_code == 302
    register_services.dysfunction_merge(dysfunction=published, into=kept, actor=pilot)
    notification = FollowNotification.objects.get(recipient=tactical_member)
    assert notification.to_state == S.MERGED
    page = client.get("/notifications/").content.decode()
    assert "Attente de trois semaines" not in page
    assert "notification-count" not in client.get("/mon-espace/").content.decode()
    assert client.post("/notifications/lues/", {"notification": notification.pk}).status_code == 404


def test_following_what_one_cannot_see_is_refused(
    client, case_manager, other_territory, tactical_member
):
    hidden = DysfunctionFactory(territory=other_territory, state=S.QUALIFIED)
    client.force_login(case_manager)
    assert follow(client, hidden).status_code == 404
    assert (
        client.post(
            "/suivre/",
            {"target_type": "portal.user", "target_id": tactical_member.pk, "follow": "1"},
        ).status_code
        == 404
    )
    assert not Follow.objects.exists()


def test_who_stops_following_is_no_longer_told(client, decision, tactical_member, pilot):
    client.force_login(tactical_member)
    follow(client, decision)
    follow(client, decision, following=False)
    assert not Follow.objects.exists()
    meeting_services.decision_update_status(decision=decision, actor=pilot, status="done")
    assert not FollowNotification.objects.exists()


def test_filers_follow_what_they_file_and_what_they_join(
    case_manager, partner, published, territory
):
    from tests.factories import CommuneFactory
    from tests.register.factories import category

    commune = CommuneFactory(territory=territory)
    filed = register_services.dysfunction_create(
        filer=case_manager, submit=True, title="Pas de transport le dimanche",
        description="Aucun transport adapté pour rejoindre l'accueil de jour.",
        observed_on=published.observed_on, commune=commune, category=category(),
        public="older_people", age_band="85_plus", situation_count=1, severity="moderate",
    )  # fmt: skip
    register_services.dysfunction_me_too(dysfunction=published, actor=partner, situation_count=1)
    kind = ContentType.objects.get_for_model(published)
    assert Follow.objects.filter(user=case_manager, target_type=kind, target_id=filed.pk).exists()
    assert Follow.objects.filter(user=partner, target_type=kind, target_id=published.pk).exists()


def test_the_follow_button_shows_on_the_pages_of_followable_objects(
    client, decision, published, tactical_member
):
    client.force_login(tactical_member)
    for url in (decision.get_absolute_url(), published.get_absolute_url()):
        assert 'action="/suivre/"' in client.get(url).content.decode()
    follow(client, decision)
    assert "Suivi — arrêter" in client.get(decision.get_absolute_url()).content.decode()


def test_the_centre_keeps_its_query_count_as_notifications_grow(
    client, tactical_member, pilot, tactical_table, territory, case_manager
):
    from tests.meetings.factories import MeetingFactory, at

    client.force_login(tactical_member)
    counts = []
    for size in (1, 5):
        for _i in range(size):
            meeting = MeetingFactory(table=tactical_table, status="held", starts_at=at(-5))
            decision = DecisionFactory(meeting=meeting, owner=pilot)
            gap = DysfunctionFactory(territory=territory, filer=case_manager, state=S.QUALIFIED)
            follow(client, decision)
            follow(client, gap)
            follow(client, meeting)
            meeting_services.decision_update_status(decision=decision, actor=pilot, status="done")
            from portal.transitions import record

            record(gap, actor=pilot, reason="Point d'étape.")
            record(meeting, actor=pilot, reason="Compte rendu en cours.")
        counts.append(page_queries(client, "/notifications/"))
    assert_same_count(*counts)
