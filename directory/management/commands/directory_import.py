"""Load services and organisations from HSDS 3.0 (datapackage folder or JSON), data·inclusion
(JSON) or plain CSV. Everything is checked first; any bad row and nothing is loaded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.importing import ImportRefused
from directory.imports import directory_import
from directory.interop import files
from portal.models import Territory


class Command(BaseCommand):
    help = "Import directory entries (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=files.FORMATS, required=True)
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate only.")
        parser.add_argument(
            "--territory",
            help="Slug of the territory of new organisations (default: the only one).",
        )
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="Save the entries as drafts awaiting the pilot's approval instead of publishing.",
        )
        parser.add_argument(
            "--source", default="", help="Name of the source (kept on new entries)."
        )
        parser.add_argument(
            "--withdraw-absent",
            action="store_true",
            help="Withdraw the published entries of the --source that the file no longer lists.",
        )

    def handle(self, *args, format, path, dry_run, territory, drafts, source, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        territories = Territory.objects.all()
        if territory:
            territories = territories.filter(slug=territory)
        if territories.count() != 1:
            raise CommandError("Name the territory of the new organisations with --territory.")
        territory = territories.get()
        codes = list(territory.communes.values_list("insee_code", flat=True))
        # A file may span the region: each structure's zone is read against its own territory.
        codes_by_commune = {}
        for other in Territory.objects.prefetch_related("communes"):
            other_codes = [commune.insee_code for commune in other.communes.all()]
            codes_by_commune.update(dict.fromkeys(other_codes, other_codes))
        records, errors, dropped = files.read(
            format, path, territory_codes=codes, codes_by_commune=codes_by_commune
        )
        # The records are read at each pass; closing them removes what the reader staged.
        with records:
            try:
                report = directory_import(
                    records=records,
                    territory=territory,
                    errors=errors,
                    dropped=dropped,
                    dry_run=dry_run,
                    as_drafts=drafts,
                    source=source,
                    withdraw_absent=options["withdraw_absent"],
                    exported_id=files.exported_id(format),
                    same=files.same(format, territory_codes=codes),
                )
            except ImportRefused as refused:
                for where, reason in refused.report.errors:
                    self.stderr.write(f"{where}: {reason}")
                report = refused.report
                raise CommandError(
                    f"Nothing imported: {len(report.errors)} problem(s) in {report.rows} row(s)."
                ) from None
        for name, count in sorted(report.not_kept.items()):
            self.stdout.write(f"Not kept: {name} ({count} service(s))")
        if dry_run:
            self.stdout.write(f"{report.rows} row(s) checked, no problem found (nothing imported).")
            return
        state = "as drafts awaiting the pilot's approval" if report.drafts else "published"
        self.stdout.write(
            f"{report.created} service(s) created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.withdrawn} withdrawn ({state})."
        )
