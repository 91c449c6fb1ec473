"""Landing-page panels kept between visits (portal/dashboard.py) are the panels of now: every
change of what they show, a new role, another language or the passing of time shows at the
next visit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory import services as directory_services
from meetings import services as meeting_services
from portal import dashboard
from register.models import DysfunctionState as S
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory
from tests.meetings.factories import MeetingFactory
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db


def _panel(client, key):
    """The HTML of one panel of the landing page."""
    body = client.get("/mon-espace/").content.decode()
    start = body.index(f'id="panel-{key}"')
    return body[start : body.index("</section>", start)]


def test_meetings_to_convene_follow_a_new_meeting_and_its_convocation(
    client, pilot, tactical_table, tactical_member
):
    client.force_login(pilot)
    assert "Rien à faire" in _panel(client, "pilot_meetings_to_convene")
    meeting = MeetingFactory(table=tactical_table, starts_at=timezone.now() + timedelta(days=20))
    assert tactical_table.name in _panel(client, "pilot_meetings_to_convene")
    assert tactical_table.name in _panel(client, "pilot_meetings_to_convene")  # kept
    meeting_services.meeting_convene(actor=pilot, meeting=meeting)
    assert "Rien à faire" in _panel(client, "pilot_meetings_to_convene")


def test_a_meeting_about_to_start_is_kept_no_longer_than_until_it_starts(
    client, pilot, tactical_table, monkeypatch
):
    starts = timezone.now() + timedelta(hours=1)
    MeetingFactory(table=tactical_table, starts_at=starts, ends_at=starts + timedelta(hours=2))
    kept = {}

    class Watched:
        def __init__(self, cache):
            self.cache = cache

        def get_many(self, keys):
            return self.cache.get_many(keys)

        def set_many(self, values, timeout):
            kept.update(dict.fromkeys(values, timeout))
            self.cache.set_many(values, timeout)

    monkeypatch.setattr(dashboard, "cache", Watched(dashboard.cache))
    client.force_login(pilot)
    assert tactical_table.name in _panel(client, "pilot_meetings_to_convene")
    assert kept and min(kept.values()) <= 3600


def test_the_triage_panel_follows_new_dysfunctions(client, pilot, territory):
    commune = CommuneFactory(territory=territory)
    client.force_login(pilot)
    assert "Rien à trier" in _panel(client, "register_to_triage")
    waiting = DysfunctionFactory(
        territory=territory, commune=commune, state=S.SUBMITTED, title="Sortie sans relais"
    )
    assert "Sortie sans relais" in _panel(client, "register_to_triage")
    waiting.state = S.QUALIFIED
    waiting.save()
    assert "Rien à trier" in _panel(client, "register_to_triage")


def test_the_review_panel_follows_a_change_submitted_then_rejected(
    client, pilot, partner, organisation
):
    service = ServiceFactory(organisation=organisation, name="Portage de repas")
    client.force_login(pilot)
    assert "Portage de repas" not in _panel(client, "directory_review")
    directory_services.service_propose_changes(actor=partner, service=service, summary="Neuf")
    assert "Portage de repas" in _panel(client, "directory_review")
    directory_services.service_review(
        actor=pilot, service=service, approve=False, comment="Précisez les horaires."
    )
    assert "Portage de repas" not in _panel(client, "directory_review")


def test_a_new_role_and_another_language_are_not_served_what_was_kept(
    client, tactical_member, organisation, tactical_table
):
    from tests.factories import MembershipFactory

    client.force_login(tactical_member)
    assert organisation.name not in _panel(client, "partner_organisations")
    MembershipFactory(user=tactical_member, organisation=organisation)
    assert organisation.name in _panel(client, "partner_organisations")
    assert "Les tables où je siège" in client.get("/mon-espace/").content.decode()
    client.cookies.load({"django_language": "en"})
    english = client.get("/mon-espace/").content.decode()
    assert "The tables where I sit" in english and "No service listed yet." in english


def test_a_suggestion_is_marked_handled_from_the_landing_page_with_its_own_token(
    pilot, partner, organisation
):
    """The suggestions' forms are never kept: each visit's page carries its own CSRF token and
    address."""
    import re

    from django.test import Client

    from directory.models import CorrectionSuggestion

    client = Client(enforce_csrf_checks=True)
    client.force_login(pilot)
    service = ServiceFactory(organisation=organisation, name="Portage de repas")
    directory_services.service_suggest_correction(
        actor=partner, service=service, text="Le numéro a changé."
    )
    panel = _panel(client, "directory_suggestions")
    assert 'name="next" value="/mon-espace/"' in panel
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', panel).group(1)
    action = re.search(r'<form method="post" action="([^"]+)"', panel).group(1)
    suggestion = CorrectionSuggestion.objects.get()
    response = client.post(
        action,
        {"csrfmiddlewaretoken": token, "suggestion": suggestion.pk, "next": "/mon-espace/"},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.handled_at is not None
    assert "Le numéro a changé." not in _panel(client, "directory_suggestions")


def test_a_former_superuser_is_not_served_what_was_kept_for_them(client, pilot, other_territory):
    from portal.models import User
    from tests.factories import TableFactory

    foreign = TableFactory(name="Table tactique du Berry", territory=other_territory)
    User.objects.filter(pk=pilot.pk).update(is_superuser=True)
    client.force_login(User.objects.get(pk=pilot.pk))
    assert foreign.name in _panel(client, "pilot_tables")
    User.objects.filter(pk=pilot.pk).update(is_superuser=False)  # no signal, no roles' version
    assert foreign.name not in _panel(client, "pilot_tables")


def test_the_review_panel_follows_a_renamed_requester(client, pilot, partner, organisation):
    service = ServiceFactory(organisation=organisation, name="Portage de repas")
    directory_services.service_propose_changes(actor=partner, service=service, summary="Neuf")
    client.force_login(pilot)
    assert str(partner) in _panel(client, "directory_review")
    partner.last_name = "Nouveau-Nom"
    partner.save()
    assert "Nouveau-Nom" in _panel(client, "directory_review")
