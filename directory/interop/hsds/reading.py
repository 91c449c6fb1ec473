"""HSDS 3.0 compound services (already validated) back to records, naming what the portal
does not keep. Pure functions; the conventions are those of mapping.py."""

from datetime import date

from django.utils.translation import gettext as _

from directory.interop.hsds.mapping import (
    ADDRESS_KEYS,
    COMMUNE_URI,
    FIELDS_TAXONOMY,
    KIND_TAXONOMY,
    LOCATION_KEYS,
    ORGANISATION_KEYS,
    SERVICE_KEYS,
    TAXONOMIES,
    TEXT_ATTRIBUTES,
    WHOLE_TERRITORY_URI,
    derived_id,
)
from directory.interop.records import (
    AREA_FIELDS,
    LANGUAGE_FIELDS,
    LOCATION_FIELDS,
    PHONE_FIELDS,
    SCHEDULE_FIELDS,
    RecordError,
)


def _age(value):
    if value in (None, ""):
        return None
    try:
        age = int(float(value))
    except (TypeError, ValueError):
        raise RecordError(_("age is not a number: %(value)s") % {"value": value}) from None
    if not 0 <= age <= 130:
        raise RecordError(_("age out of range: %(value)s") % {"value": value})
    return age


def _number(value, kind=int):
    if value in (None, ""):
        return None
    try:
        return kind(float(value)) if kind is int else kind(value)
    except (TypeError, ValueError):
        raise RecordError(_("not a number: %(value)s") % {"value": value}) from None


def _time(value):
    return str(value)[:8] if value not in (None, "") else None


def _unknown(item: dict, known: set, prefix: str) -> list[str]:
    return [f"{prefix}.{k}" for k, v in item.items() if k not in known and v not in (None, "", [])]


def _row(item: dict, fields: list[str]) -> dict:
    return {"id": item["id"], **{name: item.get(name) for name in fields}}


def _location_record(location: dict, dropped: list) -> dict:
    dropped += _unknown(location, LOCATION_KEYS, "location")
    addresses = location.get("addresses") or []
    if len(addresses) > 1:
        dropped.append("location.addresses (after the first)")
    address = addresses[0] if addresses else {}
    dropped += _unknown(address, ADDRESS_KEYS | {"address_type", "attention"}, "address")
    if address.get("attention"):
        dropped.append("address.attention")
    row = {
        "id": location["id"],
        "kind": location.get("location_type") or "physical",
        **{k: location.get(k) or "" for k in ("name", "alternate_name", "description",
                                             "transportation", "url")},
        "latitude": _number(location.get("latitude"), float),
        "longitude": _number(location.get("longitude"), float),
        **{k: address.get(k) or "" for k in ("address_1", "address_2", "postal_code", "city",
                                            "region", "state_province", "country")},
    }  # fmt: skip
    if address.get("state_province") == "-":
        row["state_province"] = ""
    return {name: row.get(name) for name in ["id", *LOCATION_FIELDS]}


