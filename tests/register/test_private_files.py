"""Register attachments and tables' documents: kept outside the public media, streamed only by
the views that check who may read them, as downloads; limited in size and kind; a long name is
shortened; a failed save leaves nothing on disk."""

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.documents import get_document_model

from meetings import services as meeting_services
from register import services
from register.models import Dysfunction
from tests.meetings.factories import MeetingFactory
from tests.register.test_pages import form_data

pytestmark = pytest.mark.django_db


def _files_under(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def _file(name, content=b"%PDF-1.4 procedure", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type)


def _file_with(name):
    return [p for p in _files_under(settings.PRIVATE_MEDIA_ROOT) if p.read_bytes() == name.encode()]


def test_an_attachment_is_private_unguessable_and_downloaded(client, case_manager, filing):
    client.force_login(case_manager)
    client.post(
        "/registre/nouveau/",
        {**form_data(filing, draft=""), "attachments": _file("procedure-sortie.pdf")},
    )
    attachment = Dysfunction.objects.get().attachments.get()
    stored = Path(attachment.file.path)
    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in stored.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.parents
    # The stored name carries a random part: knowing one file's address gives no other's.
    assert stored.name != "procedure-sortie.pdf" and len(stored.stem) > len("procedure-sortie") + 10
    with pytest.raises(NotImplementedError):
        attachment.file.url  # noqa: B018  (no public address at all)
    response = client.get(f"/registre/{attachment.dysfunction_id}/pieces/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.html", b"<script>alert(1)</script>"),
        ("outil.js", b"alert(1)"),
        ("logo.svg", b"<svg/>"),
    ],
)
def test_pages_and_scripts_are_refused_with_a_clear_message(
    client, case_manager, filing, name, content
):
    client.force_login(case_manager)
    before = _files_under(settings.PRIVATE_MEDIA_ROOT)
    response = client.post(
        "/registre/nouveau/",
        {**form_data(filing, draft=""), "attachments": _file(name, content, "text/html")},
    )
    assert response.status_code == 200
    assert (
        "PDF, une image, un document bureautique ou un fichier texte" in response.content.decode()
    )
    assert not Dysfunction.objects.exists()
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == before


@override_settings(TABLEE_UPLOAD_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused(client, case_manager, filing):
    client.force_login(case_manager)
    response = client.post(
        "/registre/nouveau/",
        {**form_data(filing, draft=""), "attachments": _file("gros.pdf", b"x" * 2048)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "trop volumineux" in page and "1,0" in page
    assert not Dysfunction.objects.exists()


def test_the_size_limit_is_ten_megabytes_by_default():
    assert settings.TABLEE_UPLOAD_MAX_BYTES == 10 * 1024 * 1024


def test_a_254_character_file_name_is_shortened(client, case_manager, filing):
    client.force_login(case_manager)
    name = "c" * 250 + ".pdf"
    response = client.post(
        "/registre/nouveau/", {**form_data(filing, draft=""), "attachments": _file(name)}
    )
    assert response.status_code == 302
    attachment = Dysfunction.objects.get().attachments.get()
    assert attachment.name.endswith(".pdf") and len(attachment.name) <= 200
    assert len(attachment.file.name) <= 100


def test_nothing_is_left_on_disk_when_the_save_fails(case_manager, filing):
    content = "contenu unique de la pièce"
    with mock.patch("register.services.dysfunctions.record", side_effect=RuntimeError("panne")):
        with pytest.raises(RuntimeError):
            services.dysfunction_create(
                filer=case_manager, attachments=[_file("note.txt", content.encode())], **filing
            )
    assert not Dysfunction.objects.exists()
    assert _file_with(content) == []


def test_table_documents_are_private_and_downloaded(client, pilot, tactical_table):
    meeting = MeetingFactory(table=tactical_table)
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/ordre-du-jour/ajouter/",
        {
            "title": "Convention",
            "kind": "information",
            "duration_minutes": 10,
            "upload": _file("convention.pdf"),
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in Path(document.file.path).parents
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_table_document_of_a_refused_kind_is_not_stored(client, pilot, tactical_table):
    meeting = MeetingFactory(table=tactical_table)
    meeting_services.table_collection_ensure(table=tactical_table)
    client.force_login(pilot)
    response = client.post(
        f"/reunions/{meeting.pk}/ordre-du-jour/ajouter/",
        {
            "title": "Page",
            "kind": "information",
            "duration_minutes": 10,
            "upload": _file("page.html", b"<script></script>", "text/html"),
        },
    )
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_the_back_office_refuses_a_page_as_a_document(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": _file("page.html", b"<script></script>", "text/html")},
    )
    assert not get_document_model().objects.exists(), response.status_code


def test_private_files_inside_the_public_media_folder_fail_the_checks(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path, PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        assert "portal.E001" in [e.id for e in run_checks()]
    assert "portal.E001" not in [e.id for e in run_checks()]
