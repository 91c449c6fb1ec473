"""Records to HSDS 3.0 compound services and back. Pure functions.

How Tablée's fields sit in HSDS: categories, publics, conditions, the access mode and the fee are
attributes linking the service to taxonomy terms (taxonomies named below); the portal's text
fields that HSDS has no column for (public, exclusions, referrers…) are attributes of the
taxonomy `tablee-fields` whose value is the text; communes served are service areas whose uri is
the commune's address at geo.api.gouv.fr, the whole territory is the service area
`urn:tablee:territory`, other areas are kept as they are; the free-text hours and the main phone
are a schedule and a phone whose identifiers are derived from the service's. Identifiers: a
record's identifier when it is a UUID, else a UUID derived from it (the same at every export).
Professional-only contacts are never published."""

import uuid

NAMESPACE = uuid.UUID("6f1d8a52-3f4e-4a53-9a1c-2d5b7e0c9b11")
TAXONOMIES = {
    "categories": "data-inclusion-thematiques",
    "publics": "data-inclusion-publics",
    "conditions": "tablee-conditions",
    "access_mode": "tablee-access-mode",
    "fee": "tablee-fee",
}
FIELDS_TAXONOMY = "tablee-fields"
KIND_TAXONOMY = "tablee-organisation-kind"
TEXT_ATTRIBUTES = [
    "public_details", "exclusion_criteria", "referrers", "referral_form_url", "accessibility",
]  # fmt: skip
ORGANISATION_TEXT_ATTRIBUTES = ["address", "commune"]
COMMUNE_URI = "https://geo.api.gouv.fr/communes/{}"
WHOLE_TERRITORY_URI = "urn:tablee:territory"
LANGUAGE_CODES = {
    "français": "fr", "anglais": "en", "espagnol": "es", "arabe": "ar", "allemand": "de",
    "italien": "it", "portugais": "pt", "russe": "ru", "turc": "tr", "roumain": "ro",
    "polonais": "pl", "chinois": "zh", "vietnamien": "vi", "ukrainien": "uk", "persan": "fa",
    "langue des signes française": "fsl", "lsf": "fsl", "tamoul": "ta", "wolof": "wo",
}  # fmt: skip
SERVICE_KEYS = {
    "id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
    "application_process", "fees_description", "wait_time", "eligibility_description",
    "minimum_age", "maximum_age", "assured_date", "phones", "schedules", "service_areas",
    "service_at_locations", "languages", "organization", "attributes",
}  # fmt: skip
ORGANISATION_KEYS = {
    "id", "name", "alternate_name", "description", "email", "website", "tax_id", "phones",
    "organization_identifiers", "attributes", "legal_status",
}  # fmt: skip
LOCATION_KEYS = {
    "id", "location_type", "url", "name", "alternate_name", "description", "transportation",
    "latitude", "longitude", "addresses", "organization_id",
}  # fmt: skip
ADDRESS_KEYS = {
    "id", "location_id", "address_1", "address_2", "city", "region", "state_province",
    "postal_code", "country",
}  # fmt: skip


def derived_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def entity_id(key: str, kind: str) -> str:
    """The HSDS identifier of a service or organisation known by `key`."""
    try:
        return str(uuid.UUID(str(key)))
    except ValueError:
        return derived_id(kind, key)


