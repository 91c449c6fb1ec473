"""Dysfunctions (service gaps seen in the field), their categories, attachments and history."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TransitionLog
from portal.transitions import Transition, Workflow


class Category(models.Model):
    """A kind of dysfunction (a small reference list, editable by the administrator)."""

    value = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered when filing"), default=True)

    class Meta:
        verbose_name = _("dysfunction category")
        verbose_name_plural = _("dysfunction categories")
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class DysfunctionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    QUALIFIED = "qualified", _("Qualified")
    MERGED = "merged", _("Merged into another")
    REJECTED = "rejected", _("Rejected")
    SCHEDULED = "scheduled", _("On a tactical agenda")
    ESCALATED = "escalated", _("Carried by a proposal")
    DECIDED = "decided", _("Decided")
    IMPLEMENTING = "implementing", _("Being implemented")
    CLOSED = "closed", _("Closed")


S = DysfunctionState

# Settled: nothing more for a table to discuss; the dysfunction leaves the agendas to come.
SETTLED_STATES = frozenset({S.MERGED, S.REJECTED, S.DECIDED, S.IMPLEMENTING, S.CLOSED})

# What the tables and the territory's partners see: the register as the pilot publishes it,
# that is every dysfunction the pilot has qualified.
PUBLISHED_STATES = frozenset(
    {S.QUALIFIED, S.SCHEDULED, S.ESCALATED, S.DECIDED, S.IMPLEMENTING, S.CLOSED}
)
# Known to the tables and not closed yet: a case manager may add their situations (« me too »).
ME_TOO_STATES = PUBLISHED_STATES - {S.CLOSED}
# Waiting for the pilot.
TRIAGE_STATES = frozenset({S.SUBMITTED})
# The filer may still edit.
EDITABLE_STATES = frozenset({S.DRAFT, S.INFORMATION_REQUESTED})


class Public(models.TextChoices):
    OLDER_PEOPLE = "older_people", _("Older people")
    DISABLED_ADULTS = "disabled_adults", _("Adults with a disability")
    CHILDREN = "children", _("Children and young people")
    PRECARIOUS = "precarious", _("People in a precarious situation")
    CHRONIC = "chronic", _("People with a chronic illness")
    CARERS = "carers", _("Carers")
    ALL = "all", _("All publics")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18_TO_59 = "18_59", _("18 to 59")
    FROM_60_TO_74 = "60_74", _("60 to 74")
    FROM_75_TO_84 = "75_84", _("75 to 84")
    FROM_85 = "85_plus", _("85 and over")
    ALL = "all", _("All ages")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor: an inconvenience")
    MODERATE = "moderate", _("Moderate: a delay or a detour")
    SERIOUS = "serious", _("Serious: a loss of chance or a break in care")
    CRITICAL = "critical", _("Critical: a danger for the person")


class DysfunctionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state__in=PUBLISHED_STATES)


class Dysfunction(models.Model):
    """A failure of the network observed in the field. It describes a situation, never a person."""

    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="dysfunctions",
    )
    commune = models.ForeignKey(
        "portal.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="dysfunctions",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("what happened"),
        help_text=_("Describe the situation, never the person. Markdown is accepted."),
    )
    observed_on = models.DateField(_("date observed"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="dysfunctions",
    )
    services = models.ManyToManyField(
        "directory.Service",
        verbose_name=_("services involved"),
        related_name="dysfunctions",
        blank=True,
    )
    organisations = models.ManyToManyField(
        "directory.Organisation",
        verbose_name=_("organisations involved"),
        related_name="dysfunctions",
        blank=True,
    )
    corridor = models.ForeignKey(
        "agreements.Corridor",
        verbose_name=_("corridor concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dysfunctions",
        help_text=_("When the gap is in a referral an agreement settles."),
    )
    public = models.CharField(_("public concerned"), max_length=30, choices=Public.choices)
    age_band = models.CharField(_("age band"), max_length=20, choices=AgeBand.choices)
    situation_count = models.PositiveIntegerField(
        _("how many situations"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many situations you know of where this happened."),
    )
    severity = models.CharField(_("impact"), max_length=20, choices=Severity.choices)
    workaround = models.TextField(_("workaround used"), blank=True)
    suggestion = models.TextField(_("what would solve it"), blank=True)
    # Empty once the filer's account is erased or the retention period after closure has
    # passed (register_detach_filers): the dysfunction stays, without the link to a person.
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dysfunctions_filed",
    )
    state = models.CharField(
        _("state"), max_length=30, choices=DysfunctionState.choices, default=S.DRAFT
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_dysfunctions",
    )
    reopened_from = models.ForeignKey(
        "self",
        verbose_name=_("recurrence of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recurrences",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("decision followed in the decision register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dysfunctions",
    )
    # The agenda items of the tables' meetings that are about this dysfunction.
    agenda_items = GenericRelation(
        "meetings.AgendaItem",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="dysfunction",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = DysfunctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("dysfunction")
        verbose_name_plural = _("dysfunctions")
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["territory", "state"]),
            models.Index(fields=["filer", "state"]),
            # A filer's newest, for their landing page: a case manager files thousands.
            models.Index(fields=["filer", "-updated_at", "-id"], name="dysfunction_filer_newest"),
            models.Index(fields=["submitted_at"]),
            # What the retention command still has to detach, and only that.
            models.Index(
                fields=["state", "closed_at"],
                condition=models.Q(filer__isnull=False),
                name="dysfunction_filer_to_detach",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="merged", merged_into__isnull=False)
                | (~models.Q(state="merged") & models.Q(merged_into__isnull=True)),
                name="dysfunction_merged_iff_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="dysfunction_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(submitted_at__isnull=False),
                name="dysfunction_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(situation_count__gte=1),
                name="dysfunction_at_least_one_situation",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self):
        return reverse("register:dysfunction_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"D-{self.pk:04d}" if self.pk else "D-…"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_published(self) -> bool:
        return self.state in PUBLISHED_STATES

    @property
    def leaves_agendas(self) -> bool:
        """Settled (decided, closed, rejected, merged…): read by the meetings, which no longer
        carry it over to the next agenda and flag its items on agendas still to come."""
        return self.state in SETTLED_STATES


def attachment_path(instance, filename):
    return f"register/{instance.dysfunction_id}/{filename}"


class DysfunctionAttachment(models.Model):
    """A document that helps understand the dysfunction (never one with personal data)."""

    dysfunction = models.ForeignKey(
        Dysfunction,
        verbose_name=_("dysfunction"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class DysfunctionEvent(TransitionLog):
    """One line of a dysfunction's timeline: who moved it, when, from which state to which, why.
    Never edited, never deleted."""

    dysfunction = models.ForeignKey(
        Dysfunction,
        verbose_name=_("dysfunction"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    from_state = models.CharField(
        _("from"), max_length=30, choices=DysfunctionState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=30, choices=DysfunctionState.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("dysfunction history entry")
        verbose_name_plural = _("dysfunction history")
        indexes = [models.Index(fields=["dysfunction", "at"])]

    def __str__(self):
        return f"{self.dysfunction_id}: {self.from_state} → {self.to_state}"


# --- life cycle ----------------------------------------------------------------------------
# The allowed moves of a dysfunction, by name: from which states, to which, under which rule.
# Services move dysfunctions with portal.transitions.transition() only.


def _stamp(dysfunction, move, now, from_state):
    """The dates that go with entering a state."""
    dysfunction.updated_at = now
    if from_state == move.target:
        return
    if move.target == S.SUBMITTED and dysfunction.submitted_at is None:
        dysfunction.submitted_at = now
    if move.target == S.DECIDED:
        dysfunction.decided_at = now
    if move.target == S.CLOSED:
        dysfunction.closed_at = now


SUBMIT, TRIAGE = "register.dysfunction.submit", "register.dysfunction.triage"
BEFORE_THE_TABLES = frozenset({S.SUBMITTED, S.INFORMATION_REQUESTED, S.QUALIFIED})
Workflow(
    model=Dysfunction,
    states=DysfunctionState,
    log=DysfunctionEvent,
    subject="dysfunction",
    prepare=_stamp,
    notify="register.services.checks.tell_filers",
    transitions=[
        Transition(
            "submit", frozenset({S.DRAFT, S.INFORMATION_REQUESTED}), S.SUBMITTED, SUBMIT,
            _("Submit to the pilot"),
        ),
        Transition(
            "qualify", frozenset({S.SUBMITTED}), S.QUALIFIED, TRIAGE,
            _("Qualify and publish to the tables"),
        ),
        Transition(
            "request_information", frozenset({S.SUBMITTED}), S.INFORMATION_REQUESTED, TRIAGE,
            _("Ask the filer for more information"),
        ),
        Transition(
            "merge", BEFORE_THE_TABLES, S.MERGED, TRIAGE, _("Merge into another dysfunction")
        ),
        Transition("reject", BEFORE_THE_TABLES, S.REJECTED, TRIAGE, _("Reject")),
        Transition(
            "schedule", frozenset({S.QUALIFIED}), S.SCHEDULED, TRIAGE,
            _("Put on a tactical meeting's agenda"),
        ),
        Transition(
            "escalate", frozenset({S.QUALIFIED, S.SCHEDULED}), S.ESCALATED, TRIAGE,
            _("Carried by a proposal"),
        ),
        # Solving at the tactical level follows the tactical meeting.
        Transition(
            "solve", frozenset({S.SCHEDULED}), S.DECIDED, TRIAGE,
            _("Solved at the tactical level"),
        ),
        Transition(
            "decide", frozenset({S.ESCALATED}), S.DECIDED, TRIAGE,
            _("Decided by the strategic table"),
        ),
        # A proposal rejected by the strategic table sends its dysfunctions back to the pilot.
        Transition(
            "send_back", frozenset({S.SCHEDULED, S.ESCALATED}), S.QUALIFIED, TRIAGE,
            _("Back to the pilot"),
        ),
        Transition(
            "start_implementation", frozenset({S.DECIDED}), S.IMPLEMENTING, TRIAGE,
            _("Implementation started"),
        ),
        Transition(
            "close", frozenset({S.DECIDED, S.IMPLEMENTING}), S.CLOSED, TRIAGE, _("Close")
        ),
        # The closed one stays closed; the matter opens again as a new, linked dysfunction.
        Transition(
            "reopen", frozenset({S.CLOSED}), S.CLOSED, TRIAGE, _("Reopen as a new dysfunction")
        ),
    ],
)  # fmt: skip
