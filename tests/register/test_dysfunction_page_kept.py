"""A dysfunction's page reads the dysfunction with its related rows from what is kept between
requests (register/kept.py): every change is seen on the next request, who may read the page
is asked each time, and what depends on the reader is never shared."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from meetings.models import MeetingStatus
from register.models.dysfunctions import DysfunctionState as S
from tests.factories import OrganisationFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, MinutesVersionFactory
from tests.register.factories import (
    DysfunctionAttachmentFactory,
    DysfunctionEventFactory,
    DysfunctionFactory,
    ProposalFactory,
)


def _page(client, dysfunction):
    response = client.get(dysfunction.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_each_change_of_what_the_page_shows_is_seen_on_the_next_request(
    client, pilot, territory, commune, tactical_table, service
):
    filer = UserFactory(first_name="Agathe", last_name="Roussel")
    gap = DysfunctionFactory(territory=territory, commune=commune, filer=filer)
    client.force_login(pilot)
    _page(client, gap)  # kept from now on

    DysfunctionEventFactory(dysfunction=gap, reason="Appel du CHU le 3 mars")
    assert "Appel du CHU le 3 mars" in _page(client, gap)

    DysfunctionAttachmentFactory(dysfunction=gap, name="Courrier de l'EHPAD des Tilleuls")
    assert escape("Courrier de l'EHPAD des Tilleuls") in _page(client, gap)

    ProposalFactory(territory=territory, title="Convention de sortie du vendredi",
                    dysfunctions=[gap])  # fmt: skip
    assert "Convention de sortie du vendredi" in _page(client, gap)

    gap.services.add(service)
    service.name = "SSIAD du Véron"
    service.save()
    assert "SSIAD du Véron" in _page(client, gap)

    meeting = MeetingFactory(table=tactical_table, status=MeetingStatus.HELD)
    item = AgendaItemFactory(meeting=meeting, subject=gap, title="Les sorties tardives")
    assert "Les sorties tardives" in _page(client, gap)

    meeting.status = MeetingStatus.MINUTES_DRAFTED
    meeting.save()
    MinutesVersionFactory(
        meeting=meeting,
        items=[{"item": item.pk, "number": item.number, "title": item.title,
                "text": "Le CHU appellera le SSIAD la veille de chaque sortie."}],
    )  # fmt: skip
    assert "Le CHU appellera le SSIAD la veille de chaque sortie." in _page(client, gap)

    filer.last_name = "Roussel-Martin"
    filer.save()
    assert "Agathe Roussel-Martin" in _page(client, gap)

    gap.title = "Sorties du vendredi sans relais infirmier"
    gap.save()
    assert "Sorties du vendredi sans relais infirmier" in _page(client, gap)


def test_a_transition_is_seen_at_once_in_the_state_and_the_timeline(
    client, pilot, territory, commune
):
    gap = DysfunctionFactory(territory=territory, commune=commune)
    client.force_login(pilot)
    assert "Qualifier" in _page(client, gap)
    response = client.post(
        f"/registre/{gap.pk}/demander-precisions/",
        {"demander-precisions-reason": "Quel jour de la semaine ?"},
    )
    gap.refresh_from_db()
    assert gap.state == S.INFORMATION_REQUESTED, response.content.decode()[:2000]
    body = _page(client, gap)
    assert "Quel jour de la semaine ?" in body
    assert gap.get_state_display() in body


def test_who_may_read_the_page_is_asked_at_each_request(
    client, pilot, territory, commune, outsider, other_territory
):
    gap = DysfunctionFactory(territory=territory, commune=commune)
    client.force_login(pilot)
    _page(client, gap)
    client.force_login(outsider)
    assert client.get(gap.get_absolute_url()).status_code == 404
    # Moved to another territory: its pilot no longer reads it, though nothing else changed.
    client.force_login(pilot)
    type(gap).objects.filter(pk=gap.pk).update(territory=other_territory)
    assert client.get(gap.get_absolute_url()).status_code == 404


def test_what_depends_on_the_reader_is_never_served_to_another(
    client, pilot, tactical_member, territory, commune
):
    filer = UserFactory(first_name="Agathe", last_name="Roussel")
    gap = DysfunctionFactory(territory=territory, commune=commune, filer=filer, state=S.QUALIFIED)
    client.force_login(pilot)
    body = _page(client, gap)
    assert "Agathe Roussel" in body and "Qualifier" not in body
    client.force_login(tactical_member)
    body = _page(client, gap)
    assert "Roussel" not in body and "Agathe" not in body
    client.force_login(filer)
    # The filer is not in a role that reads the register: their own gap only.
    assert "Agathe Roussel" in _page(client, gap)


def test_a_page_read_again_reads_the_timeline_from_what_is_kept(client, pilot, territory, commune):
    gap = DysfunctionFactory(territory=territory, commune=commune)
    DysfunctionEventFactory(dysfunction=gap)
    OrganisationFactory(territory=territory)
    client.force_login(pilot)
    _page(client, gap)
    with CaptureQueriesContext(connection) as again:
        _page(client, gap)
    read = " ".join(q["sql"] for q in again.captured_queries)
    assert "register_dysfunctionevent" not in read
    assert "register_dysfunction_services" not in read