def record_from_service(service: dict) -> tuple[dict, list[str]]:
    """An HSDS compound service (already validated) as a record, with the fields it carries
    that the portal does not keep."""
    dropped = _unknown(service, SERVICE_KEYS, "service")
    if service.get("status") not in (None, "active"):
        dropped.append("service.status")
    service_id = service["id"]
    values = {key: [] for key in TAXONOMIES}
    texts = {}
    by_taxonomy = {taxonomy: key for key, taxonomy in TAXONOMIES.items()}
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        code = term.get("code") or term.get("name")
        if term.get("taxonomy") == FIELDS_TAXONOMY and code in TEXT_ATTRIBUTES:
            texts[code] = attribute.get("value") or ""
        elif key := by_taxonomy.get(term.get("taxonomy")):
            values[key].append(code)
        else:
            dropped.append(f"attributes ({term.get('taxonomy') or _('no taxonomy')})")
    communes, whole, areas = [], False, []
    prefix = COMMUNE_URI.format("")
    for area in service.get("service_areas") or []:
        uri = area.get("uri") or ""
        if uri == WHOLE_TERRITORY_URI:
            whole = True
        elif uri.startswith(prefix) and area["id"] == derived_id(
            "area", service_id, uri[len(prefix) :]
        ):
            communes.append(uri[len(prefix) :])
        else:
            areas.append(_row(area, AREA_FIELDS))
    main_phone, phones = "", []
    for phone in service.get("phones") or []:
        if phone["id"] == derived_id("phone", service_id):
            main_phone = phone.get("number") or ""
            continue
        dropped += _unknown(phone, {"id", "service_id", *PHONE_FIELDS}, "phone")
        row = _row(phone, PHONE_FIELDS)
        row["extension"] = _number(row["extension"])
        phones.append(row)
    hours, schedules = "", []
    for schedule in service.get("schedules") or []:
        if schedule["id"] == derived_id("schedule", service_id):
            hours = schedule.get("description") or ""
            continue
        dropped += _unknown(schedule, {"id", "service_id", *SCHEDULE_FIELDS}, "schedule")
        row = _row(schedule, SCHEDULE_FIELDS)
        row["opens_at"], row["closes_at"] = _time(row["opens_at"]), _time(row["closes_at"])
        schedules.append(row)
    languages = []
    for language in service.get("languages") or []:
        dropped += _unknown(language, {"id", "service_id", *LANGUAGE_FIELDS}, "language")
        languages.append(_row(language, LANGUAGE_FIELDS))
    locations = []
    for link in service.get("service_at_locations") or []:
        dropped += _unknown(link, {"id", "service_id", "location_id", "location"},
                            "service_at_location")  # fmt: skip
        if link.get("location"):
            locations.append(_location_record(link["location"], dropped))
    organisation = service["organization"]
    dropped += _unknown(organisation, ORGANISATION_KEYS, "organization")
    kind, org_texts = "", {}
    for attribute in organisation.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        code = term.get("code") or term.get("name")
        if term.get("taxonomy") == KIND_TAXONOMY:
            kind = code
        elif term.get("taxonomy") == FIELDS_TAXONOMY and code.startswith("organisation_"):
            org_texts[code.removeprefix("organisation_")] = attribute.get("value") or ""
        else:
            dropped.append(f"organization.attributes ({term.get('taxonomy')})")
    siret, identifiers = organisation.get("tax_id") or "", []
    for item in organisation.get("organization_identifiers") or []:
        if item.get("identifier_type") == "SIRET" and not siret:
            siret = item["identifier"]
        else:
            identifiers.append(
                {"id": item["id"], "scheme": item.get("identifier_scheme") or "",
                 "type": item["identifier_type"], "identifier": item["identifier"]}
            )  # fmt: skip
    org_phone = ""
    for phone in organisation.get("phones") or []:
        if not org_phone:
            org_phone = phone.get("number") or ""
        else:
            dropped.append("organization.phones (after the first)")
    if organisation.get("legal_status"):
        dropped.append("organization.legal_status")
    description = organisation.get("description") or ""
    verified = service.get("assured_date")
    names = [lang.get("name") or lang.get("code") for lang in languages]
    record = {
        "external_id": service_id,
        "name": service["name"],
        "summary": service.get("alternate_name") or "",
        "description": service.get("description") or "",
        "url": service.get("url") or "",
        "public_details": texts.get("public_details", ""),
        "inclusion_criteria": service.get("eligibility_description") or "",
        "exclusion_criteria": texts.get("exclusion_criteria", ""),
        "referrers": texts.get("referrers", ""),
        "referral_form_url": texts.get("referral_form_url", ""),
        "accessibility": texts.get("accessibility", ""),
        "access_details": service.get("application_process") or "",
        "phone": main_phone,
        "email": service.get("email") or "",
        "hours": hours,
        "fee": (values["fee"] or [""])[0],
        "cost_details": service.get("fees_description") or "",
        "languages": ", ".join(n for n in names if n),
        "waiting_time": service.get("wait_time") or "",
        "categories": sorted(values["categories"]),
        "publics": sorted(values["publics"]),
        "conditions": sorted(values["conditions"]),
        "communes": sorted(set(communes)),
        "serves_whole_territory": whole,
        "age_min": _age(service.get("minimum_age")),
        "age_max": _age(service.get("maximum_age")),
        "access_mode": (values["access_mode"] or ["direct"])[0],
        "last_verified_on": date.fromisoformat(str(verified)[:10]) if verified else None,
        "phones": phones,
        "schedules": schedules,
        "spoken_languages": languages,
        "areas": areas,
        "locations": locations,
        "organisation": {
            "external_id": organisation["id"],
            "name": organisation["name"],
            "alternate_name": organisation.get("alternate_name") or "",
            "kind": kind or "other",
            "siret": siret,
            "address": org_texts.get("address", ""),
            "commune": org_texts.get("commune", ""),
            "phone": org_phone,
            "description": "" if description == organisation["name"] else description,
            "email": organisation.get("email") or "",
            "website": organisation.get("website") or "",
            "identifiers": identifiers,
        },
    }
    return record, sorted(set(dropped))
