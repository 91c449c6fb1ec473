"""Who is convened to a meeting, their answer, and who came."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting
from .tables import Seat


class Attendance(models.Model):
    """A seat's answer to the convocation and its attendance at the meeting."""

    class Answer(models.TextChoices):
        NONE = "none", _("No answer yet")
        COMING = "coming", _("Will come")
        SUBSTITUTE = "substitute", _("Sends their substitute")
        NOT_COMING = "not_coming", _("Will not come")

    class SubstituteAnswer(models.TextChoices):
        NONE = "none", _("No answer yet")
        COMING = "coming", _("Will come")
        NOT_COMING = "not_coming", _("Cannot come")

    class Presence(models.TextChoices):
        UNKNOWN = "unknown", _("Not recorded")
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")
        REPRESENTED = "represented", _("Represented")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="attendances"
    )
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer.choices, default=Answer.NONE
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    # When the member sends their substitute: which one, and what the substitute answered.
    substitute = models.ForeignKey(
        Seat,
        verbose_name=_("substitute sent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stand_ins",
    )
    substitute_answer = models.CharField(
        _("substitute's answer"),
        max_length=20,
        choices=SubstituteAnswer.choices,
        default=SubstituteAnswer.NONE,
    )
    substitute_answered_at = models.DateTimeField(
        _("substitute answered on"), null=True, blank=True
    )
    presence = models.CharField(
        _("attendance"), max_length=20, choices=Presence.choices, default=Presence.UNKNOWN
    )
    represented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("represented by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat"),
            models.CheckConstraint(
                condition=Q(presence="represented") | Q(represented_by__isnull=True),
                name="attendance_representative_only_when_represented",
            ),
            models.CheckConstraint(
                condition=Q(answer="substitute") | Q(substitute__isnull=True),
                name="attendance_substitute_only_when_sent",
            ),
        ]

    def __str__(self):
        return f"{self.seat_id} @ {self.meeting_id}: {self.presence}"
