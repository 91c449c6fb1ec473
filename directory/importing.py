"""Checking records (from HSDS, data·inclusion or CSV, see directory/interop/) before they are
loaded: every row is checked first, and any bad row refuses the whole import. The loading
itself is directory.imports.directory_import."""

import uuid
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directory.interop.records import SERVICE_TEXT_FIELDS, ImportReport
from directory.models import (
    Category,
    Condition,
    Location,
    Organisation,
    Public,
    Service,
    ServiceArea,
    ServiceLanguage,
    ServicePhone,
    ServiceSchedule,
)
from portal.models import Commune

SERVICE_CHECKED_FIELDS = [*SERVICE_TEXT_FIELDS, "age_min", "age_max", "access_mode"]
STRUCTURED = {"phones", "schedules", "spoken_languages", "areas", "locations"}


class ImportRefused(Exception):
    def __init__(self, report: ImportReport):
        super().__init__("import refused")
        self.report = report


def _references():
    return {
        "categories": {c.value: c for c in Category.objects.all()},
        "publics": {p.value: p for p in Public.objects.all()},
        "conditions": {c.value: c for c in Condition.objects.all()},
    }


def _check_details(record: dict) -> list[str]:
    """Each structured detail checked against its model's fields (lengths, times, URLs)."""
    models = {
        "phones": ServicePhone,
        "schedules": ServiceSchedule,
        "spoken_languages": ServiceLanguage,
        "areas": ServiceArea,
        "locations": Location,
    }
    problems = []
    for key, model in models.items():
        for row in record.get(key) or []:
            item = model(**{k: ("" if v is None and _blank_text(model, k) else v)
                            for k, v in row.items() if k != "id"})  # fmt: skip
            try:
                item.clean_fields(exclude=["service", "organisation", "hsds_id", "sort_order"])
                uuid.UUID(str(row["id"]))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    problems.append(f"{key}.{field}: {' '.join(messages)}")
            except ValueError:
                problems.append(f"{key}.id: {row['id']}")
            if key == "schedules" and row.get("opens_at") and row.get("closes_at"):
                if str(row["opens_at"]) >= str(row["closes_at"]):
                    problems.append(_("opening hours: it closes before it opens"))
    return problems


def _blank_text(model, name: str) -> bool:
    field = model._meta.get_field(name)
    return not field.null


def _check(record: dict, references: dict, communes: dict) -> list[str]:
    problems = []
    labels = {
        "categories": _("unknown category"),
        "publics": _("unknown public"),
        "conditions": _("unknown condition"),
    }
    for key, known in references.items():
        unknown = [v for v in record.get(key, []) if v not in known]
        if unknown:
            problems.append(f"{labels[key]}: {', '.join(unknown)}")
    unknown = [code for code in record["communes"] if code not in communes]
    if unknown:
        problems.append(_("unknown commune: %(codes)s") % {"codes": ", ".join(unknown)})
    kind = record["organisation"].get("kind") or Organisation.Kind.OTHER
    if kind not in Organisation.Kind.values:
        problems.append(_("unknown kind of organisation: %(kind)s") % {"kind": kind})
    if record["organisation"].get("commune") and record["organisation"]["commune"] not in communes:
        problems.append(
            _("unknown commune: %(codes)s") % {"codes": record["organisation"]["commune"]}
        )
    service = Service(**{name: record.get(name, "") or "" for name in SERVICE_TEXT_FIELDS})
    service.age_min, service.age_max = record["age_min"], record["age_max"]
    service.access_mode = record["access_mode"]
    try:
        service.clean_fields(
            exclude=[f.name for f in Service._meta.fields if f.name not in SERVICE_CHECKED_FIELDS]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.append(f"{field}: {' '.join(messages)}")
    problems += _check_details(record)
    if (
        record["age_min"] is not None
        and record["age_max"] is not None
        and record["age_min"] > record["age_max"]
    ):
        problems.append(_("the minimum age is above the maximum age"))
    return problems


def batch_size() -> int:
    """How many rows an import checks, looks up and writes at a time."""
    return getattr(settings, "DIRECTORY_IMPORT_BATCH", 500)


def batches(iterable, size: int):
    """Lists of `size` items (the last one shorter) taken from `iterable` as it comes."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def check_records(*, records, errors=()) -> tuple[ImportReport, dict, dict]:
    """Check every record before anything is written: (report, references, communes). Raises
    ImportRefused, whose report names each bad row and its reason, when any row is bad.
    `errors` are the problems the format's reader already found; `records` may be read as they
    come (directory.interop.stream.Stream, whose own errors are added after this pass). Only the
    communes named and each row's identifier are kept from one batch to the next."""
    references = _references()
    communes, unknown = {}, set()
    problems, seen, rows = [], {}, 0
    for batch in batches(records, batch_size()):
        rows += len(batch)
        codes = {
            c for _where, r in batch for c in [*r["communes"], r["organisation"].get("commune")]
        }
        codes -= {"", None, *communes, *unknown}
        if codes:
            communes.update((c.insee_code, c) for c in Commune.objects.filter(insee_code__in=codes))
            unknown |= codes - set(communes)
        for where, record in batch:
            problems += [(where, problem) for problem in _check(record, references, communes)]
            if record["external_id"] in seen:
                problems.append((
                    where,
                    _("same identifier as %(other)s: %(id)s")
                    % {"other": seen[record["external_id"]], "id": record["external_id"]},
                ))  # fmt: skip
            seen.setdefault(record["external_id"], where)
    reader_errors = [*errors, *getattr(records, "errors", ())]
    report = ImportReport(rows=rows + len(reader_errors))
    for where, reason in [*reader_errors, *problems]:
        report.add(where, reason)
    if not report.ok:
        raise ImportRefused(report)
    return report, references, communes
