"""Proposals: the escalation path of dysfunctions from the tactical to the strategic table.

They live in the register because they answer dysfunctions; the register depends on the tables
(meetings), never the other way round."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import TransitionLog
from portal.transitions import Transition, Workflow


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted by the tactical table")
    SUBMITTED = "submitted", _("Submitted to the strategic table")
    SCHEDULED = "scheduled", _("On the strategic agenda")
    REFERRED = "referred", _("Sent up to the regional table")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
    REJECTED = "rejected", pgettext_lazy("proposal", "Rejected")
    DEFERRED = "deferred", _("Deferred")
    IMPLEMENTED = "implemented", _("Implemented")


P = ProposalState

# The strategic table's possible decisions.
DECISION_STATES = (P.APPROVED, P.APPROVED_WITH_CHANGES, P.REJECTED, P.DEFERRED)
# Decided for good: the proposal leaves the agendas to come (a deferred one comes back).
SETTLED_STATES = frozenset({P.APPROVED, P.APPROVED_WITH_CHANGES, P.REJECTED, P.IMPLEMENTED})
# Executives may record their position while the proposal waits for the strategic table.
AWAITING_POSITION_STATES = frozenset({P.SUBMITTED, P.SCHEDULED, P.DEFERRED, P.REFERRED})


class Proposal(models.Model):
    """A change the tactical table asks the strategic table to approve."""

    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(_("rationale"), help_text=_("Markdown is accepted."))
    request = models.TextField(_("what is asked of the strategic table"))
    resources = models.TextField(_("cost or resources needed"), blank=True)
    dysfunctions = models.ManyToManyField(
        "register.Dysfunction",
        verbose_name=_("dysfunctions answered"),
        related_name="proposals",
    )
    tactical_table = models.ForeignKey(
        "meetings.Table",
        verbose_name=_("tactical table"),
        on_delete=models.PROTECT,
        related_name="proposals_prepared",
    )
    strategic_table = models.ForeignKey(
        "meetings.Table",
        verbose_name=_("strategic table"),
        on_delete=models.PROTECT,
        related_name="proposals_received",
        null=True,
        blank=True,
    )
    referred_from = models.ForeignKey(
        "meetings.Table",
        verbose_name=_("sent up by the strategic table"),
        on_delete=models.PROTECT,
        related_name="proposals_referred",
        null=True,
        blank=True,
        help_text=_(
            "The territory's strategic table that sent the proposal up to the regional table "
            "(which is then its strategic table)."
        ),
    )
    state = models.CharField(
        _("state"), max_length=30, choices=ProposalState.choices, default=P.DRAFT
    )
    adopted_in = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("adopted in the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_adopted",
    )
    scheduled_in = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("on the agenda of the strategic meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_scheduled",
    )
    decided_in = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("decided in the strategic meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_decided",
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("decision followed in the decision register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    outcome_vote = models.OneToOneField(
        "meetings.DecisionVote",
        verbose_name=_("vote of the strategic table on the outcome"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agenda_items = GenericRelation(
        "meetings.AgendaItem",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="proposal",
    )
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="proposals_written",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    referred_at = models.DateTimeField(_("sent up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["territory", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "adopted"])
                | models.Q(strategic_table__isnull=False),
                name="proposal_submitted_has_strategic_table",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self):
        return reverse("register:proposal_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"P-{self.pk:03d}" if self.pk else "P-…"

    @property
    def leaves_agendas(self) -> bool:
        """Decided (approved, rejected, implemented): read by the meetings, which no longer
        carry it over to the next agenda and flag its items on agendas still to come."""
        return self.state in SETTLED_STATES


class ProposalEvent(TransitionLog):
    """One line of a proposal's history. Never edited, never deleted."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField(
        _("from"), max_length=30, choices=ProposalState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=30, choices=ProposalState.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("proposal history entry")
        verbose_name_plural = _("proposal history")

    def __str__(self):
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"


# The allowed moves of a proposal, by name. Services move proposals with
# portal.transitions.transition() only.
MANAGE = "register.proposal.manage"
Workflow(
    model=Proposal,
    states=ProposalState,
    log=ProposalEvent,
    subject="proposal",
    transitions=[
        Transition(
            "adopt", frozenset({P.DRAFT}), P.ADOPTED, MANAGE, _("Adopted by the tactical table")
        ),
        Transition(
            "submit", frozenset({P.ADOPTED}), P.SUBMITTED, MANAGE,
            _("Submit to a strategic table"),
        ),
        Transition(
            "schedule", frozenset({P.SUBMITTED, P.DEFERRED, P.REFERRED}), P.SCHEDULED, MANAGE,
            _("Put on the strategic agenda"),
        ),
        # The territory's strategic table, in its meeting, sends the proposal up to the table
        # of its region, which then schedules and decides it like any strategic table.
        Transition(
            "refer_to_region", frozenset({P.SCHEDULED}), P.REFERRED,
            "register.proposal.refer_to_region", _("Send up to the regional table"),
        ),
        Transition("approve", frozenset({P.SCHEDULED}), P.APPROVED, MANAGE, P.APPROVED.label),
        Transition(
            "approve_with_changes", frozenset({P.SCHEDULED}), P.APPROVED_WITH_CHANGES, MANAGE,
            P.APPROVED_WITH_CHANGES.label,
        ),
        Transition("reject", frozenset({P.SCHEDULED}), P.REJECTED, MANAGE, P.REJECTED.label),
        Transition("defer", frozenset({P.SCHEDULED}), P.DEFERRED, MANAGE, P.DEFERRED.label),
        Transition(
            "implement", frozenset({P.APPROVED, P.APPROVED_WITH_CHANGES}), P.IMPLEMENTED, MANAGE,
            _("Implemented"),
        ),
    ],
)  # fmt: skip


class Position(models.TextChoices):
    SUPPORT = "support", _("Support")
    OPPOSE = "oppose", _("Oppose")
    ABSTAIN = "abstain", _("Abstain")


class ExecutivePosition(models.Model):
    """What an executive thinks of a proposal before the meeting. The decision belongs to the
    table; positions inform it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="positions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executive"),
        on_delete=models.CASCADE,
        related_name="proposal_positions",
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    comment = models.TextField(_("comment"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("executive's position")
        verbose_name_plural = _("executives' positions")
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="one_position_per_executive_and_proposal"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_position_display()}"
