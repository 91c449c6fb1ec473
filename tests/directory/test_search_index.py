"""The search index holds each entry's categories and publics, and follows approved edits: a
word of a category or public finds every service filed under it."""

import pytest

from directory import services
from directory.models import Category
from tests.directory.factories import ServiceFactory, category, public

pytestmark = pytest.mark.django_db


def _found(client, query):
    response = client.get("/annuaire/", {"q": query})
    assert response.status_code == 200
    return {s.pk for s in response.context["result"].page.object_list}


def test_a_category_word_finds_every_service_filed_under_it(client, organisation):
    addiction = Category.objects.filter(label__icontains="addiction").first()
    assert addiction is not None
    filed = []
    for n in range(3):
        service = ServiceFactory(organisation=organisation, name=f"Accueil {n}", live=True)
        service.categories.set([addiction])
        service.save()
        filed.append(service.pk)
    assert _found(client, "addiction") >= set(filed)


def test_a_public_word_finds_every_service_meant_for_it(client, organisation):
    seniors = public("seniors")
    service = ServiceFactory(organisation=organisation, name="Permanence", live=True)
    service.publics.add(seniors)
    service.save()
    word = seniors.label.split()[0]
    assert service.pk in _found(client, word)


def test_an_approved_edit_refreshes_the_index(client, organisation, partner, pilot):
    from tests.directory.factories import ServiceFactory as PublishedServiceFactory

    service = PublishedServiceFactory(
        organisation=organisation,
        name="Point écoute",
        summary="Écoute sans rendez-vous.",
        categories=["famille--soutien-aidants"],
    )
    addiction = Category.objects.filter(label__icontains="addiction").first()
    services.service_propose_changes(
        actor=partner,
        service=service,
        summary="Écoute sans rendez-vous, orientation vers le soin.",
        categories=[category("famille--soutien-aidants"), addiction],
    )
    assert service.pk not in _found(client, "orientation")
    services.service_review(actor=pilot, service=service, approve=True)
    assert service.pk in _found(client, "orientation")
    assert service.pk in _found(client, "addiction")
