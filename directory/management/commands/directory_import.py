"""Load services and organisations from HSDS 3.0 (datapackage folder or JSON), data·inclusion
(JSON) or plain CSV. Everything is checked first; any bad row and nothing is loaded."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.importing import ImportRefused, directory_import
from directory.interop import csv as csv_format
from directory.interop import datainclusion, hsds
from portal.models import Territory


def read(format_name: str, path: Path):
    """(records, errors) from the file or folder at `path`."""
    if format_name == "csv":
        with open(path, newline="", encoding="utf-8-sig") as source:
            return csv_format.read_records(source)
    if format_name == "hsds" and path.is_dir():
        return hsds.read_package(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return [], [(f"{error.lineno}", f"JSON: {error.msg}")]
    if format_name == "hsds":
        return hsds.read_json(document)
    return datainclusion.read_document(document)


class Command(BaseCommand):
    help = "Import directory entries (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["hsds", "datainclusion", "csv"], required=True)
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate only.")
        parser.add_argument(
            "--territory",
            help="Slug of the territory of new organisations (default: the only one).",
        )

    def handle(self, *args, format, path, dry_run, territory, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        territories = Territory.objects.all()
        if territory:
            territories = territories.filter(slug=territory)
        if territories.count() != 1:
            raise CommandError("Name the territory of the new organisations with --territory.")
        records, errors = read(format, path)
        try:
            report = directory_import(
                records=records, territory=territories.get(), dry_run=dry_run, errors=errors
            )
        except ImportRefused as refused:
            for where, reason in refused.report.errors:
                self.stderr.write(f"{where}: {reason}")
            report = refused.report
            raise CommandError(
                f"Nothing imported: {len(report.errors)} problem(s) in {report.rows} row(s)."
            ) from None
        if dry_run:
            self.stdout.write(f"{report.rows} row(s) checked, no problem found (nothing imported).")
        else:
            self.stdout.write(f"{report.created} service(s) created, {report.updated} updated.")
