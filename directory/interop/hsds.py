"""Open Referral HSDS 3.0: the compound JSON "service" shape and the CSV datapackage. Pure
mapping functions between records and HSDS; validation with `jsonschema` (JSON) and
`frictionless` (datapackage) against the HSDS 3.0 schema files of directory/standards/hsds/.

How Tablée's fields sit in HSDS: categories, publics, conditions and the access mode are
attributes linking the service to taxonomy terms (taxonomies named below); communes served are
service areas whose uri ends with the INSEE code; the whole territory is a service area with the
uri `urn:tablee:territory`; hours are a schedule's description; the last verification is
`assured_date`. Professional-only contacts are not published."""

import csv
import json
import re
import uuid
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from directory.interop.records import RecordError

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "standards" / "hsds"
TABLES = [
    "organization",
    "service",
    "phone",
    "service_area",
    "language",
    "schedule",
    "taxonomy_term",
    "attribute",
]
NAMESPACE = uuid.UUID("6f1d8a52-3f4e-4a53-9a1c-2d5b7e0c9b11")
TAXONOMIES = {
    "categories": "data-inclusion-thematiques",
    "publics": "data-inclusion-publics",
    "conditions": "tablee-conditions",
    "access_mode": "tablee-access-mode",
}
COMMUNE_URI = "https://geo.api.gouv.fr/communes/{}"
WHOLE_TERRITORY_URI = "urn:tablee:territory"
INSEE = re.compile(r"(\d{5}|2[AB]\d{3})$")


def _uuid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _term(taxonomy: str, value: str) -> dict:
    return {
        "id": _uuid("term", taxonomy, value),
        "code": value,
        "name": value,
        "description": value,
        "taxonomy": taxonomy,
        "language": "fr",
    }


def service_from_record(record: dict) -> dict:
    """A record as an HSDS 3.0 compound service."""
    service_id = _uuid("service", record["external_id"])
    organisation = record["organisation"]
    attributes = []
    for key, taxonomy in TAXONOMIES.items():
        values = [record[key]] if key == "access_mode" else record[key]
        for value in values:
            term = _term(taxonomy, value)
            attributes.append(
                {"id": _uuid("attribute", service_id, term["id"]), "taxonomy_term_id": term["id"],
                 "link_type": key, "value": value, "label": None, "taxonomy_term": term}
            )  # fmt: skip
    areas = [
        {"id": _uuid("area", service_id, code), "name": code, "uri": COMMUNE_URI.format(code)}
        for code in record["communes"]
    ]
    if record["serves_whole_territory"]:
        areas.append(
            {"id": _uuid("area", service_id, "territory"), "name": "territoire",
             "uri": WHOLE_TERRITORY_URI}
        )  # fmt: skip
    languages = [
        {"id": _uuid("language", service_id, name.strip()), "name": name.strip()}
        for name in (record.get("languages") or "").split(",")
        if name.strip()
    ]
    verified = record.get("last_verified_on")
    return {
        "id": service_id,
        "name": record["name"],
        "alternate_name": record.get("summary") or None,
        "description": record.get("description") or None,
        "email": record.get("email") or None,
        "status": "active",
        "application_process": record.get("access_details") or None,
        "fees_description": record.get("cost_details") or None,
        "wait_time": record.get("waiting_time") or None,
        "eligibility_description": record.get("inclusion_criteria") or None,
        "minimum_age": record["age_min"],
        "maximum_age": record["age_max"],
        "assured_date": verified.isoformat() if verified else None,
        "organization": {
            "id": _uuid("organization", organisation["external_id"]),
            "name": organisation["name"],
            "description": organisation.get("description") or None,
            "email": organisation.get("email") or None,
            "website": organisation.get("website") or None,
            "tax_id": organisation.get("siret") or None,
        },
        "phones": [{"id": _uuid("phone", service_id), "number": record["phone"], "type": "voice"}]
        if record.get("phone")
        else [],
        "service_areas": areas,
        "languages": languages,
        "schedules": [{"id": _uuid("schedule", service_id), "description": record["hours"]}]
        if record.get("hours")
        else [],
        "attributes": attributes,
    }


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


