"""The vote a table took on a decision: counts of the voices, or each present seat's voice,
with the quorum as it stood when the vote was recorded."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attendance import Attendance
from .decisions import Decision
from .meetings import Meeting


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstention")


class DecisionVote(models.Model):
    """How the table voted in a meeting: on one of its decisions, or on an outcome that opens
    none (a proposal rejected or deferred: the register points to the vote). `present` and
    `quorum_required` keep the attendance and the quorum the vote was checked against, so the
    minutes read the same later."""

    class Method(models.TextChoices):
        COUNTS = "counts", _("Counts of the voices")
        SEATS = "seats", _("Each seat's voice")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="votes"
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="vote",
    )
    method = models.CharField(_("how the vote is recorded"), max_length=10, choices=Method.choices)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    present = models.PositiveSmallIntegerField(_("member seats present or represented"))
    quorum_required = models.PositiveSmallIntegerField(_("quorum required"), default=0)
    recorded_at = models.DateTimeField(_("recorded on"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(present__gte=F("votes_for") + F("votes_against") + F("abstentions")),
                name="vote_no_more_voices_than_seats_present",
            ),
            models.CheckConstraint(
                condition=Q(present__gte=F("quorum_required")),
                name="vote_only_with_quorum",
            ),
        ]

    def __str__(self):
        counts = f"{self.votes_for}/{self.votes_against}/{self.abstentions}"
        return f"{self.meeting_id}/{self.decision_id}: {counts}"

    @property
    def voices(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions

    @property
    def carried(self) -> bool:
        """A simple majority of the voices expressed (abstentions are not expressed)."""
        return self.votes_for > self.votes_against


class SeatVote(models.Model):
    """One present member seat's voice; a represented seat votes through its representative
    (the substitute who stands in for it)."""

    vote = models.ForeignKey(
        DecisionVote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="seat_votes"
    )
    attendance = models.ForeignKey(
        Attendance, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    choice = models.CharField(_("voice"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("seat's voice")
        verbose_name_plural = _("seats' voices")
        constraints = [
            models.UniqueConstraint(fields=["vote", "attendance"], name="one_voice_per_seat"),
        ]

    def __str__(self):
        return f"{self.attendance_id}: {self.choice}"
