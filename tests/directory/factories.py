"""Factories for the directory's models."""

from datetime import time

import factory
from django.utils import timezone
from django.utils.text import slugify

from directory.models import (
    Category,
    Condition,
    CorrectionSuggestion,
    Location,
    OrganisationIdentifier,
    Public,
    Service,
    ServiceArea,
    ServiceLanguage,
    ServicePhone,
    ServiceSchedule,
)
from tests.factories import OrganisationFactory, UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    """A thématique, found by its data·inclusion value (the reference lists are seeded)."""

    class Meta:
        model = Category
        django_get_or_create = ["value"]

    value = "sante--soins-a-domicile"
    label = "Soins à domicile"
    group = "Santé"


class PublicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Public
        django_get_or_create = ["value"]

    value = "personnes-en-situation-de-handicap"
    label = "Personnes en situation de handicap"


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["value"]

    value = "prescription-medicale"
    label = "Prescription médicale"


def category(value: str) -> Category:
    return Category.objects.get(value=value)


def public(value: str) -> Public:
    return Public.objects.get(value=value)


def condition(value: str) -> Condition:
    return Condition.objects.get(value=value)


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published, recently verified service."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Accueil de jour {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "Accueil et accompagnement des personnes âgées."
    description = "Le service accueille les personnes en journée."
    live = True
    last_verified_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set([category(v) if isinstance(v, str) else v for v in extracted])

    @factory.post_generation
    def publics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.publics.set([public(v) if isinstance(v, str) else v for v in extracted])

    @factory.post_generation
    def communes_served(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.communes_served.set(extracted)

    @factory.post_generation
    def required_conditions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.required_conditions.set(
                [condition(v) if isinstance(v, str) else v for v in extracted]
            )

    @factory.post_generation
    def reindex(obj, create, extracted, **kwargs):
        # The search document includes the categories and publics set above.
        if create:
            obj.save()


class CorrectionSuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectionSuggestion

    service = factory.SubFactory(ServiceFactory)
    author = factory.SubFactory(UserFactory)
    text = "Les horaires ont changé : l'accueil est désormais ouvert le samedi matin."


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Maison des solidarités"
    address_1 = "12 rue Nationale"
    postal_code = "37000"
    city = "Tours"
    latitude = 47.3941
    longitude = 0.6848


class ServicePhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePhone

    service = factory.SubFactory(ServiceFactory)
    number = "02 47 00 00 10"
    extension = 12
    type = "voice"
    description = "Secrétariat"


class ServiceScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceSchedule

    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    byday = "MO,TU,TH"
    opens_at = time(9, 0)
    closes_at = time(12, 30)


class ServiceLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLanguage

    service = factory.SubFactory(ServiceFactory)
    code = "fr"
    name = "français"


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    service = factory.SubFactory(ServiceFactory)
    name = "Quartier du Sanitas"


class OrganisationIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationIdentifier

    organisation = factory.SubFactory(OrganisationFactory)
    scheme = "FR-FINESS"
    type = "FINESS"
    identifier = "370000000"
