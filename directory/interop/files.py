"""Reading an import file or folder in any of the formats, with the limits that keep a bad
file from hurting the server (size, JSON depth), and what each format needs to recognise the
portal's own exports (identifiers, "nothing changed"). CSV and JSON files are read as they come
(a csv reader over the file, ijson's events), an HSDS package's tables staged on disk and joined
one service at a time (hsds/staging.py): nothing is held whole in memory."""

from pathlib import Path

import ijson
from django.conf import settings
from django.utils.translation import gettext as _

from directory.interop import csv as csv_format
from directory.interop import datainclusion
from directory.interop.hsds import json as hsds_json
from directory.interop.hsds import mapping as hsds
from directory.interop.hsds import package as hsds_package
from directory.interop.stream import Stream

FORMATS = ["hsds", "datainclusion", "csv"]
MAX_DEPTH = 32


def size_limit() -> int:
    return getattr(settings, "DIRECTORY_IMPORT_MAX_BYTES", 20_000_000)


def scan_json(path: Path) -> tuple[str | None, str | None, dict]:
    """One pass over the JSON's parsing events, nothing kept: (the problem, in plain words, or
    None; the top-level value's first event; for an object, the first event of each key's
    value). Refuses a file above the size limit, text that is not UTF-8 JSON, and nesting
    deeper than MAX_DEPTH levels (a value inside a list or an object is one level deeper)."""
    if path.stat().st_size > size_limit():
        problem = _("the file is larger than the limit of %(mb)s MB") % {
            "mb": round(size_limit() / 1_000_000, 1)
        }
        return problem, None, {}
    level = deepest = 0
    top, keys, key = None, {}, None
    try:
        with open(path, "rb") as source:
            for _prefix, event, value in ijson.parse(source):
                if top is None:
                    top = event
                if key is not None:
                    keys[key], key = event, None
                if event in ("start_map", "start_array"):
                    level += 1
                    deepest = max(deepest, level)
                elif event in ("end_map", "end_array"):
                    level -= 1
                elif event == "map_key":
                    key = value if level == 1 else None
                else:
                    deepest = max(deepest, level + 1)
                if deepest > MAX_DEPTH:
                    problem = _("the JSON is nested too deeply (more than %(n)s levels)") % {
                        "n": MAX_DEPTH
                    }
                    return problem, None, {}
    except UnicodeDecodeError:
        return _("the file is not UTF-8 text"), None, {}
    except ijson.JSONError as error:
        if "utf" in str(error).lower():
            return _("the file is not UTF-8 text"), None, {}
        return f"JSON: {str(error).strip()}", None, {}
    return None, top, keys


def _json_items(path: Path, prefix: str):
    with open(path, "rb") as source:
        yield from ijson.items(source, prefix, use_float=True)


def _json_rows(format_name: str, path: Path, territory_codes, codes_by_commune):
    """The produce() of a Stream over an HSDS or data·inclusion JSON file (scanned once)."""
    scanned = []

    def produce():
        if not scanned:
            scanned.append(scan_json(path))
        problem, top, keys = scanned[0]
        if problem:
            yield "error", "-", problem
            return
        if format_name == "hsds":
            # The three shapes of hsds_json.services_of: a list, a paged list, one service.
            if top == "start_array":
                prefix = "item"
            elif top == "start_map" and keys.get("contents") == "start_array":
                prefix = "contents.item"
            elif top == "start_map" and "id" in keys and "name" in keys:
                prefix = ""
            else:
                yield "error", "-", hsds_json.not_services()
                return
            yield from hsds_json.iter_services(_json_items(path, prefix))
            return
        if top != "start_map" or keys.get("services") != "start_array":
            yield "error", "-", datainclusion.not_a_document()
            return
        if keys.get("structures") == "start_array":
            structures = _json_items(path, "structures.item")
        else:
            structures = next(_json_items(path, "structures"), None) or []
        yield from datainclusion.iter_rows(
            structures, _json_items(path, "services.item"), territory_codes, codes_by_commune
        )

    return produce


def _csv_rows(path: Path):
    def produce():
        if path.stat().st_size > size_limit():
            yield "error", "-", _("the file is larger than the limit")
            return
        with open(path, newline="", encoding="utf-8-sig") as source:
            yield from csv_format.iter_rows(source)

    return produce


def read(format_name: str, path: Path, *, territory_codes=(), codes_by_commune=None):
    """(records with where each was, errors, fields not kept by record) from `path`. The records
    are a Stream, read again at each pass (the errors and the fields not kept are the Stream's):
    CSV and JSON as they come; an HSDS package folder staged on disk at the first pass and its
    services joined one at a time. The caller closes the Stream (`with records:`) when the
    import ends, which removes what was staged."""
    if format_name == "hsds" and path.is_dir():
        return hsds_package.read_package(path, limit=size_limit()), [], []
    if format_name == "csv":
        return Stream(_csv_rows(path)), [], []
    return Stream(_json_rows(format_name, path, territory_codes, codes_by_commune)), [], []


def exported_id(format_name: str):
    """The identifier an export in this format gives a service or organisation (None: the
    format gives none of its own)."""
    if format_name == "hsds":

        def hsds_id(obj):
            kind = "service" if obj._meta.model_name == "service" else "organization"
            return hsds.entity_id(obj.external_id or obj.slug, kind)

        return hsds_id
    return None


def same(format_name: str, *, territory_codes=()):
    """Whether an existing entry's record and an imported one say the same in this format."""
    if format_name == "hsds":
        return lambda old, new: hsds.service_from_record(old) == hsds.service_from_record(new)
    if format_name == "datainclusion":
        return lambda old, new: datainclusion.same(old, new, territory_codes)
    return lambda old, new: csv_format.record_to_row(old) == csv_format.record_to_row(new)