def _clean(value):
    """HSDS leaves optional fields out rather than writing null or an empty string."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _term(taxonomy: str, value: str) -> dict:
    return {
        "id": derived_id("term", taxonomy, value),
        "code": value,
        "name": value,
        "description": value,
        "taxonomy": taxonomy,
        "taxonomy_id": derived_id("taxonomy", taxonomy),
        "taxonomy_detail": {
            "id": derived_id("taxonomy", taxonomy), "name": taxonomy, "description": taxonomy,
        },
        "language": "fr",
    }  # fmt: skip


def _attribute(owner_id: str, taxonomy: str, code: str, value: str | None = None, entity=None):
    term = _term(taxonomy, code)
    return {
        "id": derived_id("attribute", owner_id, term["id"]),
        "link_id": owner_id,
        "link_entity": entity or "service",
        "link_type": taxonomy,
        "taxonomy_term_id": term["id"],
        "value": value,
        "taxonomy_term": term,
    }


def _languages(record: dict, service_id: str) -> list[dict]:
    if record.get("spoken_languages"):
        return [dict(row) for row in record["spoken_languages"]]
    names = [n.strip() for n in (record.get("languages") or "").split(",") if n.strip()]
    return [
        {"id": derived_id("language", service_id, name), "name": name,
         "code": LANGUAGE_CODES.get(name.lower(), "")}
        for name in names
    ]  # fmt: skip


def _location(row: dict, organisation_id: str) -> dict:
    location = {
        "id": row["id"],
        "location_type": row.get("kind") or "physical",
        "organization_id": organisation_id,
        **{k: row.get(k) for k in ("name", "alternate_name", "description", "transportation",
                                   "url", "latitude", "longitude")},
    }  # fmt: skip
    if row.get("address_1") or row.get("city"):
        location["addresses"] = [
            {
                "id": derived_id("address", row["id"]),
                "location_id": row["id"],
                "address_1": row.get("address_1") or row.get("city"),
                "address_2": row.get("address_2"),
                "city": row.get("city") or "-",
                "region": row.get("region"),
                # Required by HSDS; French addresses often have no province of their own.
                "state_province": row.get("state_province") or row.get("region") or "-",
                "postal_code": row.get("postal_code") or "-",
                "country": row.get("country") or "FR",
                "address_type": "postal" if row.get("kind") == "postal" else "physical",
            }
        ]
    return location


def service_from_record(record: dict) -> dict:
    """A record as an HSDS 3.0 compound service, without empty optional fields."""
    service_id = entity_id(record["external_id"], "service")
    organisation = record["organisation"]
    organisation_id = entity_id(organisation["external_id"], "organization")
    attributes = []
    for key, taxonomy in TAXONOMIES.items():
        values = [record.get(key)] if key in ("access_mode", "fee") else record.get(key) or []
        attributes += [_attribute(service_id, taxonomy, v) for v in values if v]
    for name in TEXT_ATTRIBUTES:
        if record.get(name):
            attributes.append(_attribute(service_id, FIELDS_TAXONOMY, name, record[name]))
    areas = [
        {"id": derived_id("area", service_id, code), "name": code, "uri": COMMUNE_URI.format(code)}
        for code in record["communes"]
    ]
    if record["serves_whole_territory"]:
        areas.append(
            {"id": derived_id("area", service_id, "territory"), "name": "territoire",
             "uri": WHOLE_TERRITORY_URI}
        )  # fmt: skip
    areas += [dict(row) for row in record.get("areas") or []]
    phones = [{"id": derived_id("phone", service_id), "number": record["phone"], "type": "voice"}]
    phones = (phones if record.get("phone") else []) + [
        dict(row) for row in record.get("phones") or []
    ]
    schedules = [{"id": derived_id("schedule", service_id), "description": record.get("hours")}]
    schedules = (schedules if record.get("hours") else []) + [
        dict(row) for row in record.get("schedules") or []
    ]
    org_attributes = []
    if organisation.get("kind"):
        org_attributes.append(
            _attribute(organisation_id, KIND_TAXONOMY, organisation["kind"], entity="organization")
        )
    for name in ORGANISATION_TEXT_ATTRIBUTES:
        if organisation.get(name):
            org_attributes.append(
                _attribute(organisation_id, FIELDS_TAXONOMY, f"organisation_{name}",
                           organisation[name], entity="organization")
            )  # fmt: skip
    identifiers = [
        {"id": row["id"], "organization_id": organisation_id, "identifier_scheme": row["scheme"],
         "identifier_type": row["type"], "identifier": row["identifier"]}
        for row in organisation.get("identifiers") or []
    ]  # fmt: skip
    if organisation.get("siret"):
        identifiers.insert(
            0,
            {"id": derived_id("siret", organisation_id), "organization_id": organisation_id,
             "identifier_scheme": "FR-SIRET", "identifier_type": "SIRET",
             "identifier": organisation["siret"]},
        )  # fmt: skip
    org_phones = [
        {"id": derived_id("phone", organisation_id), "organization_id": organisation_id,
         "number": organisation["phone"], "type": "voice"}
    ] if organisation.get("phone") else []  # fmt: skip
    verified = record.get("last_verified_on")
    service = {
        "id": service_id,
        "organization_id": organisation_id,
        "name": record["name"],
        "alternate_name": record.get("summary"),
        "description": record.get("description"),
        "url": record.get("url"),
        "email": record.get("email"),
        "status": "active",
        "application_process": record.get("access_details"),
        "fees_description": record.get("cost_details"),
        "wait_time": record.get("waiting_time"),
        "eligibility_description": record.get("inclusion_criteria"),
        "minimum_age": record.get("age_min"),
        "maximum_age": record.get("age_max"),
        "assured_date": verified.isoformat() if verified else None,
        "organization": {
            "id": organisation_id,
            "name": organisation["name"],
            "alternate_name": organisation.get("alternate_name"),
            # Required by HSDS: the name stands for a missing description.
            "description": organisation.get("description") or organisation["name"],
            "email": organisation.get("email"),
            "website": organisation.get("website"),
            "phones": org_phones,
            "organization_identifiers": identifiers,
            "attributes": org_attributes,
        },
        "phones": [{**p, "service_id": service_id} for p in phones],
        "schedules": [{**s, "service_id": service_id} for s in schedules],
        "service_areas": [{**a, "service_id": service_id} for a in areas],
        "languages": [
            {**lang, "service_id": service_id} for lang in _languages(record, service_id)
        ],
        "service_at_locations": [
            {
                "id": derived_id("service_at_location", service_id, row["id"]),
                "service_id": service_id,
                "location_id": row["id"],
                "location": _location(row, organisation_id),
            }
            for row in record.get("locations") or []
        ],  # fmt: skip
        "attributes": attributes,
    }
    return _clean(service)