def record_from_service(service: dict) -> dict:
    """An HSDS compound service (already validated) as a record."""
    values = {key: [] for key in TAXONOMIES}
    by_taxonomy = {taxonomy: key for key, taxonomy in TAXONOMIES.items()}
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        key = by_taxonomy.get(term.get("taxonomy"))
        if key:
            values[key].append(term.get("code") or term.get("name"))
    communes, whole = [], False
    for area in service.get("service_areas") or []:
        uri = area.get("uri") or ""
        if uri == WHOLE_TERRITORY_URI:
            whole = True
        elif match := INSEE.search(uri) or INSEE.fullmatch(area.get("name") or ""):
            communes.append(match.group(1))
    verified = service.get("assured_date")
    organisation = service["organization"]
    phones = service.get("phones") or []
    schedules = service.get("schedules") or []
    return {
        "external_id": service["id"],
        "name": service["name"],
        "summary": service.get("alternate_name") or "",
        "description": service.get("description") or "",
        "public_details": "",
        "inclusion_criteria": service.get("eligibility_description") or "",
        "exclusion_criteria": "",
        "referrers": "",
        "referral_form_url": "",
        "access_details": service.get("application_process") or "",
        "phone": phones[0]["number"] if phones else "",
        "email": service.get("email") or "",
        "hours": schedules[0].get("description") or "" if schedules else "",
        "fee": "",
        "cost_details": service.get("fees_description") or "",
        "languages": ", ".join(
            lang["name"] for lang in service.get("languages") or [] if lang.get("name")
        ),
        "waiting_time": service.get("wait_time") or "",
        "categories": sorted(values["categories"]),
        "publics": sorted(values["publics"]),
        "conditions": sorted(values["conditions"]),
        "communes": sorted(set(communes)),
        "serves_whole_territory": whole,
        "age_min": _age(service.get("minimum_age")),
        "age_max": _age(service.get("maximum_age")),
        "access_mode": (values["access_mode"] or ["direct"])[0],
        "last_verified_on": date.fromisoformat(verified) if verified else None,
        "organisation": {
            "external_id": organisation["id"],
            "name": organisation["name"],
            "kind": "other",
            "siret": organisation.get("tax_id") or "",
            "commune": "",
            "description": organisation.get("description") or "",
            "email": organisation.get("email") or "",
            "website": organisation.get("website") or "",
        },
    }


# --- JSON ---------------------------------------------------------------------------------


