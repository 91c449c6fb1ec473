"""The French data·inclusion schema (structures and services, v1). Pure mapping functions;
rows are checked with the published `data-inclusion-schema` package (its pydantic models).

The file format read and written here is one JSON document: {"structures": [...],
"services": [...]}, as data·inclusion's API lists them."""

import re
from datetime import date

import pydantic
from data_inclusion.schema import v1
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.interop.records import RecordError

THEMATIQUES = {t.value for t in v1.Thematique}
PUBLICS = {p.value for p in v1.Public}
AGE_MIN = re.compile(r"[Ââ]ge minimum\s*:\s*(\d+)\s*ans", re.I)
AGE_MAX = re.compile(r"[Ââ]ge maximum\s*:\s*(\d+)\s*ans", re.I)
DEFAULT_SOURCE = "tablee"


def _id(source: str, value: str) -> str:
    return value if "--" in value else f"{source}--{value}"


def _local_id(value: str) -> str:
    return value.split("--", 1)[1] if "--" in value else value


def structure_from_record(organisation: dict, *, source: str, updated: date) -> dict:
    structure = {
        "source": source,
        "id": _id(source, organisation["external_id"]),
        "nom": organisation["name"],
        "date_maj": updated.isoformat(),
        "description": organisation.get("description") or None,
        "siret": organisation.get("siret") or None,
        "code_insee": organisation.get("commune") or None,
        "adresse": organisation.get("address") or None,
        "telephone": organisation.get("phone") or None,
        "courriel": organisation.get("email") or None,
        "site_web": organisation.get("website") or None,
    }
    return {k: v for k, v in structure.items() if v is not None}


def service_from_record(record: dict, *, source: str, territory_codes: list[str]) -> dict:
    """A record as a data·inclusion service. Criteria without a data·inclusion field (age
    bounds, exclusions) go to `conditions_acces` as text; the ages are read back from it."""
    conditions = []
    if record["age_min"] is not None:
        conditions.append(f"Âge minimum : {record['age_min']} ans")
    if record["age_max"] is not None:
        conditions.append(f"Âge maximum : {record['age_max']} ans")
    for text in (record.get("inclusion_criteria"), record.get("exclusion_criteria")):
        if text:
            conditions.append(text)
    zone = list(record["communes"])
    if record["serves_whole_territory"]:
        zone = sorted(set(zone) | set(territory_codes))
    referral_only = record["access_mode"] == "referral"
    description = record.get("description") or record.get("summary") or record["name"]
    service = {
        "source": source,
        "structure_id": _id(source, record["organisation"]["external_id"]),
        "id": _id(source, record["external_id"]),
        "nom": record["name"][:150],
        "description": description
        if len(description) >= 5
        else f"{description} ({record['name']})",
        "date_maj": (
            record.get("last_verified_on") or record.get("updated_at") or timezone.localdate()
        ).isoformat(),
        "thematiques": sorted(v for v in record["categories"] if v in THEMATIQUES) or None,
        "frais": {"free": "gratuit", "paid": "payant"}.get(record.get("fee") or ""),
        "frais_precisions": record.get("cost_details") or None,
        "publics": sorted(v for v in record["publics"] if v in PUBLICS) or None,
        "publics_precisions": record.get("public_details") or None,
        "conditions_acces": "\n".join(conditions) or None,
        "telephone": record.get("phone") or None,
        "courriel": record.get("email") or None,
        "zone_eligibilite": zone or None,
        "mobilisable_par": ["professionnels"] if referral_only else ["professionnels", "usagers"],
        "mobilisation_precisions": "\n".join(
            t for t in (record.get("referrers"), record.get("access_details")) if t
        )
        or None,
        "lien_mobilisation": record.get("referral_form_url") or None,
    }
    if service["publics"] and "tous-publics" in service["publics"] and len(service["publics"]) > 1:
        service["publics"] = [p for p in service["publics"] if p != "tous-publics"]
    return {k: v for k, v in service.items() if v is not None}


def _messages(error: pydantic.ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or '-'}: {e['msg']}" for e in error.errors()
    )


def validate_structure(row: dict) -> v1.Structure:
    try:
        return v1.Structure.model_validate(row)
    except pydantic.ValidationError as error:
        raise RecordError(_messages(error)) from None


