"""What travels back to the filer: in-portal notifications and the feedback asked after closure."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A line in a person's in-portal list: a change on a dysfunction they filed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="register_notifications",
    )
    event = models.ForeignKey(
        "register.DysfunctionEvent",
        verbose_name=_("change"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], name="one_notification_per_recipient_and_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.recipient} — {self.event}"


class FeedbackAnswer(models.TextChoices):
    YES = "yes", _("Yes, things changed")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No, nothing changed")
    TOO_EARLY = "too_early", _("Too early to say")


class FeedbackRequest(models.Model):
    """Some weeks after closure, the filer is asked whether the decision changed things."""

    dysfunction = models.ForeignKey(
        "register.Dysfunction",
        verbose_name=_("dysfunction"),
        on_delete=models.CASCADE,
        related_name="feedback_requests",
    )
    # Empty once the person is detached (erasure, retention): the answer still counts.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="register_feedback_requests",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    answer = models.CharField(
        _("answer"), max_length=20, choices=FeedbackAnswer.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dysfunction", "recipient"], name="one_feedback_request_per_filer"
            ),
            models.CheckConstraint(
                condition=models.Q(answer="", answered_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="feedback_answer_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.dysfunction} — {self.recipient}"
