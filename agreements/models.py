"""Agreements between organisations (conventions, ententes de service) and the corridors of
referral they set: service A refers this public to service B, by this channel, answered within
N days. An agreement is drafted by the pilot, proposed to a tactical table, adopted by one of its
decisions, then in force until it is reviewed or ended."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Service
from meetings.models import Decision, Table
from portal.models import Territory
from portal.models.transitions import TransitionLog
from portal.transitions import Transition, Workflow

TEXT_LIMIT = 5000


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed to the tactical table")
    ADOPTED = "adopted", _("Adopted")
    IN_FORCE = "in_force", _("In force")
    UNDER_REVIEW = "under_review", _("Under review")
    ENDED = "ended", _("Ended")


# Parties' editors may comment while the text can still change.
OPEN_FOR_COMMENTS = frozenset({AgreementState.DRAFT, AgreementState.PROPOSED})
# Its corridors bind the services.
BINDING = frozenset({AgreementState.IN_FORCE, AgreementState.UNDER_REVIEW})


class AgreementQuerySet(models.QuerySet):
    def binding(self):
        return self.filter(state__in=BINDING)

    def past_review(self, today=None):
        today = today or timezone.localdate()
        return self.binding().filter(review_on__isnull=False, review_on__lte=today)


def signed_document_path(instance, filename):
    return f"agreements/{instance.pk or 'new'}/{filename}"


class Agreement(models.Model):
    State = AgreementState

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="agreements"
    )
    public = models.TextField(_("public and criteria covered"), max_length=TEXT_LIMIT)
    procedure = models.TextField(
        _("referral procedure"), max_length=TEXT_LIMIT, blank=True,
        help_text=_("How a referral is made: form, channel, contacts."),
    )  # fmt: skip
    commitments = models.TextField(_("commitments"), max_length=TEXT_LIMIT, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    review_on = models.DateField(_("to review on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    signed_document = models.FileField(
        _("signed document"), upload_to=signed_document_path, blank=True, max_length=255
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT
    )
    table = models.ForeignKey(
        Table,
        verbose_name=_("tactical table"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("adopted by the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["territory", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_from__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("effective_from")),
                name="agreement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["adopted", "in_force", "under_review"])
                | models.Q(decision__isnull=False),
                name="agreement_adopted_by_a_decision",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"CONV-{self.pk}"

    @property
    def is_past_review(self) -> bool:
        return (
            self.state in BINDING
            and self.review_on is not None
            and self.review_on <= timezone.localdate()
        )


class Corridor(models.Model):
    """One referral path of an agreement."""

    class Channel(models.TextChoices):
        FORM = "form", _("Referral form")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        PLATFORM = "platform", _("Shared platform")
        MEETING = "meeting", _("Coordination meeting")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="corridors"
    )
    from_service = models.ForeignKey(
        Service,
        verbose_name=_("referring service"),
        on_delete=models.PROTECT,
        related_name="corridors_out",
    )
    to_service = models.ForeignKey(
        Service,
        verbose_name=_("receiving service"),
        on_delete=models.PROTECT,
        related_name="corridors_in",
    )
    public = models.CharField(_("public referred"), max_length=300)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    channel_details = models.CharField(
        _("form or contact"), max_length=300, blank=True,
        help_text=_("For example: the liaison form, a phone line for professionals."),
    )  # fmt: skip
    response_days = models.PositiveSmallIntegerField(
        _("answer within (working days)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("corridor")
        verbose_name_plural = _("corridors")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_service=models.F("to_service")),
                name="corridor_between_two_services",
            ),
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="corridor_ages_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.from_service} → {self.to_service}"

    def takes_age(self, age: int | None) -> bool:
        if age is None:
            return True
        if self.age_min is not None and age < self.age_min:
            return False
        return self.age_max is None or age <= self.age_max


class AgreementEvent(TransitionLog):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")


class AgreementComment(models.Model):
    """A party's editor comments on the text before its adoption."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True
    )
    # Empty when the pilot comments.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=TEXT_LIMIT)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("comment on an agreement")
        verbose_name_plural = _("comments on agreements")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.agreement} · {self.created_at:%Y-%m-%d}"


AgreementWorkflow = Workflow(
    model=Agreement,
    states=AgreementState,
    log=AgreementEvent,
    subject="agreement",
    notify="agreements.services.notify_of_event",
    transitions=[
        Transition(
            "propose", frozenset({AgreementState.DRAFT}), AgreementState.PROPOSED,
            "agreements.agreement.manage", _("Propose to the tactical table"),
        ),
        Transition(
            "send_back", frozenset({AgreementState.PROPOSED}), AgreementState.DRAFT,
            "agreements.agreement.manage", _("Back to draft"),
        ),
        Transition(
            "adopt", frozenset({AgreementState.PROPOSED}), AgreementState.ADOPTED,
            "agreements.agreement.manage", _("Record the table's adoption"),
        ),
        Transition(
            "bring_into_force", frozenset({AgreementState.ADOPTED}), AgreementState.IN_FORCE,
            "agreements.agreement.manage", _("Bring into force"),
        ),
        Transition(
            "review", frozenset({AgreementState.IN_FORCE}), AgreementState.UNDER_REVIEW,
            "agreements.agreement.manage", _("Open the review"),
        ),
        Transition(
            "renew", frozenset({AgreementState.UNDER_REVIEW}), AgreementState.IN_FORCE,
            "agreements.agreement.manage", _("Renew"),
        ),
        Transition(
            "end",
            frozenset({AgreementState.DRAFT, AgreementState.PROPOSED, AgreementState.ADOPTED,
                       AgreementState.IN_FORCE, AgreementState.UNDER_REVIEW}),
            AgreementState.ENDED,
            "agreements.agreement.manage", _("End"),
        ),
    ],
)  # fmt: skip
