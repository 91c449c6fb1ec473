"""Factories for saved searches."""

import factory

from alerts.models import SavedSearch
from tests.factories import UserFactory


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Recherche {n}")
    query = "q=aidants"
    frequency = SavedSearch.Frequency.WEEKLY
