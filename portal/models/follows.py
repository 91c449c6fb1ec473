"""Following an object and the notification centre: anyone who may see a followable object
(a dysfunction, a proposal, a decision, a meeting, a service…) follows it and reads, at
/notifications/, what happened to it. The portal knows no domain app: each app declares its
followable models (portal.follows.register_followable) and what happens to them is recorded by
portal.transitions, or by the app itself (portal.follows.notify_followers)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A person follows an object."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("object"))
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("followed since"), default=timezone.now)

    class Meta:
        verbose_name = _("followed object")
        verbose_name_plural = _("followed objects")
        constraints = [
            models.UniqueConstraint(fields=["user", "target_type", "target_id"], name="follow_once")
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.user_id} → {self.target_type_id}:{self.target_id}"


class FollowNotification(models.Model):
    """What happened to an object a person follows: a change of state (the labels are read
    from the object's workflow when shown, in the reader's language) or a note."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="follow_notifications",
    )
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("object"))
    target = GenericForeignKey("target_type", "target_id")
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    text = models.CharField(_("what happened"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.target_type_id}:{self.target_id}"

    @property
    def is_state_change(self) -> bool:
        return bool(self.to_state) and self.from_state != self.to_state
