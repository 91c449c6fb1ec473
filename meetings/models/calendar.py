"""The secret addresses of calendar feeds: each person's, and each table's."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in the address of a person's calendar feed; regenerating it revokes the old
    address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(self.user)


class TableCalendarToken(models.Model):
    """The secret in the address of a table's full calendar feed (places, video links, agendas),
    shown to the table's members and pilots; the pilot renews it, which revokes the old
    address. The table's public address, if the table publishes, carries dates and titles
    only."""

    table = models.OneToOneField(
        "meetings.Table",
        verbose_name=_("table"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    class Meta:
        verbose_name = _("table calendar token")
        verbose_name_plural = _("table calendar tokens")

    def __str__(self):
        return str(self.table)
