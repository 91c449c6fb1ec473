"""Decisions of the tables, their history, and the transition table that moves them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TransitionLog
from portal.transitions import Transition, Workflow

from .agenda import AgendaItem
from .meetings import Meeting


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_DECISION_STATUSES = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)


class DecisionQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status__in=OPEN_DECISION_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.still_open().filter(due_date__lt=today)


class Decision(models.Model):
    """What a table decided, with the person who carries it out and a due date."""

    Status = DecisionStatus

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_decisions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    created_at = models.DateTimeField(_("recorded on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The register's order: its first page is read along this index, not sorted whole.
            models.Index(fields=["due_date", "id"], name="meetings_decision_register"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("meetings:decision_detail", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_DECISION_STATUSES
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class DecisionUpdate(TransitionLog):
    """A decision's history: its status, with the owner's comment as the reason. Never edited,
    never deleted."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="updates"
    )
    # Empty on the entry that records the decision.
    from_state = models.CharField(
        _("from"), max_length=30, choices=DecisionStatus.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=30, choices=DecisionStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("decision update")
        verbose_name_plural = _("decision updates")

    def __str__(self):
        return f"{self.decision_id}: {self.from_state} → {self.to_state}"


D = DecisionStatus
UPDATE_DECISION = "meetings.decision.update"
Workflow(
    model=Decision,
    states=DecisionStatus,
    field="status",
    log=DecisionUpdate,
    subject="decision",
    error_field="status",
    transitions=[
        Transition(
            "progress", frozenset({D.OPEN, D.IN_PROGRESS, D.DONE}), D.IN_PROGRESS,
            UPDATE_DECISION, _("In progress"),
        ),
        Transition(
            "complete", frozenset({D.OPEN, D.IN_PROGRESS}), D.DONE, UPDATE_DECISION, _("Done")
        ),
        Transition(
            "drop", frozenset({D.OPEN, D.IN_PROGRESS}), D.DROPPED, UPDATE_DECISION, _("Drop")
        ),
        Transition("reopen", frozenset({D.DROPPED}), D.OPEN, UPDATE_DECISION, _("Reopen")),
    ],
)  # fmt: skip
