"""Backups as one portable archive: the database as data (one JSON file per model, foreign keys
to content types, permissions and accounts by natural key), the public and the private files,
and a manifest with each model's row count and each file's SHA-256.

`backup` writes it from a running portal; `restore` loads it into an empty database (freshly
migrated) and checks it against its manifest, before and after loading. Content types and
permissions are not in the archive: `migrate` creates them, and the rows that point at them
name them by natural key. Derived data is rebuilt rather than copied (the search index) or
left behind (sessions: everyone signs in again)."""

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from portal.indexing import search_index_paused

FORMAT = "tablee-backup/1"
MANIFEST = "manifest.json"
# Recreated by `migrate` (and named by natural key), rebuilt after a restore, or not worth
# keeping across one.
EXCLUDED = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
        "portal.dataversion",
        "wagtailsearch.indexentry",
        "wagtailsearch.sqliteftsindexentry",
    }
)


class BackupError(Exception):
    """The archive cannot be restored here (not empty, damaged, or not a Tablée backup)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_roots() -> dict[str, Path]:
    return {"public": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def backed_up_models() -> list:
    """Every concrete model with a table, in an order where what a row refers to by natural
    key is loaded before it."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED
    ]
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    return [m for m in ordered if m in models]


def _data_name(model) -> str:
    return f"data/{model._meta.label_lower}.json"


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to the millisecond; a backup keeps them to the
    microsecond, as the database holds them."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _serialize(model) -> tuple[str, int]:
    queryset = model._base_manager.order_by("pk")
    text = serializers.serialize(
        "json",
        queryset.iterator(),
        use_natural_foreign_keys=True,
        indent=1,
        cls=_ExactJSONEncoder,
    )
    return text, queryset.count()


def _stored_files():
    """(archive name, path) of every public and private file."""
    for area, root in file_roots().items():
        if not root.exists():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            yield f"files/{area}/{path.relative_to(root).as_posix()}", path


def _add(archive, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_write(path) -> dict:
    """Write the whole portal into one .tar.gz archive at `path`; returns its manifest."""
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "models": {}}
    manifest["files"], manifest["data"] = {}, {}
    with tarfile.open(path, "w:gz") as archive:
        # One consistent read of the database (a snapshot on PostgreSQL, when the command
        # opens the transaction itself).
        connection = connections[DEFAULT_DB_ALIAS]
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for model in backed_up_models():
                text, count = _serialize(model)
                data = text.encode("utf-8")
                name = _data_name(model)
                _add(archive, name, data)
                manifest["models"][model._meta.label] = count
                manifest["data"][name] = _sha256(data)
        for name, file_path in _stored_files():
            data = file_path.read_bytes()
            _add(archive, name, data)
            manifest["files"][name] = _sha256(data)
        _add(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return manifest


@dataclass
class _Archive:
    manifest: dict
    members: dict  # name -> bytes


def _read(path) -> _Archive:
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {}
            for member in archive.getmembers():
                if not member.isfile():
                    continue
                if member.name.startswith("/") or ".." in Path(member.name).parts:
                    raise BackupError(f"Unsafe name in the archive: {member.name}")
                members[member.name] = archive.extractfile(member).read()
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"Not a readable archive: {error}") from error
    if MANIFEST not in members:
        raise BackupError("The archive has no manifest: it is not a Tablée backup.")
    manifest = json.loads(members[MANIFEST])
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format: {manifest.get('format')!r}.")
    for name, digest in {**manifest["data"], **manifest["files"]}.items():
        if name not in members:
            raise BackupError(f"The archive lacks {name}, which its manifest lists.")
        if _sha256(members[name]) != digest:
            raise BackupError(f"{name} does not match its checksum: the archive is damaged.")
    return _Archive(manifest, members)


def database_is_empty() -> tuple[bool, str]:
    """A database to restore into holds no account (a freshly migrated one)."""
    accounts = get_user_model()._base_manager.count()
    if accounts:
        return False, f"{accounts} account(s)"
    return True, ""


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in backed_up_models()}


def backup_restore(path) -> dict:
    """Load the archive at `path` into this (empty) database and its files into the media
    folders; check the manifest before (checksums) and after (row counts). Returns the
    manifest."""
    archive = _read(path)
    empty, holds = database_is_empty()
    if not empty:
        raise BackupError(
            f"The database is not empty ({holds}): restore only into a new database "
            "(create it, run `manage.py migrate`, then `manage.py restore`)."
        )
    known = {model._meta.label for model in backed_up_models()}
    unknown = set(archive.manifest["models"]) - known
    if unknown:
        raise BackupError(f"The archive holds models this version lacks: {sorted(unknown)}.")
    with tempfile.TemporaryDirectory(prefix="tablee-restore-") as folder:
        fixtures = []
        for model in backed_up_models():
            name = _data_name(model)
            if name not in archive.members:
                continue
            fixture = Path(folder) / name.replace("/", "_")
            fixture.write_bytes(archive.members[name])
            fixtures.append(str(fixture))
        with transaction.atomic(), search_index_paused():
            # The rows `migrate` seeds (Wagtail's root page and site, reference lists) give way
            # to the archive's; content types and permissions are recreated at once.
            connection = connections[DEFAULT_DB_ALIAS]
            if connection.vendor == "postgresql":
                # PostgreSQL truncates no table with checks still pending in the transaction.
                connection.check_constraints()
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", *fixtures, verbosity=0)
            counts = model_counts()
            wrong = {
                label: (expected, counts.get(label))
                for label, expected in archive.manifest["models"].items()
                if counts.get(label) != expected
            }
            if wrong:
                raise BackupError(f"Row counts differ from the manifest after loading: {wrong}")
    roots = file_roots()
    for name in archive.manifest["files"]:
        _, area, relative = name.split("/", 2)
        target = roots[area] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.members[name])
    # Rows loaded as data are not indexed as they are saved: rebuild the search index.
    call_command("update_index", verbosity=0)
    return archive.manifest
