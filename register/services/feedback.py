"""Feedback from the field once a dysfunction is closed, and the in-portal notifications."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.selectors import territory_pilots_emails
from portal.notifications import notify_by_email
from portal.transitions import record

from ..models import (
    Dysfunction,
    FeedbackAnswer,
    FeedbackRequest,
    Notification,
)
from .checks import S, _recipients, feedback_delay


def feedback_request_due(*, now=None) -> list[FeedbackRequest]:
    """Ask the filers of dysfunctions closed long enough ago whether things changed. Each filer
    is asked once per dysfunction; running it again sends nothing new."""
    now = now or timezone.now()
    # Only the dysfunctions where someone is still to be asked: the daily run reads what it
    # sends, not the whole history of closed dysfunctions.
    asked = FeedbackRequest.objects.filter(dysfunction=OuterRef("pk"), recipient=OuterRef("filer"))
    duplicate_not_asked = Dysfunction.objects.filter(
        merged_into=OuterRef("pk"), filer__isnull=False
    ).exclude(
        Exists(
            FeedbackRequest.objects.filter(
                dysfunction=OuterRef(OuterRef("pk")), recipient=OuterRef("filer")
            )
        )
    )
    due = Dysfunction.objects.filter(
        (~Exists(asked) & Q(filer__isnull=False)) | Exists(duplicate_not_asked),
        state=S.CLOSED,
        closed_at__lte=now - feedback_delay(),
    )
    created = []
    for dysfunction in due.select_related("filer"):
        for person in _recipients(dysfunction):
            with transaction.atomic():
                request, made = FeedbackRequest.objects.get_or_create(
                    dysfunction=dysfunction, recipient=person, defaults={"requested_at": now}
                )
                if made:
                    created.append(request)
                    transaction.on_commit(
                        lambda request=request: notify_by_email(
                            to=request.recipient.email,
                            template="register/email/feedback_request",
                            context={
                                "request": request,
                                "dysfunction": request.dysfunction,
                                "answers": _signed_answers(request),
                            },
                        )
                    )
    return created


def _signed_answers(request) -> list[tuple[str, str]]:
    from django.urls import reverse

    from ..feedback import feedback_token

    return [
        (
            label,
            reverse("register:feedback_answer", args=[feedback_token(request.pk, value)]),
        )
        for value, label in FeedbackAnswer.choices
    ]


@transaction.atomic
def feedback_answer(*, request_id: int, answer: str) -> FeedbackRequest:
    """The filer confirmed their answer (the link in the e-mail only opens the page that asks
    to confirm it, so a mail scanner following links answers nothing). A later answer replaces
    the first. "Nothing changed" reaches the territory's pilots by e-mail and stays on their
    landing page until they reopen the matter."""
    if answer not in FeedbackAnswer.values:
        raise ValidationError(_("This answer is not one of those offered."))
    request = (
        FeedbackRequest.objects.select_for_update().select_related("dysfunction").get(pk=request_id)
    )
    previous = request.answer
    request.answer = answer
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    record(
        request.dysfunction,
        actor=request.recipient,
        reason=_("Feedback from the field: %(answer)s.") % {"answer": FeedbackAnswer(answer).label},
        notify=False,
    )
    if answer == FeedbackAnswer.NO and previous != FeedbackAnswer.NO:
        dysfunction = request.dysfunction
        notify_by_email(
            to=territory_pilots_emails(dysfunction.territory_id),
            template="register/email/feedback_nothing_changed",
            context={"dysfunction": dysfunction},
        )
    return request


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
