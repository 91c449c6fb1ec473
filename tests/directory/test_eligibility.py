"""Who takes whom: the eligibility answer with its reasons, as a pure function and on the
search page."""

import pytest

from directory.eligibility import (
    EligibilityAnswer,
    Person,
    ServiceCriteria,
    eligibility,
    eligibility_of,
    eligible_filter,
)
from directory.models import Service
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory, TerritoryFactory

TOURS, CHINON, BOURGES = 1, 2, 3
TOURAINE, BERRY = 10, 20


def person(**kwargs):
    defaults = {"age": 70, "commune_id": TOURS, "commune_territory_id": TOURAINE}
    return Person(**(defaults | kwargs))


def test_a_service_without_criteria_takes_everyone():
    criteria = ServiceCriteria(serves_whole_territory=True, territory_id=TOURAINE)
    assert eligibility(criteria, person()) == EligibilityAnswer(eligible=True)


@pytest.mark.parametrize(
    "criteria, who, reasons",
    [
        (
            ServiceCriteria(age_min=60, commune_ids=frozenset({TOURS})),
            person(age=45),
            ["âge minimum 60 ans"],
        ),
        (
            ServiceCriteria(age_max=25, commune_ids=frozenset({TOURS})),
            person(age=30),
            ["âge maximum 25 ans"],
        ),
        (ServiceCriteria(commune_ids=frozenset({CHINON})), person(), ["commune non desservie"]),
        (
            ServiceCriteria(serves_whole_territory=True, territory_id=TOURAINE),
            person(commune_id=BOURGES, commune_territory_id=BERRY),
            ["commune non desservie"],
        ),
        (
            ServiceCriteria(referral_required=True, commune_ids=frozenset({TOURS})),
            person(),
            ["sur orientation d'un professionnel uniquement"],
        ),
        (
            ServiceCriteria(age_min=60, referral_required=True, commune_ids=frozenset({CHINON})),
            person(age=20),
            [
                "âge minimum 60 ans",
                "commune non desservie",
                "sur orientation d'un professionnel uniquement",
            ],
        ),
    ],
)
def test_each_exclusion_gives_its_reason(criteria, who, reasons):
    answer = eligibility(criteria, who)
    assert not answer.eligible
    assert list(answer.reasons) == reasons


def test_bounds_are_inclusive():
    criteria = ServiceCriteria(age_min=60, age_max=75, commune_ids=frozenset({TOURS}))
    assert eligibility(criteria, person(age=60)).eligible
    assert eligibility(criteria, person(age=75)).eligible


def test_a_professional_referral_opens_a_referral_only_service():
    criteria = ServiceCriteria(referral_required=True, commune_ids=frozenset({TOURS}))
    assert eligibility(criteria, person(referred_by_professional=True)).eligible


def test_what_the_description_does_not_settle_is_left_to_check():
    criteria = ServiceCriteria(
        age_min=60,
        commune_ids=frozenset({TOURS}),
        required_conditions=(("prescription-medicale", "Prescription médicale"),),
    )
    answer = eligibility(criteria, Person(commune_id=TOURS))
    assert answer.eligible
    assert answer.to_check == ("âge minimum 60 ans", "condition requise : Prescription médicale")


@pytest.mark.django_db
def test_the_database_filter_agrees_with_the_answer(territory):
    other = TerritoryFactory(name="Berry", slug="berry")
    tours = CommuneFactory(insee_code="37261", territory=territory)
    chinon = CommuneFactory(insee_code="37072", territory=territory)
    bourges = CommuneFactory(insee_code="18033", territory=other)
    organisation = OrganisationFactory(territory=territory)
    for age_min in (None, 18, 60):
        for age_max in (None, 25, 80):
            if age_min and age_max and age_min > age_max:
                continue
            for communes, whole in (([tours], False), ([chinon], False), ([], True)):
                for mode in Service.AccessMode.values:
                    ServiceFactory(
                        organisation=organisation,
                        age_min=age_min,
                        age_max=age_max,
                        communes_served=communes,
                        serves_whole_territory=whole,
                        access_mode=mode,
                    )
    services = list(Service.objects.prefetch_related("communes_served", "required_conditions"))
    for who in [
        Person(age=20, commune_id=tours.pk, commune_territory_id=territory.pk),
        Person(age=70, commune_id=chinon.pk, commune_territory_id=territory.pk),
        Person(
            age=70,
            commune_id=bourges.pk,
            commune_territory_id=other.pk,
            referred_by_professional=True,
        ),
        Person(age=10, referred_by_professional=True),
        Person(commune_id=tours.pk, commune_territory_id=territory.pk),
    ]:
        in_database = set(
            Service.objects.filter(
                pk__in=Service.objects.filter(eligible_filter(who)).values("pk")
            ).values_list("pk", flat=True)
        )
        in_python = {s.pk for s in services if eligibility_of(s, who).eligible}
        assert in_database == in_python, who


@pytest.mark.django_db
def test_search_page_lists_who_takes_the_person_and_why_others_do_not(client, territory):
    tours = CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    chinon = CommuneFactory(insee_code="37072", name="Chinon", territory=territory)
    organisation = OrganisationFactory(territory=territory)
    ServiceFactory(
        organisation=organisation,
        name="Accueil de jour Alzheimer",
        age_min=60,
        communes_served=[tours],
    )
    ServiceFactory(
        organisation=organisation, name="Plateforme de répit Alzheimer", communes_served=[chinon]
    )
    ServiceFactory(
        organisation=organisation,
        name="Équipe spécialisée Alzheimer",
        communes_served=[tours],
        access_mode=Service.AccessMode.REFERRAL,
    )
    response = client.get("/annuaire/", {"q": "alzheimer", "age": "72", "commune": "37261"})
    assert response.status_code == 200
    result = response.context["result"]
    assert [s.name for s in result.page.object_list] == ["Accueil de jour Alzheimer"]
    reasons = {s.name: list(a.reasons) for s, a in result.excluded}
    assert reasons == {
        "Plateforme de répit Alzheimer": ["commune non desservie"],
        "Équipe spécialisée Alzheimer": ["sur orientation d'un professionnel uniquement"],
    }
    body = response.content.decode()
    assert "commune non desservie" in body
    assert "sur orientation d&#x27;un professionnel uniquement" in body
