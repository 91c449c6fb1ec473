"""240 XSS payloads stored through the free-text fields of the register, the tables and the
directory, then read where people read them: pages (as the pilot and as a table member),
printable PDFs, calendar feeds, CSV and JSON exports, e-mails. Nowhere can a payload run; no
request fails."""

import pytest
from django.core import mail

from directory.services import service_suggest_correction
from meetings.models import MeetingStatus
from register import services as register_services
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    CalendarTokenFactory,
    DecisionFactory,
    DecisionUpdateFactory,
    MeetingFactory,
    MinutesVersionFactory,
    at,
)
from tests.register.factories import (
    DysfunctionEventFactory,
    DysfunctionFactory,
    ProposalEventFactory,
    ProposalFactory,
)

from .xss import VECTORS, corpus, dangers

PAYLOADS = corpus()
ALL = "\n\n".join(p for _m, p in PAYLOADS)


def test_the_corpus_is_large_and_the_scanner_sees_raw_payloads():
    assert len(PAYLOADS) >= 200
    assert len({m for m, _p in PAYLOADS}) == len(PAYLOADS)
    assert len(dangers(ALL)) >= len(PAYLOADS)


@pytest.fixture
def commune(territory):
    return CommuneFactory(name="Amboise", insee_code="37003", territory=territory)


@pytest.fixture
def stored(
    territory, commune, pilot, case_manager, tactical_table, strategic_table, organisation,
    tactical_member,
):  # fmt: skip
    """Every free text of the register, the tables and the directory holds the corpus."""
    titles = [
        DysfunctionFactory(
            territory=territory, commune=commune, filer=case_manager, state="qualified",
            title=v.format(m=f"xsst{i:02d}")[:200],
        )
        for i, v in enumerate(VECTORS)
    ]  # fmt: skip
    dysfunction = DysfunctionFactory(
        territory=territory, commune=commune, filer=case_manager, state="qualified",
        description=ALL, workaround=ALL, suggestion=ALL, outcome=ALL,
    )  # fmt: skip
    DysfunctionEventFactory(dysfunction=dysfunction, actor=pilot, reason=ALL)
    proposal = ProposalFactory(
        territory=territory, tactical_table=tactical_table, strategic_table=strategic_table,
        state="submitted", created_by=pilot, dysfunctions=[dysfunction],
        rationale=ALL, request=ALL, resources=ALL, title=PAYLOADS[0][1][:200],
    )  # fmt: skip
    ProposalEventFactory(proposal=proposal, actor=pilot, reason=ALL)
    meeting = MeetingFactory(
        table=tactical_table, status=MeetingStatus.MINUTES_DRAFTED, starts_at=at(-3),
        place=PAYLOADS[2][1][:250], title=PAYLOADS[3][1][:200],
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, number=1, title=PAYLOADS[4][1][:250], description=ALL)
    MinutesVersionFactory(
        meeting=meeting, number=1, summary=ALL,
        items=[{"item": None, "number": 1, "title": PAYLOADS[5][1], "text": ALL}],
    )  # fmt: skip
    decision = DecisionFactory(meeting=meeting, owner=pilot, text=ALL)
    DecisionUpdateFactory(decision=decision, actor=pilot, reason=ALL)
    upcoming = MeetingFactory(
        table=tactical_table, status=MeetingStatus.CONVENED, place=ALL[:250],
        title=PAYLOADS[6][1][:200],
    )  # fmt: skip
    AgendaItemFactory(meeting=upcoming, number=1, title=PAYLOADS[7][1][:250], description=ALL)
    service = ServiceFactory(
        organisation=organisation, name=PAYLOADS[8][1][:200], slug="xss-service",
        description=ALL, inclusion_criteria=ALL, exclusion_criteria=ALL, access_details=ALL,
    )  # fmt: skip
    return {
        "dysfunction": dysfunction,
        "titles": titles,
        "proposal": proposal,
        "meeting": meeting,
        "upcoming": upcoming,
        "decision": decision,
        "service": service,
    }


def _pages(stored, table_slug):
    d, p, m = stored["dysfunction"], stored["proposal"], stored["meeting"]
    return [
        "/mon-espace/",
        "/registre/",
        f"/registre/{d.pk}/",
        f"/registre/{stored['titles'][0].pk}/",
        "/propositions/",
        f"/propositions/{p.pk}/",
        "/reunions/",
        f"/reunions/{m.pk}/",
        f"/reunions/{m.pk}/compte-rendu/",
        f"/reunions/{stored['upcoming'].pk}/",
        f"/tables/{table_slug}/",
        "/decisions/",
        f"/decisions/{stored['decision'].pk}/",
        "/annuaire/?q=xss",
        "/annuaire/",
        f"/annuaire/services/{stored['service'].slug}/",
        f"/annuaire/structures/{stored['service'].organisation.slug}/",
    ]


@pytest.mark.parametrize("reader", ["pilot", "tactical_member"])
def test_no_payload_runs_in_any_page(client, request, stored, tactical_table, reader):
    client.force_login(request.getfixturevalue(reader))
    read = 0
    for url in _pages(stored, tactical_table.slug):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        read += 1
        found = dangers(response.content.decode())
        assert found == [], (url, found[:5])
    assert read >= 10


def test_no_payload_runs_in_pdfs_feeds_and_exports(client, pilot, tactical_member, stored):
    client.force_login(pilot)
    m = stored["meeting"]
    for url in (f"/reunions/{m.pk}/ordre-du-jour.pdf", f"/reunions/{m.pk}/compte-rendu.pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert body.startswith(b"%PDF")
        assert b"/JavaScript" not in body and b"/JS " not in body and b"/Launch" not in body
    token = CalendarTokenFactory(user=tactical_member).token
    feed = client.get(f"/calendrier/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    # A payload never opens an event or a property of its own.
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") >= 1
    assert "\nBEGIN:VEVENT\r\nxss" not in text
    for url, kind in (
        ("/annuaire/export.csv?q=xss", "text/csv"),
        ("/indicateurs/export.csv", "text/csv"),
        (f"/api/services/{stored['service'].slug}", "application/json"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(kind), url
        assert response.get("X-Content-Type-Options") == "nosniff", url


def test_no_payload_runs_in_emails(
    stored, pilot, tactical_member, partner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    submitted = DysfunctionFactory(
        territory=stored["dysfunction"].territory, commune=stored["dysfunction"].commune,
        filer=stored["dysfunction"].filer, state="submitted",
    )  # fmt: skip
    reason = "\n".join(p for _m, p in PAYLOADS[:120])
    with django_capture_on_commit_callbacks(execute=True):
        register_services.dysfunction_reject(dysfunction=submitted, actor=pilot, reason=reason)
        service_suggest_correction(
            actor=tactical_member,
            service=stored["service"],
            text="\n".join(p for _m, p in PAYLOADS[120:]),
        )
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        for content, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                found = dangers(content)
                assert found == [], (message.subject, found[:5])
