"""The JSON serialisation of HSDS 3.0: one compound service, a list of them, or a paged list
(`{"contents": [...], "total_items": …}`), each service checked against the official compiled
schema (directory/standards/hsds/schema/compiled/service.json)."""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from directory.interop.hsds.reading import record_from_service
from directory.interop.records import RecordError

STANDARD_DIR = Path(__file__).resolve().parent.parent.parent / "standards" / "hsds"


@cache
def _validator():
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((STANDARD_DIR / "schema" / "compiled" / "service.json").read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate_service(service) -> list[str]:
    """The official schema's complaints about one compound service (empty when valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '-'}: {error.message}"
        for error in sorted(_validator().iter_errors(service), key=lambda e: list(e.path))
    ]


def services_of(document) -> list | None:
    """The services of a document in any of the three shapes, or None."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if isinstance(document.get("contents"), list):
            return document["contents"]
        if "id" in document and "name" in document:
            return [document]
    return None


def iter_services(services):
    """Each compound service checked and read as it comes: ("record", where, record, not_kept)
    or ("error", where, reason) (the shape of directory.interop.stream.Stream)."""
    for i, service in enumerate(services, start=1):
        where = f"[{i}]"
        problems = validate_service(service)
        if problems:
            yield "error", where, "; ".join(problems[:10])
            continue
        try:
            record, not_kept = record_from_service(service)
        except RecordError as error:
            yield "error", where, str(error)
            continue
        yield "record", where, record, not_kept


def not_services() -> str:
    return _("neither an HSDS service, a list of services nor a paged list")


def read_json(document) -> tuple[list[tuple[str, dict]], list[tuple[str, str]], list]:
    """(records with where each was, errors, dropped fields by record)."""
    services = services_of(document)
    if services is None:
        return [], [("-", not_services())], []
    records, errors, dropped = [], [], []
    for item in iter_services(services):
        if item[0] == "record":
            records.append((item[1], item[2]))
            dropped.append(item[3])
        else:
            errors.append((item[1], item[2]))
    return records, errors, dropped
