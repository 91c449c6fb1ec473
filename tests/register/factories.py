"""Factories for the register's models."""

from datetime import date

import factory
from django.utils import timezone

from register.models import (
    Category,
    Dysfunction,
    DysfunctionState,
    ExecutivePosition,
    Position,
    Proposal,
    ProposalState,
)
from tests.factories import CommuneFactory, TableFactory, TerritoryFactory, UserFactory


def category(value="delai-attente"):
    """A category of the starting taxonomy (recreated if a transactional test flushed it)."""
    from register.taxonomy import STARTING_CATEGORIES

    labels = dict(STARTING_CATEGORIES)
    return Category.objects.get_or_create(value=value, defaults={"label": labels[value]})[0]


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
