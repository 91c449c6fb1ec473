"""The tabular serialisation of HSDS 3.0: a folder with datapackage.json and one CSV file per
table. Files are found through the package's own resource paths; every table is checked with
`frictionless` against the official table schema of directory/standards/hsds/datapackage.json
(types, required values, unique identifiers); the tables the portal follows are then staged on
disk and joined one service at a time (staging.py), where the references the portal follows
are checked; the tables it does not read are reported as not kept."""

import csv
import json
from contextlib import ExitStack
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from directory.interop.hsds.json import STANDARD_DIR
from directory.interop.hsds.reading import record_from_service
from directory.interop.hsds.staging import CHILDREN, FOLLOWED, SILENT, Staging
from directory.interop.records import RecordError
from directory.interop.stream import Stream
from portal import csv_files


class PackageError(ValueError):
    """The package as a whole cannot be read (no datapackage.json, a file too big…)."""


@cache
def official_package() -> dict:
    return json.loads((STANDARD_DIR / "datapackage.json").read_text())


def official_resources() -> dict[str, dict]:
    return {r["name"]: r for r in official_package()["resources"]}


# --- writing ------------------------------------------------------------------------------


def _flat(item: dict) -> dict:
    return {k: v for k, v in item.items() if not isinstance(v, (list, dict))}


def flat_rows(services):
    """Compound services as the rows of the package's tables, (table, row), each row once, in
    the order they first appear; read as the services come (only identifiers are kept)."""
    seen: dict[str, set] = {name: set() for name in official_resources()}

    def put(table, item, **extra):
        if item["id"] not in seen[table]:
            seen[table].add(item["id"])
            yield table, {**_flat(item), **extra}

    def put_attributes(item):
        for attribute in item.get("attributes") or []:
            term = attribute["taxonomy_term"]
            yield from put("attribute", attribute)
            yield from put("taxonomy_term", term)
            if term.get("taxonomy_detail"):
                yield from put("taxonomy", term["taxonomy_detail"])

    for service in services:
        organisation = service["organization"]
        yield from put("organization", organisation)
        for phone in organisation.get("phones") or []:
            yield from put("phone", phone, organization_id=organisation["id"])
        for item in organisation.get("organization_identifiers") or []:
            yield from put("organization_identifier", item, organization_id=organisation["id"])
        yield from put_attributes(organisation)
        yield from put("service", service, organization_id=organisation["id"])
        for table, key in CHILDREN.items():
            for item in service.get(key) or []:
                yield from put(table, item, service_id=service["id"])
        for link in service.get("service_at_locations") or []:
            location = link["location"]
            yield from put(
                "service_at_location", link, service_id=service["id"], location_id=location["id"]
            )
            yield from put("location", location)
            for address in location.get("addresses") or []:
                yield from put("address", address, location_id=location["id"])
        yield from put_attributes(service)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_package(folder: Path, services) -> None:
    """The package in `folder`: every table of HSDS 3.0 at its official path (a header alone
    when the portal has nothing for it) and the official datapackage.json. The services may be
    any iterable: each table's rows are written as they come."""
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as files:
        writers = {}
        for table, resource in official_resources().items():
            fields = [f["name"] for f in resource["schema"]["fields"]]
            out = files.enter_context(
                open(folder / resource["path"], "w", newline="", encoding="utf-8")
            )
            writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            writers[table] = (writer, fields)
        for table, row in flat_rows(services):
            writer, fields = writers[table]
            # text is made inert for spreadsheets; numbers keep their type for the schema
            writer.writerow({k: _cell(csv_files.neutralise(row.get(k))) for k in fields})
    (folder / "datapackage.json").write_bytes((STANDARD_DIR / "datapackage.json").read_bytes())


def validate_package(folder: Path) -> list[tuple[str, str]]:
    """Every table of the folder checked with frictionless against the official package,
    foreign keys included."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(official_package(), basepath=str(folder)).validate()
    return _errors(report)


def _errors(report) -> list[tuple[str, str]]:
    errors = []
    for task in report.tasks:
        name = Path(task.place).name if task.place else task.name
        for error in task.errors:
            line = getattr(error, "row_number", None)
            errors.append((f"{name}:{line}" if line else name, error.message))
    return errors


# --- reading ------------------------------------------------------------------------------


def _check_size(path: Path, limit: int) -> None:
    if path.stat().st_size > limit:
        raise PackageError(
            _("%(file)s is larger than the limit of %(mb)s MB")
            % {"file": path.name, "mb": round(limit / 1_000_000, 1)}
        )


def _resources(folder: Path, limit: int) -> tuple[dict[str, Path], list[tuple[str, str]]]:
    """The package's tables and their files, from its datapackage.json."""
    descriptor_path = folder / "datapackage.json"
    if not descriptor_path.is_file():
        raise PackageError(_("the folder has no datapackage.json"))
    _check_size(descriptor_path, limit)
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as error:
        raise PackageError(_("datapackage.json is not valid JSON: %(e)s") % {"e": error}) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError(_("datapackage.json lists no resources"))
    known, found, errors = official_resources(), {}, []
    root = folder.resolve()
    for resource in descriptor["resources"]:
        name, path = (resource or {}).get("name"), (resource or {}).get("path")
        if name not in known:
            errors.append(("datapackage.json", _("unknown resource: %(name)s") % {"name": name}))
            continue
        if not isinstance(path, str) or not path:
            errors.append(("datapackage.json", _("resource %(name)s has no path") % {"name": name}))
            continue
        file = (folder / path).resolve()
        if root not in file.parents:
            errors.append((path, _("the path leaves the package's folder")))
        elif not file.is_file():
            errors.append((path, _("missing resource file")))
        else:
            _check_size(file, limit)
            found[name] = file
    if "service" not in found or "organization" not in found:
        errors.append(
            ("datapackage.json", _("a package needs its organization and service tables"))
        )
    return found, errors


