"""Agenda items of a meeting."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class AgendaItem(models.Model):
    """A numbered item of a meeting's agenda (ordre du jour)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Discussion")
        DECISION = "decision", _("Decision")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=15)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    is_follow_up = models.BooleanField(_("follow-up of earlier decisions"), default=False)
    # What the item is about: a dysfunction, a proposal… (any model, set by the other apps).
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("subject type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("earlier decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    documents = models.ManyToManyField(
        "wagtaildocs.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    dealt_with = models.BooleanField(_("dealt with"), default=False)
    carried_over_to = models.ForeignKey(
        "self",
        verbose_name=_("carried over to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_from",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="unique_agenda_number_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(subject_type__isnull=True, subject_id__isnull=True)
                | Q(subject_type__isnull=False, subject_id__isnull=False),
                name="agenda_item_subject_complete",
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def subject_settled(self) -> bool:
        """The item's subject says it needs no table any more (a dysfunction decided or
        closed, a proposal decided): it is not carried over, and flagged on agendas to come.
        The apps above declare it with a `leaves_agendas` property on their models."""
        return self.subject_id is not None and bool(getattr(self.subject, "leaves_agendas", False))