def validate_service(row: dict) -> v1.Service:
    try:
        return v1.Service.model_validate(row)
    except pydantic.ValidationError as error:
        raise RecordError(_messages(error)) from None


def record_from_rows(service: dict, structure: dict) -> dict:
    """A data·inclusion service and its structure (both already validated) as a record."""
    conditions = service.get("conditions_acces") or ""
    age_min = AGE_MIN.search(conditions)
    age_max = AGE_MAX.search(conditions)
    remaining = "\n".join(
        line
        for line in conditions.splitlines()
        if not AGE_MIN.search(line) and not AGE_MAX.search(line)
    )
    mobilisable = set(service.get("mobilisable_par") or [])
    zone = service.get("zone_eligibilite") or []
    return {
        "external_id": _local_id(service["id"]),
        "name": service["nom"],
        "summary": "",
        "description": service.get("description") or "",
        "public_details": service.get("publics_precisions") or "",
        "inclusion_criteria": remaining,
        "exclusion_criteria": "",
        "referrers": service.get("mobilisation_precisions") or "",
        "referral_form_url": service.get("lien_mobilisation") or "",
        "access_details": "",
        "phone": service.get("telephone") or "",
        "email": service.get("courriel") or "",
        "hours": service.get("horaires_accueil") or "",
        "fee": {"gratuit": "free", "payant": "paid"}.get(service.get("frais") or "", ""),
        "cost_details": service.get("frais_precisions") or "",
        "categories": sorted(service.get("thematiques") or []),
        "publics": sorted(service.get("publics") or []),
        "conditions": [],
        "communes": [c for c in zone if re.fullmatch(r"\d{5}|2[AB]\d{3}", c)],
        "serves_whole_territory": False,
        "age_min": int(age_min.group(1)) if age_min else None,
        "age_max": int(age_max.group(1)) if age_max else None,
        "access_mode": "referral" if mobilisable == {"professionnels"} else "direct",
        "last_verified_on": date.fromisoformat(str(service["date_maj"])),
        "organisation": {
            "external_id": _local_id(structure["id"]),
            "name": structure["nom"],
            "kind": "other",
            "siret": structure.get("siret") or "",
            "commune": structure.get("code_insee") or "",
            "address": structure.get("adresse") or "",
            "phone": structure.get("telephone") or "",
            "email": structure.get("courriel") or "",
            "website": structure.get("site_web") or "",
            "description": structure.get("description") or "",
        },
    }


def read_document(document) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    """Check every structure and service of a document with the data·inclusion models; return
    the records, each with where it was found, and the errors."""
    records, errors = [], []
    if not isinstance(document, dict) or not isinstance(document.get("services"), list):
        return [], [("-", _('a JSON object with "structures" and "services" lists is expected'))]
    structures = {}
    for i, row in enumerate(document.get("structures") or [], start=1):
        where = f"structures[{i}]"
        try:
            structures[row.get("id")] = validate_structure(row).model_dump(mode="json")
        except RecordError as error:
            errors.append((where, str(error)))
        except AttributeError:
            errors.append((where, _("not an object")))
    for i, row in enumerate(document["services"], start=1):
        where = f"services[{i}]"
        try:
            service = validate_service(row).model_dump(mode="json")
        except RecordError as error:
            errors.append((where, str(error)))
            continue
        except AttributeError:
            errors.append((where, _("not an object")))
            continue
        structure = structures.get(service["structure_id"])
        if structure is None:
            errors.append((where, _("unknown structure: %(id)s") % {"id": service["structure_id"]}))
            continue
        records.append((where, record_from_rows(service, structure)))
    return records, errors


def write_document(records: list[dict], *, territory_codes: list[str], source=DEFAULT_SOURCE):
    structures, services = {}, []
    today = timezone.localdate()
    for record in records:
        organisation = record["organisation"]
        key = organisation["external_id"]
        if key not in structures:
            structures[key] = structure_from_record(organisation, source=source, updated=today)
        services.append(service_from_record(record, source=source, territory_codes=territory_codes))
    return {"structures": list(structures.values()), "services": services}
