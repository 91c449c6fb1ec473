import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services
from meetings.models import MeetingStatus
from tests.meetings.factories import at
from tests.queries import EVERY_VERSION, assert_same_count, page_queries


def texts(meeting, first, second):
    follow_up, item = meeting.items.order_by("number")
    return {follow_up.pk: first, item.pk: second}


def test_saving_minutes_keeps_every_version_and_drafts_the_minutes(pilot, held):
    services.minutes_save(
        actor=pilot,
        meeting=held,
        summary="Séance ouverte à 14 h.",
        texts=texts(held, "RAS", "Premier jet"),
    )
    services.minutes_save(
        actor=pilot,
        meeting=held,
        summary="Séance ouverte à 14 h 05.",
        texts=texts(held, "RAS", "Texte revu"),
    )
    held.refresh_from_db()
    assert held.status == MeetingStatus.MINUTES_DRAFTED
    assert list(held.minutes_versions.values_list("number", flat=True)) == [2, 1]
    assert held.history.filter(to_state=MeetingStatus.MINUTES_DRAFTED).count() == 1


def test_minutes_cannot_be_written_before_the_meeting(pilot, meeting):
    with pytest.raises(ValidationError):
        services.minutes_save(actor=pilot, meeting=meeting, summary="", texts={})
    assert not meeting.minutes_versions.exists()


def test_member_cannot_write_minutes(tactical_member, held):
    with pytest.raises(PermissionDenied):
        services.minutes_save(actor=tactical_member, meeting=held, summary="", texts={})


def test_compare_two_versions_and_restore_one(client, pilot, held):
    services.minutes_save(
        actor=pilot,
        meeting=held,
        summary="",
        texts=texts(held, "", "Le SSIAD présente ses délais."),
    )
    services.minutes_save(
        actor=pilot,
        meeting=held,
        summary="",
        texts=texts(held, "", "Le SSIAD du Lochois présente ses délais."),
    )
    client.force_login(pilot)
    page = client.get(f"/reunions/{held.pk}/compte-rendu/versions/?a=1&b=2").content.decode()
    assert "-Le SSIAD présente ses délais." in page
    assert "+Le SSIAD du Lochois présente ses délais." in page
    response = client.post(f"/reunions/{held.pk}/compte-rendu/versions/1/restaurer/")
    assert response.status_code == 302
    latest = held.minutes_versions.order_by("-number").first()
    assert latest.number == 3
    assert latest.items[1]["text"] == "Le SSIAD présente ses délais."
    assert "version 1" in latest.note


def test_comparing_unknown_versions_is_a_404(client, pilot, held):
    services.minutes_save(actor=pilot, meeting=held, summary="", texts={})
    client.force_login(pilot)
    assert client.get(f"/reunions/{held.pk}/compte-rendu/versions/?a=1&b=7").status_code == 404
    assert client.get(f"/reunions/{held.pk}/compte-rendu/versions/?a=x&b=1").status_code == 200


