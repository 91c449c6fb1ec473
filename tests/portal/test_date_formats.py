"""One way to write a date on the portal's pages and e-mails: "21 décembre 2026", with the
time after a comma ("21 décembre 2026, 14:00") and the weekday for meetings; no "21/12/2026"
or "21 Déc 2026" beside it on the same page."""

import re
from pathlib import Path

from django.conf import settings

ALLOWED = {"j F Y", "j F Y, H:i", "l j F Y", "l j F Y, H:i", "H:i", "Y"}
DATE_FILTER = re.compile(r"\|date:[\"']([^\"']*)[\"']")


def test_templates_write_dates_in_one_style():
    root = Path(settings.BASE_DIR)
    found = {}
    for path in root.glob("*/templates/**/*"):
        if path.suffix not in {".html", ".txt"} or ".venv" in path.parts:
            continue
        for fmt in DATE_FILTER.findall(path.read_text()):
            found.setdefault(fmt, []).append(str(path.relative_to(root)))
    for path in (root / "templates").glob("**/*.html"):
        for fmt in DATE_FILTER.findall(path.read_text()):
            found.setdefault(fmt, []).append(str(path.relative_to(root)))
    odd = {fmt: paths for fmt, paths in found.items() if fmt not in ALLOWED}
    assert not odd, odd
    assert "j F Y" in found
