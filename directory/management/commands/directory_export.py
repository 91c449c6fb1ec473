"""Publish the directory's live entries as HSDS 3.0 (datapackage folder, or JSON when PATH ends
with .json: a list of compound services), data·inclusion (JSON) or plain CSV. Each output is
checked with the standard's own tool before it is written."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.interop import csv as csv_format
from directory.interop import datainclusion
from directory.interop.hsds import json as hsds_json
from directory.interop.hsds import mapping as hsds
from directory.interop.hsds import package as hsds_package
from directory.interop.records import service_record
from directory.selectors import service_live, service_with_details
from portal.models import Commune


class Command(BaseCommand):
    help = "Export the published directory entries."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["hsds", "datainclusion", "csv"], required=True)
        parser.add_argument("path", type=Path)

    def handle(self, *args, format, path, **options):
        services = service_with_details(service_live()).order_by("pk")
        if format == "csv":
            with open(path, "w", newline="", encoding="utf-8") as out:
                csv_format.write_services(services, out)
            self.stdout.write(f"{services.count()} service(s) written to {path}.")
            return
        records = [service_record(s) for s in services]
        if format == "hsds":
            compound = [hsds.service_from_record(r) for r in records]
            problems = [p for s in compound for p in hsds_json.validate_service(s)]
            if problems:
                raise CommandError("; ".join(problems[:10]))
            if path.suffix == ".json":
                path.write_text(json.dumps(compound, indent=2, ensure_ascii=False))
            else:
                hsds_package.write_package(path, compound)
                errors = hsds_package.validate_package(path)
                if errors:
                    raise CommandError("; ".join(f"{w}: {r}" for w, r in errors[:10]))
        else:
            territory_codes = {}
            for code, territory_id in Commune.objects.values_list("insee_code", "territory_id"):
                territory_codes.setdefault(territory_id, []).append(code)
            structures, rows = {}, []
            for service, record in zip(services, records, strict=True):
                document = datainclusion.write_document(
                    [record],
                    territory_codes=territory_codes.get(service.organisation.territory_id, []),
                )
                for structure in document["structures"]:
                    structures.setdefault(structure["id"], structure)
                rows += document["services"]
            missing: dict[str, int] = {}
            for record in records:
                for name in datainclusion.not_carried(record):
                    missing[name] = missing.get(name, 0) + 1
            for name, count in sorted(missing.items()):
                self.stdout.write(f"Not carried by data·inclusion: {name} ({count} service(s))")
            for row in [*structures.values(), *rows]:
                validate = (
                    datainclusion.validate_service
                    if "structure_id" in row
                    else datainclusion.validate_structure
                )
                validate(row)
            path.write_text(
                json.dumps(
                    {"structures": list(structures.values()), "services": rows},
                    indent=2,
                    ensure_ascii=False,
                )
            )
        self.stdout.write(f"{len(records)} service(s) written to {path}.")
