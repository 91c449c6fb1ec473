"""Plain CSV, one service per row (the organisation's columns repeated), lists separated by
"|". Pure mapping functions plus a writer and a reader of rows."""

from datetime import date

from django.utils.translation import gettext as _

from directory.interop.records import SERVICE_TEXT_FIELDS, RecordError, service_record
from portal import csv_files

PROFESSIONAL_COLUMNS = ["professional_contact", "professional_phone", "professional_email"]
COLUMNS = [
    "id",
    "organisation_id",
    "organisation_name",
    "organisation_kind",
    "organisation_siret",
    "organisation_commune",
    *SERVICE_TEXT_FIELDS,
    "categories",
    "publics",
    "conditions",
    "age_min",
    "age_max",
    "serves_whole_territory",
    "communes",
    "access_mode",
    "last_verified_on",
]
SEPARATOR = "|"


def record_to_row(record: dict) -> dict:
    organisation = record["organisation"]
    row = {
        "id": record["external_id"],
        "organisation_id": organisation["external_id"],
        "organisation_name": organisation["name"],
        "organisation_kind": organisation.get("kind", ""),
        "organisation_siret": organisation.get("siret", ""),
        "organisation_commune": organisation.get("commune", ""),
        **{name: record.get(name) or "" for name in SERVICE_TEXT_FIELDS},
        "categories": SEPARATOR.join(record["categories"]),
        "publics": SEPARATOR.join(record["publics"]),
        "conditions": SEPARATOR.join(record["conditions"]),
        "age_min": "" if record["age_min"] is None else str(record["age_min"]),
        "age_max": "" if record["age_max"] is None else str(record["age_max"]),
        "serves_whole_territory": "oui" if record["serves_whole_territory"] else "non",
        "communes": SEPARATOR.join(record["communes"]),
        "access_mode": record["access_mode"],
        "last_verified_on": record["last_verified_on"].isoformat()
        if record.get("last_verified_on")
        else "",
    }
    return row


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(SEPARATOR) if v.strip()]


def _age(value: str, column: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        age = int(value)
    except ValueError:
        raise RecordError(
            _("%(column)s is not a whole number: %(value)s") % {"column": column, "value": value}
        ) from None
    if not 0 <= age <= 130:
        raise RecordError(
            _("%(column)s is out of range: %(value)s") % {"column": column, "value": value}
        )
    return age


def row_to_record(row: dict) -> dict:
    """One CSV row as a record; raises RecordError naming the reason."""
    missing = [c for c in ("id", "name", "organisation_id", "organisation_name") if not row.get(c)]
    if missing:
        raise RecordError(_("missing value: %(columns)s") % {"columns": ", ".join(missing)})
    whole = (row.get("serves_whole_territory") or "").strip().lower()
    if whole not in {"", "oui", "non", "true", "false", "1", "0", "yes", "no"}:
        raise RecordError(
            _("serves_whole_territory must be oui or non: %(value)s") % {"value": whole}
        )
    verified = (row.get("last_verified_on") or "").strip()
    try:
        verified_on = date.fromisoformat(verified) if verified else None
    except ValueError:
        raise RecordError(
            _("last_verified_on is not a date: %(value)s") % {"value": verified}
        ) from None
    return {
        "external_id": row["id"].strip(),
        **{name: (row.get(name) or "").strip() for name in SERVICE_TEXT_FIELDS},
        "categories": _split(row.get("categories")),
        "publics": _split(row.get("publics")),
        "conditions": _split(row.get("conditions")),
        "communes": _split(row.get("communes")),
        "serves_whole_territory": whole in {"oui", "true", "1", "yes"},
        "age_min": _age(row.get("age_min"), "age_min"),
        "age_max": _age(row.get("age_max"), "age_max"),
        "access_mode": (row.get("access_mode") or "direct").strip(),
        "last_verified_on": verified_on,
        "organisation": {
            "external_id": row["organisation_id"].strip(),
            "name": row["organisation_name"].strip(),
            "kind": (row.get("organisation_kind") or "other").strip(),
            "siret": (row.get("organisation_siret") or "").strip(),
            "commune": (row.get("organisation_commune") or "").strip(),
        },
    }


def write_services(services, out, *, include_professional: bool = True) -> None:
    columns = [c for c in COLUMNS if include_professional or c not in PROFESSIONAL_COLUMNS]
    writer = csv_files.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for service in services:
        writer.writerow(record_to_row(service_record(service, details=False)))


def iter_rows(lines):
    """Read CSV text lines as they come: ("record", line, record, []) for a good row,
    ("error", line, reason) for a bad one (the shape of directory.interop.stream.Stream)."""
    reader = csv_files.DictReader(lines)
    unknown = set(reader.fieldnames or []) - set(COLUMNS)
    if unknown:
        yield (
            "error",
            1,
            _("unknown columns: %(columns)s") % {"columns": ", ".join(sorted(unknown))},
        )
    for row in reader:
        line = reader.line_num
        try:
            yield "record", line, row_to_record(row), []
        except RecordError as error:
            yield "error", line, str(error)


def read_records(lines) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    """Read CSV text lines: (line number, record) for good rows, (line, reason) for bad."""
    records, errors = [], []
    for item in iter_rows(lines):
        if item[0] == "record":
            records.append((item[1], item[2]))
        else:
            errors.append((item[1], item[2]))
    return records, errors
