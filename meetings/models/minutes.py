"""Versions of a meeting's minutes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class MinutesVersion(models.Model):
    """One saved version of a meeting's minutes: kept for ever, compared and restored."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="minutes_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    summary = models.TextField(_("introduction"), blank=True)
    # [{"item": pk, "number": 1, "title": "…", "text": "…"}, …] as saved.
    items = models.JSONField(_("items"), default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved on"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="unique_minutes_version_number"
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id} v{self.number}"

    def as_text(self) -> str:
        parts = [self.summary.strip()]
        for entry in self.items:
            parts.append(f"## {entry['number']}. {entry['title']}\n\n{entry['text'].strip()}")
        return "\n\n".join(parts).strip() + "\n"
