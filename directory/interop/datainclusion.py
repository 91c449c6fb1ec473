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
# Lines that separate, inside one data·inclusion text, two fields the portal keeps apart.
EXCLUSIONS = "Critères d'exclusion :"
ACCESS = "Modalités d'accès :"


def _split(text: str, marker: str) -> tuple[str, str]:
    """The text before and after the line `marker`."""
    lines = text.split("\n")
    if marker not in lines:
        return text, ""
    at = lines.index(marker)
    return "\n".join(lines[:at]).strip("\n"), "\n".join(lines[at + 1 :]).strip("\n")


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
    if record.get("inclusion_criteria"):
        conditions.append(record["inclusion_criteria"])
    if record.get("exclusion_criteria"):
        conditions.append(f"{EXCLUSIONS}\n{record['exclusion_criteria']}")
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
            t
            for t in (
                record.get("referrers"),
                f"{ACCESS}\n{record['access_details']}" if record.get("access_details") else "",
            )
            if t
        )
        or None,
        "lien_mobilisation": record.get("referral_form_url") or None,
        "horaires_accueil": record.get("hours") or None,
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


def record_from_rows(
    service: dict, structure: dict, territory_codes=(), codes_by_commune=None
) -> dict:
    """A data·inclusion service and its structure (both already validated) as a record. The
    record holds only what data·inclusion carries, so that an update leaves the rest alone; a
    zone covering every commune of the territory means the whole territory: the territory of
    the structure's commune when `codes_by_commune` knows it (a file spanning several
    territories), else the one given."""
    territory_codes = (codes_by_commune or {}).get(structure.get("code_insee"), territory_codes)
    conditions, exclusions = _split(service.get("conditions_acces") or "", EXCLUSIONS)
    age_min = AGE_MIN.search(conditions)
    age_max = AGE_MAX.search(conditions)
    remaining = "\n".join(
        line
        for line in conditions.splitlines()
        if not AGE_MIN.search(line) and not AGE_MAX.search(line)
    )
    referrers, access = _split(service.get("mobilisation_precisions") or "", ACCESS)
    mobilisable = set(service.get("mobilisable_par") or [])
    zone = [
        c for c in service.get("zone_eligibilite") or [] if re.fullmatch(r"\d{5}|2[AB]\d{3}", c)
    ]
    whole = bool(territory_codes) and set(territory_codes) <= set(zone)
    if whole:
        zone = [c for c in zone if c not in set(territory_codes)]
    return {
        "external_id": _local_id(service["id"]),
        "name": service["nom"],
        "description": service.get("description") or "",
        "public_details": service.get("publics_precisions") or "",
        "inclusion_criteria": remaining,
        "exclusion_criteria": exclusions,
        "referrers": referrers,
        "referral_form_url": service.get("lien_mobilisation") or "",
        "access_details": access,
        "phone": service.get("telephone") or "",
        "email": service.get("courriel") or "",
        "hours": service.get("horaires_accueil") or "",
        "fee": {"gratuit": "free", "payant": "paid"}.get(service.get("frais") or "", ""),
        "cost_details": service.get("frais_precisions") or "",
        "categories": sorted(service.get("thematiques") or []),
        "publics": sorted(service.get("publics") or []),
        "communes": sorted(zone),
        "serves_whole_territory": whole,
        "age_min": int(age_min.group(1)) if age_min else None,
        "age_max": int(age_max.group(1)) if age_max else None,
        "access_mode": "referral" if mobilisable == {"professionnels"} else "direct",
        "last_verified_on": date.fromisoformat(str(service["date_maj"])),
        "organisation": {
            "external_id": _local_id(structure["id"]),
            "name": structure["nom"],
            "siret": structure.get("siret") or "",
            "commune": structure.get("code_insee") or "",
            "address": structure.get("adresse") or "",
            "phone": structure.get("telephone") or "",
            "email": structure.get("courriel") or "",
            "website": structure.get("site_web") or "",
            "description": structure.get("description") or "",
        },
    }


NOT_CARRIED = [
    "summary", "url", "languages", "accessibility", "waiting_time", "professional_contact",
    "professional_phone", "professional_email",
]  # fmt: skip