def test_minutes_life_cycle_and_visibility_by_role(
    client,
    pilot,
    held,
    tactical_member,
    executive,
    tactical_table,
    strategic_table,
    django_capture_on_commit_callbacks,
):
    tactical_table.feeds.add(strategic_table)
    url = f"/reunions/{held.pk}/compte-rendu/"
    services.minutes_save(
        actor=pilot,
        meeting=held,
        summary="Accueil des participants.",
        texts=texts(held, "", "Échanges nourris."),
    )
    for user, status in [(pilot, 200), (tactical_member, 200), (executive, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # The executive follows the tactical table (it feeds theirs) and sees the meeting itself.
    assert client.get(held.get_absolute_url()).status_code == 200
    assert "Échanges nourris" not in client.get(held.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError):
        services.minutes_publish(actor=pilot, meeting=held)
    services.minutes_approve(actor=pilot, meeting=held)
    with pytest.raises(ValidationError):
        services.minutes_save(actor=pilot, meeting=held, summary="", texts={})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(actor=pilot, meeting=held)
    held.refresh_from_db()
    assert held.status == MeetingStatus.PUBLISHED
    assert [m.to for m in mail.outbox] == [[tactical_member.email]]
    client.force_login(executive)
    page = client.get(url).content.decode()
    assert "Échanges nourris" in page
    assert "Présents" in page and "Excusés" in page and "Absents" in page


def test_partner_never_reads_minutes(client, pilot, held, partner):
    services.minutes_save(actor=pilot, meeting=held, summary="", texts={})
    services.minutes_approve(actor=pilot, meeting=held)
    services.minutes_publish(actor=pilot, meeting=held)
    client.force_login(partner)
    assert client.get(f"/reunions/{held.pk}/compte-rendu/").status_code == 404


def test_minutes_page_lists_attendance(client, pilot, held, tactical_member):
    services.minutes_save(actor=pilot, meeting=held, summary="", texts={})
    client.force_login(pilot)
    page = client.get(f"/reunions/{held.pk}/compte-rendu/").content.decode()
    assert tactical_member.get_full_name() in page


def test_minutes_markdown_is_sanitised(client, pilot, held):
    services.minutes_save(
        actor=pilot, meeting=held, summary="**Important** <script>alert(1)</script>", texts={}
    )
    client.force_login(pilot)
    page = client.get(f"/reunions/{held.pk}/compte-rendu/").content.decode()
    assert "<strong>Important</strong>" in page
    assert "<script>alert" not in page


def test_minutes_form_marks_items_dealt_with(client, pilot, held):
    follow_up, item = held.items.order_by("number")
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{held.pk}/compte-rendu/rediger/",
        {
            "summary": "Ouverture",
            f"text_{follow_up.pk}": "",
            f"text_{item.pk}": "Reporté faute de temps",
            f"dealt_{follow_up.pk}": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.dealt_with
    assert held.minutes_versions.get().items[1]["text"] == "Reporté faute de temps"


def test_pdf_of_minutes_and_agenda(client, pilot, held):
    services.minutes_save(
        actor=pilot, meeting=held, summary="Séance consacrée aux sorties d'hôpital.", texts={}
    )
    client.force_login(pilot)
    for url in (f"/reunions/{held.pk}/compte-rendu.pdf", f"/reunions/{held.pk}/ordre-du-jour.pdf"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert len(response.content) > 5000


def test_pdf_of_draft_minutes_is_refused_to_outsiders_of_the_table(
    client, pilot, held, executive, tactical_table, strategic_table
):
    tactical_table.feeds.add(strategic_table)
    services.minutes_save(actor=pilot, meeting=held, summary="", texts={})
    client.force_login(executive)
    assert client.get(f"/reunions/{held.pk}/compte-rendu.pdf").status_code == 403


def test_approval_records_the_meeting_where_the_table_approved(pilot, held, tactical_table):
    from tests.meetings.factories import MeetingFactory

    services.minutes_save(actor=pilot, meeting=held, summary="", texts={})
    following = MeetingFactory(table=tactical_table, starts_at=at(-1), status=MeetingStatus.HELD)
    from meetings.selectors import meeting_following

    assert meeting_following(held) == following
    services.minutes_approve(actor=pilot, meeting=held, at_meeting=following)
    entry = held.history.get(to_state=MeetingStatus.MINUTES_APPROVED)
    assert following.starts_at.strftime("%d/%m/%Y") in entry.reason


def test_minutes_page_query_count_does_not_grow(client, pilot, held):
    from tests.meetings.factories import AgendaItemFactory, DecisionFactory

    client.force_login(pilot)
    minutes, computed, versions = [], [], []
    for start, size in ((0, 2), (2, 6)):
        for i in range(start, start + size):
            AgendaItemFactory(meeting=held, number=10 + i)
            DecisionFactory(meeting=held)
        services.minutes_save(actor=pilot, meeting=held, summary=f"Version {size}", texts={})
        minutes.append(page_queries(client, f"/reunions/{held.pk}/compte-rendu/"))
        computed.append(
            page_queries(client, f"/reunions/{held.pk}/compte-rendu/", renew=EVERY_VERSION)
        )
        versions.append(page_queries(client, f"/reunions/{held.pk}/compte-rendu/versions/"))
    assert_same_count(*minutes)
    assert_same_count(*computed)
    assert_same_count(*versions)
