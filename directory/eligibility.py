"""Who a service takes, and why it does not take someone: the one place that decides.

Pure functions over plain values: `criteria_of(service)` reads a service whose communes and
conditions were prefetched (see directory.selectors), `eligibility(criteria, person)` answers
with the reasons. `eligible_filter(person)` says the same thing as a database filter, so that a
search can list the services that would take a person without loading them all; the tests check
that both agree."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

MAX_AGE = 120


@dataclass(frozen=True)
class Person:
    """The situation of the person being oriented, as much as is known."""

    age: int | None = None
    commune_id: int | None = None
    commune_territory_id: int | None = None
    conditions: frozenset[str] = frozenset()
    referred_by_professional: bool = False

    @property
    def is_described(self) -> bool:
        return self.age is not None or self.commune_id is not None


@dataclass(frozen=True)
class ServiceCriteria:
    age_min: int | None = None
    age_max: int | None = None
    serves_whole_territory: bool = False
    territory_id: int | None = None
    commune_ids: frozenset[int] = frozenset()
    referral_required: bool = False
    required_conditions: tuple[tuple[str, str], ...] = ()  # (value, label)


@dataclass(frozen=True)
class EligibilityAnswer:
    """Whether a service would take the person, the reasons it would not, and what remains to
    be checked with the service (criteria the person's description does not settle)."""

    eligible: bool
    reasons: tuple[str, ...] = ()
    to_check: tuple[str, ...] = field(default_factory=tuple)


def criteria_of(service) -> ServiceCriteria:
    """Read a service's structured criteria (communes and conditions must be prefetched)."""
    return ServiceCriteria(
        age_min=service.age_min,
        age_max=service.age_max,
        serves_whole_territory=service.serves_whole_territory,
        territory_id=service.organisation.territory_id,
        commune_ids=frozenset(c.pk for c in service.communes_served.all()),
        referral_required=service.referral_required,
        required_conditions=tuple((c.value, c.label) for c in service.required_conditions.all()),
    )


def _serves(criteria: ServiceCriteria, person: Person) -> bool:
    if person.commune_id in criteria.commune_ids:
        return True
    return criteria.serves_whole_territory and person.commune_territory_id == criteria.territory_id


def eligibility(criteria: ServiceCriteria, person: Person) -> EligibilityAnswer:
    reasons: list[str] = []
    to_check: list[str] = []
    if person.age is None:
        if criteria.age_min is not None:
            to_check.append(_("minimum age %(age)s years") % {"age": criteria.age_min})
        if criteria.age_max is not None:
            to_check.append(_("maximum age %(age)s years") % {"age": criteria.age_max})
    else:
        if criteria.age_min is not None and person.age < criteria.age_min:
            reasons.append(_("minimum age %(age)s years") % {"age": criteria.age_min})
        if criteria.age_max is not None and person.age > criteria.age_max:
            reasons.append(_("maximum age %(age)s years") % {"age": criteria.age_max})
    if person.commune_id is None:
        to_check.append(_("communes served"))
    elif not _serves(criteria, person):
        reasons.append(_("commune not served"))
    if criteria.referral_required and not person.referred_by_professional:
        reasons.append(_("on referral by a professional only"))
    for value, label in criteria.required_conditions:
        if value not in person.conditions:
            to_check.append(_("condition required: %(condition)s") % {"condition": label})
    return EligibilityAnswer(eligible=not reasons, reasons=tuple(reasons), to_check=tuple(to_check))


def eligibility_of(service, person: Person) -> EligibilityAnswer:
    return eligibility(criteria_of(service), person)


def eligible_filter(person: Person) -> Q:
    """The services that `eligibility()` would accept for `person`, as a filter on Service."""
    condition = Q()
    if person.age is not None:
        condition &= Q(age_min__isnull=True) | Q(age_min__lte=person.age)
        condition &= Q(age_max__isnull=True) | Q(age_max__gte=person.age)
    if person.commune_id is not None:
        served = Q(communes_served=person.commune_id)
        if person.commune_territory_id is not None:
            served |= Q(
                serves_whole_territory=True,
                organisation__territory_id=person.commune_territory_id,
            )
        condition &= served
    if not person.referred_by_professional:
        condition &= ~Q(access_mode="referral")
    return condition
