"""A directory search kept under a name, with what it found when it was last looked at, so that
an alert can say which services entered, left or changed their criteria."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_SAVED_SEARCHES = 50


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        NONE = "none", _("No e-mail")
        IMMEDIATE = "immediate", _("As soon as the results change")
        WEEKLY = "weekly", _("Once a week")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The search's query string, as the directory page reads it (words, facets, age, commune).
    query = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("e-mail alert"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # {service id: fingerprint of its name and criteria} at the last look.
    snapshot = models.JSONField(default=dict, blank=True)
    # Changes seen since the last e-mail, waiting for the weekly digest.
    pending = models.JSONField(default=dict, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("last e-mail at"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_unique_name"),
        ]
        indexes = [models.Index(fields=["frequency"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("alerts:list") + f"#recherche-{self.pk}"

    @property
    def search_url(self) -> str:
        base = reverse("directory:search")
        return f"{base}?{self.query}" if self.query else base
