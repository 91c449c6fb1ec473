"""Factories for agreements."""

import factory

from agreements.models import Agreement, AgreementComment, AgreementEvent, Corridor
from tests.directory.factories import ServiceFactory
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    """A draft agreement (move it with the services to reach another state)."""

    class Meta:
        model = Agreement

    territory = factory.SubFactory(TerritoryFactory)
    title = factory.Sequence(lambda n: f"Convention de sortie d'hospitalisation {n}")
    public = "Personnes de 75 ans et plus rentrant à domicile."
    procedure = "Fiche de liaison envoyée la veille de la sortie."
    commitments = "Réponse sous deux jours ouvrés."
    created_by = factory.SubFactory(UserFactory)


class CorridorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Corridor

    agreement = factory.SubFactory(AgreementFactory)
    from_service = factory.SubFactory(ServiceFactory)
    to_service = factory.SubFactory(ServiceFactory)
    public = "personnes de 75 ans et plus"
    channel = Corridor.Channel.FORM
    channel_details = "fiche de liaison"
    response_days = 2


class AgreementEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementEvent

    agreement = factory.SubFactory(AgreementFactory)
    actor = factory.SubFactory(UserFactory)
    from_state = ""
    to_state = Agreement.State.DRAFT
    reason = "Convention rédigée"


class AgreementCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementComment

    agreement = factory.SubFactory(AgreementFactory)
    author = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    text = "Le délai de deux jours nous paraît tenable en semaine seulement."