def _check_table(name: str, file: Path) -> list[tuple[str, str]]:
    """The table's file checked against its official schema, as frictionless reads it."""
    from frictionless import Resource, Schema, system

    fields = {f["name"]: f for f in official_resources()[name]["schema"]["fields"]}
    with open(file, newline="", encoding="utf-8-sig") as source:
        header = next(csv.reader(source), [])
    unknown = [c for c in header if c not in fields]
    missing = [
        n for n, f in fields.items() if f.get("constraints", {}).get("required") and n not in header
    ]
    errors = []
    if unknown:
        errors.append((file.name, _("unknown columns: %(c)s") % {"c": ", ".join(unknown)}))
    if missing:
        errors.append((file.name, _("missing required columns: %(c)s") % {"c": ", ".join(missing)}))
    if errors:
        return errors
    schema = {"fields": [fields[c] for c in header]}
    if "id" in header:
        schema["primaryKey"] = ["id"]
    with system.use_context(trusted=True):
        resource = Resource(path=str(file), schema=Schema.from_descriptor(schema), format="csv")
        report = resource.validate()
    return [] if report.valid else _errors(report)


def _has_rows(file: Path) -> bool:
    with open(file, newline="", encoding="utf-8-sig") as source:
        return next(csv_files.DictReader(source), None) is not None


def _references_out(compound: dict) -> dict:
    """Drop the columns that tie a child row to the tables the portal reads it from."""
    drop = {
        "service_id", "location_id", "organization_id", "contact_id", "service_at_location_id",
        "phone_id", "link_id", "link_entity", "link_type", "taxonomy_term_id", "parent_id",
    }  # fmt: skip
    kept = {}
    for key, value in compound.items():
        if isinstance(value, dict):
            kept[key] = _references_out(value)
        elif isinstance(value, list):
            kept[key] = [_references_out(v) if isinstance(v, dict) else v for v in value]
        elif key not in drop or value is None:
            kept[key] = value
    return kept


class _PackageReader:
    """The produce() and close() of a package's Stream. At the first pass every table is
    checked and the followed ones are staged; the staging stays until close()."""

    def __init__(self, folder: Path, limit: int):
        self.folder, self.limit = folder, limit
        self.staging: Staging | None = None
        self.prepared = False
        self.errors: list[tuple[str, str]] = []  # the package's refusal, or its references
        self.dropped_all: list[str] = []  # what no record keeps, named for every record

    def _prepare(self) -> None:
        try:
            files, errors = _resources(self.folder, self.limit)
        except PackageError as error:
            self.errors = [("-", str(error))]
            return
        paths = {name: r["path"] for name, r in official_resources().items()}
        paths.update((name, file.name) for name, file in files.items())
        fields = {name: [f["name"] for f in official_resources()[name]["schema"]["fields"]]
                  for name in FOLLOWED}  # fmt: skip
        self.staging = Staging(fields, paths)
        for name, file in files.items():
            errors += _check_table(name, file)
            if errors:
                continue  # refused: nothing more to stage
            if name in FOLLOWED:
                self.staging.load(name, file)
            elif name not in SILENT and _has_rows(file):
                self.dropped_all.append(paths[name])
        if errors:
            self.errors = errors
            self.close()
            return
        self.staging.index()
        self.dropped_all += self.staging.unknown_entities()
        self.errors = self.staging.reference_errors()

    def produce(self):
        if not self.prepared:
            self.prepared = True
            self._prepare()
        for where, reason in self.errors:
            yield "error", where, reason
        if self.staging is None:
            return
        for where, compound in self.staging.services():
            try:
                record, not_kept = record_from_service(_references_out(compound))
            except RecordError as error:
                yield "error", where, str(error)
                continue
            yield "record", where, record, sorted(set(not_kept) | set(self.dropped_all))

    def close(self) -> None:
        if self.staging is not None:
            self.staging.close()
            self.staging = None


def read_package(folder: Path, *, limit: int) -> Stream:
    """The records of a package folder, with where each was, as a Stream read again at each
    pass: its errors are the package's (files, tables, references, services) and its fields not
    kept those of each record. Close it (`with read_package(...) as records:`) to remove the
    tables staged on disk at the first pass."""
    reader = _PackageReader(folder, limit)
    return Stream(reader.produce, close=reader.close)
