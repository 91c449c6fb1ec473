"""Reading an import file or folder in any of the formats, with the limits that keep a bad
file from hurting the server (size, JSON depth), and what each format needs to recognise the
portal's own exports (identifiers, "nothing changed")."""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from directory.interop import csv as csv_format
from directory.interop import datainclusion
from directory.interop.hsds import json as hsds_json
from directory.interop.hsds import mapping as hsds
from directory.interop.hsds import package as hsds_package

FORMATS = ["hsds", "datainclusion", "csv"]
MAX_DEPTH = 32


def size_limit() -> int:
    return getattr(settings, "DIRECTORY_IMPORT_MAX_BYTES", 20_000_000)


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack += [(v, level + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, level + 1) for v in item]
    return deepest


def load_json(path: Path):
    """A JSON document, or a ValueError saying in plain words why not."""
    if path.stat().st_size > size_limit():
        raise ValueError(
            _("the file is larger than the limit of %(mb)s MB")
            % {"mb": round(size_limit() / 1_000_000, 1)}
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise ValueError(_("the JSON is nested too deeply")) from None
    except UnicodeDecodeError:
        raise ValueError(_("the file is not UTF-8 text")) from None
    except json.JSONDecodeError as error:
        raise ValueError(f"JSON: {error.msg} (ligne {error.lineno})") from None
    if _depth(document) > MAX_DEPTH:
        raise ValueError(
            _("the JSON is nested too deeply (more than %(n)s levels)") % {"n": MAX_DEPTH}
        )
    return document


def read(format_name: str, path: Path, *, territory_codes=(), codes_by_commune=None):
    """(records with where each was, errors, fields not kept by record) from `path`."""
    if format_name == "hsds" and path.is_dir():
        return hsds_package.read_package(path, limit=size_limit())
    if format_name == "csv":
        if path.stat().st_size > size_limit():
            return [], [("-", _("the file is larger than the limit"))], []
        with open(path, newline="", encoding="utf-8-sig") as source:
            records, errors = csv_format.read_records(source)
        return records, errors, []
    try:
        document = load_json(path)
    except ValueError as error:
        return [], [("-", str(error))], []
    if format_name == "hsds":
        return hsds_json.read_json(document)
    return datainclusion.read_document(document, territory_codes, codes_by_commune)


def exported_id(format_name: str):
    """The identifier an export in this format gives a service or organisation."""
    if format_name == "hsds":

        def hsds_id(obj):
            kind = "service" if obj._meta.model_name == "service" else "organization"
            return hsds.entity_id(obj.external_id or obj.slug, kind)

        return hsds_id
    return lambda obj: ""


def same(format_name: str, *, territory_codes=()):
    """Whether an existing entry's record and an imported one say the same in this format."""
    if format_name == "hsds":
        return lambda old, new: hsds.service_from_record(old) == hsds.service_from_record(new)
    if format_name == "datainclusion":
        return lambda old, new: datainclusion.same(old, new, territory_codes)
    return lambda old, new: csv_format.record_to_row(old) == csv_format.record_to_row(new)
