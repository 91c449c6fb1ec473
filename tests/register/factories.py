"""Factories for the register's models."""

from datetime import date

import factory
from django.utils import timezone

from register.models import (
    Category,
    Dysfunction,
    DysfunctionAttachment,
    DysfunctionEvent,
    DysfunctionState,
    ExecutivePosition,
    FeedbackAnswer,
    FeedbackRequest,
    MeToo,
    Notification,
    Position,
    Proposal,
    ProposalEvent,
    ProposalState,
)
from tests.factories import CommuneFactory, TableFactory, TerritoryFactory, UserFactory


def category(value="delai-attente"):
    """A category of the starting taxonomy (recreated if a transactional test flushed it)."""
    from register.taxonomy import STARTING_CATEGORIES

    labels = dict(STARTING_CATEGORIES)
    return Category.objects.get_or_create(value=value, defaults={"label": labels[value]})[0]


class CategoryFactory(factory.django.DjangoModelFactory):
    """A category of the register's taxonomy, found by its code."""

    class Meta:
        model = Category
        django_get_or_create = ["value"]

    value = "delai-attente"
    label = "Délai d'attente"
    order = 2


class DysfunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dysfunction

    territory = factory.SubFactory(TerritoryFactory)
    commune = factory.SubFactory(CommuneFactory, territory=factory.SelfAttribute("..territory"))
    title = factory.Sequence(
        lambda n: f"Attente de plusieurs semaines pour un passage infirmier ({n})"
    )
    description = "Une personne âgée sortant d'hospitalisation attend trois semaines un SSIAD."
    observed_on = date(2026, 3, 2)
    category = factory.LazyFunction(category)
    public = "older_people"
    age_band = "75_84"
    situation_count = 2
    severity = "serious"
    filer = factory.SubFactory(UserFactory)
    state = DysfunctionState.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    territory = factory.SubFactory(TerritoryFactory)
    tactical_table = factory.SubFactory(
        TableFactory, territory=factory.SelfAttribute("..territory")
    )
    title = factory.Sequence(lambda n: f"Convention de sortie d'hospitalisation {n}")
    rationale = "Les sorties du vendredi ne sont pas anticipées."
    request = "Valider une convention entre le CHU et les SSIAD."
    created_by = factory.SubFactory(UserFactory)
    state = ProposalState.DRAFT

    @factory.post_generation
    def dysfunctions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.dysfunctions.set(extracted)


class ExecutivePositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExecutivePosition

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
    position = Position.SUPPORT


class DysfunctionAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DysfunctionAttachment

    dysfunction = factory.SubFactory(DysfunctionFactory)
    file = factory.django.FileField(
        filename="compte-rendu-reunion.txt",
        data="Compte rendu anonymisé de la réunion de coordination.".encode(),
    )
    name = "Compte rendu de la réunion de coordination"


class DysfunctionEventFactory(factory.django.DjangoModelFactory):
    """A line of a dysfunction's timeline (append-only: only ever created)."""

    class Meta:
        model = DysfunctionEvent

    dysfunction = factory.SubFactory(DysfunctionFactory)
    actor = factory.LazyAttribute(lambda o: o.dysfunction.filer)
    from_state = DysfunctionState.DRAFT
    to_state = DysfunctionState.SUBMITTED
    reason = "Signalement transmis au pilote du territoire."


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    event = factory.SubFactory(DysfunctionEventFactory)
    recipient = factory.LazyAttribute(lambda o: o.event.dysfunction.filer)


class FeedbackRequestFactory(factory.django.DjangoModelFactory):
    """A question asked to the filer after closure, still unanswered."""

    class Meta:
        model = FeedbackRequest

    dysfunction = factory.SubFactory(
        DysfunctionFactory,
        state=DysfunctionState.CLOSED,
        outcome="Une convention CHU – SSIAD a été signée.",
        closed_at=factory.LazyFunction(timezone.now),
    )
    recipient = factory.LazyAttribute(lambda o: o.dysfunction.filer)
    answer = ""
    answered_at = None

    class Params:
        answered = factory.Trait(
            answer=FeedbackAnswer.PARTLY, answered_at=factory.LazyFunction(timezone.now)
        )


class ProposalEventFactory(factory.django.DjangoModelFactory):
    """A line of a proposal's timeline (append-only: only ever created)."""

    class Meta:
        model = ProposalEvent

    proposal = factory.SubFactory(ProposalFactory)
    actor = factory.LazyAttribute(lambda o: o.proposal.created_by)
    from_state = ""
    to_state = ProposalState.DRAFT
    reason = "Proposition rédigée après la table tactique."


class MeTooFactory(factory.django.DjangoModelFactory):
    """A case manager's situations added to a known dysfunction (« moi aussi »)."""

    class Meta:
        model = MeToo

    dysfunction = factory.SubFactory(DysfunctionFactory, state=DysfunctionState.QUALIFIED)
    filer = factory.SubFactory(UserFactory)
    situation_count = 2
    note = "Même situation constatée à Amboise après une sortie du vendredi."
