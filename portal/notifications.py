"""The one way the portal sends e-mail: render a plain-text and an HTML body from templates,
then hand the message to a background task once the transaction commits (a refused or rolled
back action sends nothing). Nothing else calls Django's mail functions."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from portal.site import site_url
from portal.tasks import send_email


def notify_by_email(
    *,
    to: list[str] | str,
    template: str,
    context: dict,
    language: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    alternatives: list[tuple[str, str]] | None = None,
) -> None:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` now, in the
    current (or the given) language, and queue the message when the current transaction commits
    (at once outside a transaction). `context` gets `site_url` for absolute links."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    subject, body, html = render_email(template=template, context=context, language=language)
    message = {
        "subject": subject,
        "body": body,
        "html": html,
        "to": recipients,
        "attachments": [list(a) for a in attachments or []],
        "alternatives": [list(a) for a in alternatives or []],
    }
    transaction.on_commit(lambda: send_email.enqueue(**message))


def render_plain_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: an apostrophe stays an apostrophe
    ("d'urgence", not "d&#x27;urgence") in bodies and subjects."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render_email(*, template: str, context: dict, language: str | None = None):
    """The subject (one line), the plain-text body and the HTML body of `template`."""
    context = {"site_url": site_url(), **context}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = " ".join(render_plain_text(f"{template}_subject.txt", context).split())
        body = render_plain_text(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, body, html


def queue_message(message: EmailMessage) -> None:
    """Queue a message that another library rendered (the account e-mails of allauth)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    send_email.enqueue(
        subject=message.subject,
        body=message.body,
        html=html,
        to=list(message.to),
        from_email=message.from_email,
    )
