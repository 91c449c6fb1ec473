"""E-mail leaves through a background task: with the database backend (production), the message
is queued with the state change and sent by the worker."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from portal.markdown import render_markdown
from portal.notifications import notify_by_email
from portal.services import invitation_create
from tests.factories import InvitationFactory

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_task_backend():
    # django-tasks rebuilds its backends when the TASKS setting changes.
    with override_settings(TASKS=DB_TASKS):
        assert type(task_backends["default"]).__name__ == "DatabaseBackend"
        yield


def test_invitation_email_waits_in_the_queue_until_the_worker_runs(
    database_task_backend, pilot, organisation, monkeypatch, django_capture_on_commit_callbacks
):
    already = set(DBTaskResult.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(invited_by=pilot, email="file@exemple.fr", organisation=organisation)
    assert mail.outbox == []
    queued = DBTaskResult.objects.exclude(pk__in=already).get()
    assert queued.task_path == "portal.tasks.send_email"
    assert queued.args_kwargs["kwargs"]["to"] == ["file@exemple.fr"]

    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    # The worker closes its connections between tasks; inside the test's transaction it must not.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert ["file@exemple.fr"] in [m.to for m in mail.outbox]


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "## Ordre du jour\n\n- **Point 1**\n\n<script>alert(1)</script>[lien](javascript:alert(1))"
    )
    assert "<h2>Ordre du jour</h2>" in html
    assert "<strong>Point 1</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def _invitation_email(invitation, *, language=None):
    notify_by_email(
        to=invitation.email,
        template="portal/email/invitation",
        context={"invitation": invitation, "accept_path": "/comptes/invitation/x/"},
        language=language,
    )


@pytest.mark.parametrize(("language", "hello"), [("fr", "Bonjour"), ("en", "Hello")])
def test_html_email_declares_the_language_it_is_written_in(
    db, language, hello, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation_email(InvitationFactory(), language=language)
    html = mail.outbox[-1].alternatives[0][0]
    assert f'<html lang="{language}">' in html
    assert hello in html and hello in mail.outbox[-1].body


def test_no_email_leaves_for_an_action_that_is_rolled_back(db, django_capture_on_commit_callbacks):
    invitation = InvitationFactory()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with pytest.raises(RuntimeError), transaction.atomic():
            _invitation_email(invitation)
            raise RuntimeError("the action fails after the e-mail was prepared")
    assert queued == []
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True) as queued:
        _invitation_email(invitation)
    assert len(queued) == 1
    assert [m.to for m in mail.outbox] == [[invitation.email]]