def not_carried(record: dict) -> list[str]:
    """What of a record data·inclusion cannot carry (said at export, never dropped silently)."""
    missing = [name for name in NOT_CARRIED if record.get(name)]
    missing += [f"categories ({v})" for v in record["categories"] if v not in THEMATIQUES]
    missing += [f"publics ({v})" for v in record["publics"] if v not in PUBLICS]
    missing += [f"conditions ({v})" for v in record.get("conditions") or []]
    for key in ("phones", "schedules", "spoken_languages", "areas", "locations"):
        if record.get(key):
            missing.append(key)
    return missing


def not_a_document() -> str:
    return _('a JSON object with "structures" and "services" lists is expected')


def iter_rows(structures, services, territory_codes=(), codes_by_commune=None):
    """Check every structure, then each service as it comes, with the data·inclusion models:
    ("record", where, record, not_kept) or ("error", where, reason) (the shape of
    directory.interop.stream.Stream). The structures are kept (each service names its own)."""
    known = {}
    for i, row in enumerate(structures, start=1):
        where = f"structures[{i}]"
        try:
            known[row.get("id")] = validate_structure(row).model_dump(mode="json")
        except RecordError as error:
            yield "error", where, str(error)
        except AttributeError:
            yield "error", where, _("not an object")
    for i, row in enumerate(services, start=1):
        where = f"services[{i}]"
        try:
            service = validate_service(row).model_dump(mode="json")
        except RecordError as error:
            yield "error", where, str(error)
            continue
        except AttributeError:
            yield "error", where, _("not an object")
            continue
        structure = known.get(service["structure_id"])
        if structure is None:
            yield "error", where, _("unknown structure: %(id)s") % {"id": service["structure_id"]}
            continue
        record = record_from_rows(service, structure, territory_codes, codes_by_commune)
        yield "record", where, record, not_kept(service, structure)


def read_document(document, territory_codes=(), codes_by_commune=None):
    """Check every structure and service of a document with the data·inclusion models; return
    the records, each with where it was found, the errors, and the fields not kept."""
    records, errors, dropped = [], [], []
    if not isinstance(document, dict) or not isinstance(document.get("services"), list):
        return [], [("-", not_a_document())], []
    rows = iter_rows(
        document.get("structures") or [], document["services"], territory_codes, codes_by_commune
    )
    for item in rows:
        if item[0] == "record":
            records.append((item[1], item[2]))
            dropped.append(item[3])
        else:
            errors.append((item[1], item[2]))
    return records, errors, dropped


KEPT_SERVICE = {
    "source", "structure_id", "id", "nom", "description", "date_maj", "thematiques", "frais",
    "frais_precisions", "publics", "publics_precisions", "conditions_acces", "telephone",
    "courriel", "zone_eligibilite", "mobilisable_par", "mobilisation_precisions",
    "lien_mobilisation", "horaires_accueil",
}  # fmt: skip
KEPT_STRUCTURE = {
    "source", "id", "nom", "date_maj", "description", "siret", "code_insee", "adresse",
    "telephone", "courriel", "site_web",
}  # fmt: skip


def not_kept(service: dict, structure: dict) -> list[str]:
    """The fields of a data·inclusion service and structure that the portal does not keep."""
    return sorted(
        [f"service.{k}" for k, v in service.items() if k not in KEPT_SERVICE and v]
        + [f"structure.{k}" for k, v in structure.items() if k not in KEPT_STRUCTURE and v]
    )


def same(old: dict, new: dict, territory_codes=()) -> bool:
    """Whether two records give the same data·inclusion service and structure."""

    def project(record):
        service = service_from_record(
            record, source=DEFAULT_SOURCE, territory_codes=list(territory_codes)
        )
        structure = structure_from_record(
            record["organisation"], source=DEFAULT_SOURCE, updated=date.min
        )
        return service, structure

    return project(old) == project(new)


def write_document(records: list[dict], *, territory_codes: list[str], source=DEFAULT_SOURCE):
    structures, services = {}, []
    for record in records:
        organisation = record["organisation"]
        key = organisation["external_id"]
        updated = max(
            (r.get("last_verified_on") or r.get("updated_at") or timezone.localdate())
            for r in records
            if r["organisation"]["external_id"] == key
        )
        if key not in structures:
            structures[key] = structure_from_record(organisation, source=source, updated=updated)
        services.append(service_from_record(record, source=source, territory_codes=territory_codes))
    return {"structures": list(structures.values()), "services": services}
