"""Background work of the portal: sending e-mail."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str | None = None,
    attachments: list[list[str]] | None = None,
    alternatives: list[list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    for content, mimetype in alternatives or []:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message.send()
