from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Load an archive written by `manage.py backup` into an empty database (create it and "
        "run `manage.py migrate` first) and its files into MEDIA_ROOT and PRIVATE_MEDIA_ROOT; "
        "the checksums and row counts of its manifest are checked. A database that already "
        "holds accounts is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="an archive written by `manage.py backup`")

    def handle(self, *args, path, **options):
        try:
            manifest = backup_restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["models"].values())
        self.stdout.write(
            f"Restored {rows} rows of {len(manifest['models'])} models and "
            f"{len(manifest['files'])} files from {path} (written {manifest['created_at']})."
        )
