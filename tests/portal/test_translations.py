"""The French catalogue is complete: every string the code and templates mark for translation
has a French translation (extracted afresh from a copy of the source, as `make messages` does)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", "*.pyc", "*.mo", "media", "static_collected", "db.sqlite3",
    "node_modules", ".pytest_cache", ".ruff_cache", "tests", "bench",
)  # fmt: skip


def test_french_catalogue_is_complete(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    catalogues = sorted(copy.glob("**/locale/fr/LC_MESSAGES/django.po"))
    assert catalogues, "no French catalogue found"
    untranslated = []
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not entry.translated():
                untranslated.append(f"{path.relative_to(copy)}: {entry.msgid!r}")
    assert not untranslated, "Untranslated strings:\n" + "\n".join(untranslated)
