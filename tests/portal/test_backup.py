"""Backup and restore: `manage.py backup` writes the demo territory into one archive; into an
emptied database `manage.py restore` brings back every row of every model (same values) and
every file (same checksums). A database that holds accounts is refused, and so is a damaged
archive."""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from portal.backup import backed_up_models, file_roots
from register.models import Dysfunction, DysfunctionAttachment

pytestmark = pytest.mark.django_db


def _database():
    """Every row of every backed-up model, its foreign keys named by natural key (content
    type and permission ids may differ from one database to the next)."""
    state = {}
    for model in backed_up_models():
        rows = serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        state[model._meta.label] = {row["pk"]: row["fields"] for row in rows}
    return state


def _files():
    return {
        f"{area}/{path.relative_to(root)}": hashlib.sha256(path.read_bytes()).hexdigest()
        for area, root in file_roots().items()
        for path in root.rglob("*")
        if path.is_file()
    }


def _empty_media():
    for root in file_roots().values():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)


def _store_files():
    """A private attachment on a dysfunction and a public image beside it."""
    dysfunction = Dysfunction.objects.order_by("pk").first()
    attachment = DysfunctionAttachment(dysfunction=dysfunction, name="Compte rendu")
    attachment.file.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4 compte rendu"), save=True)
    public = Path(settings.MEDIA_ROOT) / "original_images" / "carte-du-territoire.png"
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_bytes(b"\x89PNG carte")


def _empty_database():
    """What a new database looks like to `restore`: migrated, without a row of data."""
    connection.check_constraints()  # PostgreSQL truncates nothing with checks pending
    call_command("flush", interactive=False, verbosity=0)


def test_the_demo_territory_survives_a_backup_and_a_restore(tmp_path):
    call_command("seed_demo", verbosity=0)
    _store_files()
    before, files = _database(), _files()
    assert sum(len(rows) for rows in before.values()) > 1000
    assert {name.split("/")[0] for name in files} == {"public", "private"}
    archive = tmp_path / "tablee.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())
    _empty_database()
    _empty_media()
    assert _files() == {}
    call_command("restore", str(archive), stdout=io.StringIO())

    after = _database()
    for label, rows in before.items():
        assert len(after[label]) == len(rows), label
        differing = {
            (pk, name)
            for pk, fields in rows.items()
            for name, value in fields.items()
            if after[label].get(pk, {}).get(name) != value
        }
        assert not differing, f"{label} differs after the restore: {sorted(differing)[:5]}"
    assert _files() == files
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["models"]["register.Dysfunction"] == len(before["register.Dysfunction"])
    assert len(manifest["files"]) == len(files)


def test_restore_refuses_a_database_that_holds_accounts(tmp_path, case_manager):
    archive = tmp_path / "tablee.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_refuses_a_damaged_archive(tmp_path, case_manager):
    archive, damaged = tmp_path / "tablee.tar.gz", tmp_path / "damaged.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "data/portal.user.json":
                data = data.replace(b"gestionnaire@", b"quelquun@")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    _empty_database()
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
