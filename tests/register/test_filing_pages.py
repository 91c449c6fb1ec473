"""The filer's pages: completing a dysfunction after the pilot's question, attachments."""

from django.core.files.uploadedfile import SimpleUploadedFile

from register import services
from register.models import Dysfunction, DysfunctionState
from tests.register.test_pages import form_data

S = DysfunctionState


def test_filer_answers_the_pilots_question_and_sends_it_again(
    client, case_manager, pilot, filing, django_capture_on_commit_callbacks
):
    d = services.dysfunction_create(filer=case_manager, submit=True, **filing)
    services.dysfunction_request_information(
        dysfunction=d, actor=pilot, reason="Combien de situations depuis janvier ?"
    )
    client.force_login(case_manager)
    page = client.get(d.get_absolute_url()).content.decode()
    assert "Combien de situations depuis janvier ?" in page
    assert f"/registre/{d.pk}/modifier/" in page
    response = client.post(
        f"/registre/{d.pk}/modifier/", form_data(filing, situation_count=6, submit="")
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.state, d.situation_count) == (S.SUBMITTED, 6)


def test_others_cannot_edit_a_dysfunction(client, case_manager, partner, filing):
    d = services.dysfunction_create(filer=case_manager, **filing)
    client.force_login(partner)
    assert client.get(f"/registre/{d.pk}/modifier/").status_code == 404  # a draft is private


def test_attachment_named_after_a_patient_is_refused_and_nothing_saved(
    client, case_manager, filing
):
    client.force_login(case_manager)
    upload = SimpleUploadedFile("courrier Mme Dupont.pdf", b"%PDF-1.4", "application/pdf")
    response = client.post(
        "/registre/nouveau/", {**form_data(filing, draft=""), "attachments": upload}
    )
    assert response.status_code == 200
    assert "Mme Dupont" in response.content.decode()
    assert not Dysfunction.objects.exists()


def test_attachment_is_kept_with_the_dysfunction(client, case_manager, filing):
    client.force_login(case_manager)
    upload = SimpleUploadedFile("procedure-sortie-chu.pdf", b"%PDF-1.4", "application/pdf")
    client.post("/registre/nouveau/", {**form_data(filing, draft=""), "attachments": upload})
    d = Dysfunction.objects.get()
    assert [a.name for a in d.attachments.all()] == ["procedure-sortie-chu.pdf"]
    assert "procedure-sortie-chu.pdf" in client.get(d.get_absolute_url()).content.decode()
    attachment = d.attachments.get()
    url = f"/registre/{d.pk}/pieces/{attachment.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_attachment_is_not_served_to_those_who_do_not_see_the_dysfunction(
    client, case_manager, partner, filing
):
    upload = SimpleUploadedFile("procedure.pdf", b"%PDF-1.4", "application/pdf")
    d = services.dysfunction_create(filer=case_manager, attachments=[upload], **filing)
    attachment = d.attachments.get()
    client.force_login(partner)  # a draft is its filer's only
    assert client.get(f"/registre/{d.pk}/pieces/{attachment.pk}/").status_code == 404
    client.force_login(case_manager)
    assert client.get(f"/registre/{d.pk}/pieces/{attachment.pk + 1}/").status_code == 404
