"""Factories for the foundation's models; each app's own live in tests/<app>/factories.py."""

from datetime import date, timedelta

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from django.utils.text import slugify

from directory.models import Membership, Organisation
from meetings.models import Seat, Table
from portal.demo import DEMO_PASSWORD
from portal.models import (
    Commune,
    DataVersion,
    Follow,
    FollowNotification,
    Invitation,
    Region,
    RegionalCoordinator,
    Territory,
    TerritoryPilot,
    User,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Iterator(["Claire", "Mehdi", "Anne", "Thomas", "Lucie", "Karim"])
    last_name = factory.Iterator(["Fontaine", "Durand", "Leroy", "Bernard", "Morel", "Girard"])
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def enable_mfa(user) -> str:
    """Turn on TOTP for `user` as the MFA pages would; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Région {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    insee_code = factory.Sequence(lambda n: f"{37000 + n % 1000:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postal_code = "37000"
    territory = factory.SubFactory(TerritoryFactory)


class TerritoryPilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritoryPilot

    territory = factory.SubFactory(TerritoryFactory)
    user = factory.SubFactory(UserFactory)


class RegionalCoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalCoordinator

    region = factory.SubFactory(RegionFactory)
    user = factory.SubFactory(UserFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"CCAS numéro {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.CCAS
    territory = factory.SubFactory(TerritoryFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.STAFF
    can_edit_directory = False


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    name = factory.Sequence(lambda n: f"Table tactique {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Table.Kind.TACTICAL
    territory = factory.SubFactory(TerritoryFactory)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    table = factory.SubFactory(TableFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, territory=factory.SelfAttribute("..table.territory")
    )
    kind = Seat.Kind.MEMBER
    start_date = date(2025, 1, 1)


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation to join an organisation as staff, valid for a fortnight."""

    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invite{n}@exemple.fr")
    first_name = factory.Iterator(["Sophie", "Julien", "Nadia", "Pierre"])
    last_name = factory.Iterator(["Lambert", "Rousseau", "Benali", "Marchand"])
    organisation = factory.SubFactory(OrganisationFactory)
    membership_role = Invitation.MembershipRole.STAFF
    invited_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(days=14))


class FollowFactory(factory.django.DjangoModelFactory):
    """A person following an object (here a table of their territory)."""

    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    target = factory.SubFactory(TableFactory)


class FollowNotificationFactory(factory.django.DjangoModelFactory):
    """What a follower is told: a table's object moved from one state to another."""

    class Meta:
        model = FollowNotification

    recipient = factory.SubFactory(UserFactory)
    target = factory.SubFactory(TableFactory)
    text = "Compte rendu approuvé à la séance suivante."


class DataVersionFactory(factory.django.DjangoModelFactory):
    """The version token of a kind of data (portal.versions writes them; a token per name)."""

    class Meta:
        model = DataVersion
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"data-{n}")
