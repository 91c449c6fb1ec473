"""Publish the directory's live entries as HSDS 3.0 (datapackage folder, or JSON when PATH ends
with .json: a list of compound services), data·inclusion (JSON) or plain CSV. Each output is
checked with the standard's own tool before it is written.

The services are read as streams (directory.streaming.service_export_all) and written as they
come, into a file beside PATH that replaces it once complete: memory does not grow with the
number of services, and the queries are the same whatever that number."""

import json
import os
import shutil
import tempfile
import textwrap
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import streaming
from directory.interop import csv as csv_format
from directory.interop import datainclusion
from directory.interop.hsds import json as hsds_json
from directory.interop.hsds import mapping as hsds
from directory.interop.hsds import package as hsds_package
from directory.interop.records import service_record
from portal.models import Commune


@contextmanager
def _replacing(path: Path, *, newline=None):
    """A text file written beside `path` that takes its place only when complete."""
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with open(handle, "w", newline=newline, encoding="utf-8") as out:
            yield out
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(partial, 0o666 & ~mask)  # as a plain open() would have made it
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def _write_list(out, items, level: int) -> None:
    """A JSON list written item by item, as json.dumps(indent=2) lays it out at `level`."""
    first = True
    out.write("[")
    for item in items:
        out.write("\n" if first else ",\n")
        out.write(
            textwrap.indent(json.dumps(item, indent=2, ensure_ascii=False), "  " * (level + 1))
        )
        first = False
    out.write("]" if first else "\n" + "  " * level + "]")


class Command(BaseCommand):
    help = "Export the published directory entries."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["hsds", "datainclusion", "csv"], required=True)
        parser.add_argument("path", type=Path)

    def handle(self, *args, format, path, **options):
        count = 0

        def services():
            nonlocal count
            count = 0
            for service in streaming.service_export_all():
                count += 1
                yield service

        if format == "csv":
            with _replacing(path, newline="") as out:
                csv_format.write_services(services(), out)
        elif format == "hsds":
            self._hsds(services(), path)
        else:
            self._datainclusion(services, path)
        self.stdout.write(f"{count} service(s) written to {path}.")

    def _hsds(self, services, path: Path) -> None:
        problems = []

        def compound():
            for service in services:
                item = hsds.service_from_record(service_record(service))
                if len(problems) < 10:
                    problems.extend(hsds_json.validate_service(item))
                yield item

        if path.suffix == ".json":
            with _replacing(path) as out:
                _write_list(out, compound(), 0)
                if problems:
                    raise CommandError("; ".join(problems[:10]))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as partial:
            hsds_package.write_package(Path(partial), compound())
            if problems:
                raise CommandError("; ".join(problems[:10]))
            path.mkdir(parents=True, exist_ok=True)
            for written in Path(partial).iterdir():
                shutil.move(written, path / written.name)
        errors = hsds_package.validate_package(path)
        if errors:
            raise CommandError("; ".join(f"{w}: {r}" for w, r in errors[:10]))

    def _datainclusion(self, services, path: Path) -> None:
        """Two passes over the services: the structures (one per organisation, as its first
        service by id gives it), then the services."""
        territory_codes = {}
        for code, territory_id in Commune.objects.values_list("insee_code", "territory_id"):
            territory_codes.setdefault(territory_id, []).append(code)

        def documents():
            for service in services():
                record = service_record(service)
                document = datainclusion.write_document(
                    [record],
                    territory_codes=territory_codes.get(service.organisation.territory_id, []),
                )
                yield record, document

        missing: dict[str, int] = {}

        def structures():
            seen = set()
            for record, document in documents():
                for name in datainclusion.not_carried(record):
                    missing[name] = missing.get(name, 0) + 1
                for structure in document["structures"]:
                    if structure["id"] not in seen:
                        seen.add(structure["id"])
                        datainclusion.validate_structure(structure)
                        yield structure

        def rows():
            for _record, document in documents():
                for row in document["services"]:
                    datainclusion.validate_service(row)
                    yield row

        with _replacing(path) as out:
            out.write('{\n  "structures": ')
            _write_list(out, structures(), 1)
            for name, count in sorted(missing.items()):
                self.stdout.write(f"Not carried by data·inclusion: {name} ({count} service(s))")
            out.write(',\n  "services": ')
            _write_list(out, rows(), 1)
            out.write("\n}")
