"""E-mail leaves through a background task: with the database backend (production), the message
is queued with the state change and sent by the worker."""

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from portal.markdown import render_markdown
from portal.services import invitation_create

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_task_backend():
    # django-tasks rebuilds its backends when the TASKS setting changes.
    with override_settings(TASKS=DB_TASKS):
        assert type(task_backends["default"]).__name__ == "DatabaseBackend"
        yield


def test_invitation_email_waits_in_the_queue_until_the_worker_runs(
    database_task_backend, pilot, organisation, monkeypatch
):
    already = set(DBTaskResult.objects.values_list("pk", flat=True))
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