@cache
def _json_validator():
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((SCHEMA_DIR / "service.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate_service_json(service) -> list[str]:
    """The HSDS schema's complaints about one compound service (empty when valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '-'}: {error.message}"
        for error in sorted(_json_validator().iter_errors(service), key=lambda e: list(e.path))
    ]


def read_json(document) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    """A JSON document holding one compound service or a list of them."""
    services = document if isinstance(document, list) else [document]
    records, errors = [], []
    for i, service in enumerate(services, start=1):
        where = f"[{i}]"
        problems = validate_service_json(service)
        if problems:
            errors.append((where, "; ".join(problems)))
            continue
        try:
            records.append((where, record_from_service(service)))
        except RecordError as error:
            errors.append((where, str(error)))
    return records, errors


# --- CSV datapackage ----------------------------------------------------------------------


def table_schema(table: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text())


def _fields(table: str) -> list[str]:
    return [f["name"] for f in table_schema(table)["fields"]]


def flatten(services: list[dict]) -> dict[str, list[dict]]:
    """Compound services as the rows of the datapackage's tables."""
    rows = {table: [] for table in TABLES}
    organisations, terms = {}, {}
    for service in services:
        organisation = service["organization"]
        organisations.setdefault(organisation["id"], organisation)
        flat = {k: v for k, v in service.items() if not isinstance(v, (list, dict))}
        rows["service"].append({**flat, "organization_id": organisation["id"]})
        for table, key in [("phone", "phones"), ("service_area", "service_areas"),
                           ("language", "languages"), ("schedule", "schedules")]:  # fmt: skip
            for item in service.get(key) or []:
                rows[table].append({**item, "service_id": service["id"]})
        for attribute in service.get("attributes") or []:
            term = attribute["taxonomy_term"]
            terms.setdefault(term["id"], term)
            item = {k: v for k, v in attribute.items() if k != "taxonomy_term"}
            rows["attribute"].append({**item, "link_id": service["id"], "link_entity": "service"})
    rows["organization"] = list(organisations.values())
    rows["taxonomy_term"] = list(terms.values())
    return rows


def unflatten(rows: dict[str, list[dict]]) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    """Datapackage rows as compound services (each with where its service row was)."""
    errors = []
    organisations = {row["id"]: row for row in rows.get("organization", [])}
    terms = {row["id"]: row for row in rows.get("taxonomy_term", [])}
    children = {
        key: {} for key in ("phones", "service_areas", "languages", "schedules", "attributes")
    }
    for table, key in [("phone", "phones"), ("service_area", "service_areas"),
                       ("language", "languages"), ("schedule", "schedules")]:  # fmt: skip
        for row in rows.get(table, []):
            children[key].setdefault(row.get("service_id"), []).append(row)
    for row in rows.get("attribute", []):
        if row.get("link_entity") == "service":
            term = terms.get(row.get("taxonomy_term_id"))
            children["attributes"].setdefault(row["link_id"], []).append(
                {**row, "taxonomy_term": term}
            )
    services = []
    for line, row in enumerate(rows.get("service", []), start=2):
        where = f"service.csv:{line}"
        organisation = organisations.get(row.get("organization_id"))
        if organisation is None:
            errors.append(
                (where, _("unknown organization: %(id)s") % {"id": row.get("organization_id")})
            )
            continue
        compound = {k: v for k, v in row.items() if k != "organization_id"}
        compound["organization"] = organisation
        for key, by_service in children.items():
            compound[key] = by_service.get(row["id"], [])
        services.append((where, compound))
    return services, errors


def _cell(value) -> str:
    if value is None:
        return ""
    return str(value)


def write_package(folder: Path, services: list[dict]) -> None:
    """Write the datapackage (one CSV per table and datapackage.json) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for table, table_rows in flatten(services).items():
        fields = _fields(table)
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for row in table_rows:
                writer.writerow({k: _cell(row.get(k)) for k in fields})
        resources.append(
            {"name": table, "path": f"{table}.csv", "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8", "schema": table_schema(table)}
        )  # fmt: skip
    package = {
        "name": "tablee-directory",
        "title": "Tablée directory (HSDS 3.0)",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False))


def validate_package(folder: Path) -> list[tuple[str, str]]:
    """Check the folder's CSV files against the HSDS 3.0 table schemas with frictionless."""
    from frictionless import Package, Resource, Schema, system

    if not (folder / "service.csv").exists() or not (folder / "organization.csv").exists():
        return [("-", _("a datapackage needs at least organization.csv and service.csv"))]
    present = [table for table in TABLES if (folder / f"{table}.csv").exists()]
    resources = []
    for table in present:
        descriptor = table_schema(table)
        # Keep only the foreign keys whose table is present.
        descriptor["foreignKeys"] = [
            fk for fk in descriptor.get("foreignKeys", []) if fk["reference"]["resource"] in present
        ]
        schema = Schema.from_descriptor(descriptor)
        resources.append(Resource(path=f"{table}.csv", name=table, schema=schema))
    with system.use_context(trusted=True):
        package = Package(resources=resources, basepath=str(folder))
        report = package.validate()
    errors = []
    for task in report.tasks:
        for error in task.errors:
            line = getattr(error, "row_number", None)
            where = f"{task.name}.csv:{line}" if line else f"{task.name}.csv"
            errors.append((where, error.message))
    return errors


def read_package(folder: Path) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    errors = validate_package(folder)
    if errors:
        return [], errors
    rows = {}
    for table in TABLES:
        path = folder / f"{table}.csv"
        if path.exists():
            with open(path, newline="", encoding="utf-8") as source:
                rows[table] = [
                    {k: (v if v != "" else None) for k, v in row.items()}
                    for row in csv.DictReader(source)
                ]
    services, errors = unflatten(rows)
    records = []
    for where, service in services:
        try:
            records.append((where, record_from_service(service)))
        except RecordError as error:
            errors.append((where, str(error)))
    return records, errors
