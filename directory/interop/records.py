"""The neutral shape that every format maps to and from: one dict per service, with its
organisation, reference-list values and INSEE codes (no database objects). The mappings of
each standard (hsds.py, datainclusion.py, csv.py) are pure functions over this shape;
directory/importing.py loads it and service_record() builds it."""

from dataclasses import dataclass, field

SERVICE_TEXT_FIELDS = [
    "name",
    "summary",
    "description",
    "public_details",
    "inclusion_criteria",
    "exclusion_criteria",
    "referrers",
    "referral_form_url",
    "access_details",
    "phone",
    "email",
    "professional_contact",
    "professional_phone",
    "professional_email",
    "hours",
    "fee",
    "cost_details",
    "languages",
    "accessibility",
    "waiting_time",
]
ORGANISATION_FIELDS = [
    "name",
    "kind",
    "siret",
    "address",
    "website",
    "email",
    "phone",
    "description",
]


class RecordError(ValueError):
    """A row that cannot be mapped; the message says why, in the user's language."""


@dataclass
class ImportReport:
    """What an import found: the rows it read and, for each bad one, its line and reason."""

    rows: int = 0
    errors: list[tuple[int | str, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, line, reason: str) -> None:
        self.errors.append((line, reason))


def service_record(service) -> dict:
    """A service (prefetched as in directory.selectors.service_prefetched) as a record."""
    organisation = service.organisation
    return {
        "external_id": service.external_id or service.slug,
        "slug": service.slug,
        **{name: getattr(service, name) or "" for name in SERVICE_TEXT_FIELDS},
        "categories": [c.value for c in service.categories.all()],
        "publics": [p.value for p in service.publics.all()],
        "conditions": [c.value for c in service.required_conditions.all()],
        "communes": [c.insee_code for c in service.communes_served.all()],
        "serves_whole_territory": service.serves_whole_territory,
        "age_min": service.age_min,
        "age_max": service.age_max,
        "access_mode": service.access_mode,
        "last_verified_on": service.last_verified_on,
        "updated_at": service.updated_at.date() if service.updated_at else None,
        "organisation": {
            "external_id": organisation.external_id or organisation.slug,
            "slug": organisation.slug,
            **{name: getattr(organisation, name) or "" for name in ORGANISATION_FIELDS},
            "commune": organisation.commune.insee_code if organisation.commune_id else "",
        },
    }
