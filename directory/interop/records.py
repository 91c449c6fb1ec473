"""The neutral shape that every format maps to and from: one dict per service, with its
organisation, reference-list values, INSEE codes and structured details (no database objects).
The mappings of each standard (hsds.py, datainclusion.py, csv.py) are pure functions over this
shape; directory/imports.py loads it and service_record() builds it.

Details are lists of dicts whose "id" is the identifier the row keeps from one exchange to the
next (directory.details); times are "HH:MM:SS" strings and dates ISO strings inside them."""

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
    "url",
]
ORGANISATION_FIELDS = [
    "name",
    "alternate_name",
    "kind",
    "siret",
    "address",
    "website",
    "email",
    "phone",
    "description",
]
PHONE_FIELDS = ["number", "extension", "type", "description"]
SCHEDULE_FIELDS = [
    "freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "description", "notes",
]  # fmt: skip
LANGUAGE_FIELDS = ["code", "name", "note"]
AREA_FIELDS = ["name", "description", "extent", "extent_type", "uri"]
LOCATION_FIELDS = [
    "kind", "name", "alternate_name", "description", "transportation", "url", "latitude",
    "longitude", "address_1", "address_2", "postal_code", "city", "region", "state_province",
    "country",
]  # fmt: skip
IDENTIFIER_FIELDS = ["scheme", "type", "identifier"]
DETAILS = {
    "phones": PHONE_FIELDS,
    "schedules": SCHEDULE_FIELDS,
    "spoken_languages": LANGUAGE_FIELDS,
    "areas": AREA_FIELDS,
}


class RecordError(ValueError):
    """A row that cannot be mapped; the message says why, in the user's language."""


@dataclass
class ImportReport:
    """What an import found and did: the rows it read; for each bad one, its place and reason;
    how many services were created, updated, left unchanged or withdrawn; whether they wait for
    the pilot's approval; and, by field, what the portal does not keep."""

    rows: int = 0
    errors: list[tuple[int | str, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    drafts: bool = False
    not_kept: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, line, reason: str) -> None:
        self.errors.append((line, reason))

    def drop(self, fields) -> None:
        for name in fields:
            self.not_kept[name] = self.not_kept.get(name, 0) + 1


def _value(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _rows(items, fields) -> list[dict]:
    return [
        {"id": str(item.hsds_id), **{name: _value(getattr(item, name)) for name in fields}}
        for item in items
    ]


def service_record(service, *, details: bool = True) -> dict:
    """A service (prefetched as in directory.selectors.service_with_details) as a record; the
    plain CSV, which has no place for them, asks for it without the structured details."""
    organisation = service.organisation
    record = {
        "external_id": service.external_id or service.slug,
        "slug": service.slug,
        "source": service.source,
        **{name: getattr(service, name) or "" for name in SERVICE_TEXT_FIELDS},
        # Sorted by code, as every reader gives them back.
        "categories": sorted(c.value for c in service.categories.all()),
        "publics": sorted(p.value for p in service.publics.all()),
        "conditions": sorted(c.value for c in service.required_conditions.all()),
        "communes": sorted(c.insee_code for c in service.communes_served.all()),
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
    if details:
        for key, fields in DETAILS.items():
            record[key] = _rows(getattr(service, key).all(), fields)
        record["locations"] = _rows(service.locations.all(), LOCATION_FIELDS)
        record["organisation"]["identifiers"] = _rows(
            organisation.identifiers.all(), IDENTIFIER_FIELDS
        )
    return record
