from django.core.management.base import BaseCommand

from portal.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write the whole portal into one archive (.tar.gz): the database as portable JSON data "
        "(one file per model), the public and private files, and a manifest with row counts "
        "and SHA-256 checksums. `manage.py restore PATH` loads it into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. tablee-2026-11-30.tar.gz")

    def handle(self, *args, path, **options):
        manifest = backup_write(path)
        rows = sum(manifest["models"].values())
        self.stdout.write(
            f"{path}: {rows} rows of {len(manifest['models'])} models, "
            f"{len(manifest['files'])} files."
        )
