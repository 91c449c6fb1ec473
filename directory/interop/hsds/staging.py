"""An HSDS package's tables staged on disk, so that its compound services are built one at a
time whatever the package's size. The tables the portal follows are copied, as their CSV files
are read, into a SQLite database of a temporary folder (each row with its line in its file),
indexed on the columns that tie them; the references the portal follows are checked by one
anti-join each; each pass then walks the service table in file order and builds each service
by indexed lookups. Nothing grows with the package in memory; `close()` removes the folder."""

import shutil
import sqlite3
import tempfile
from itertools import islice
from pathlib import Path

from django.utils.translation import gettext as _

from portal import csv_files

CHILDREN = {"phone": "phones", "schedule": "schedules", "service_area": "service_areas",
            "language": "languages"}  # fmt: skip
# The tables the portal reads, and the columns each is looked up by.
FOLLOWED = {
    "service": ["id"],
    "organization": ["id"],
    "phone": ["service_id", "organization_id"],
    "schedule": ["service_id"],
    "service_area": ["service_id"],
    "language": ["service_id"],
    "address": ["location_id"],
    "location": ["id"],
    "service_at_location": ["service_id"],
    "attribute": ["link_id"],
    "taxonomy_term": ["id"],
    "organization_identifier": ["organization_id"],
}
# Read by no one, and not worth a word (the taxonomies of the terms the attributes name).
SILENT = {"taxonomy"}
CHUNK = 1000  # rows inserted at a time

# (table, column, target table), in the order their problems are reported (as the portal always
# has: the services' children, the addresses, the service-at-locations, the attributes, the
# organisations' identifiers, then the services themselves).
REFERENCES = [
    *[(table, "service_id", "service") for table in CHILDREN],
    ("address", "location_id", "location"),
    ("service_at_location", "service_id", "service"),
    ("service_at_location", "location_id", "location"),
    ("attribute", "taxonomy_term_id", "taxonomy_term"),
    ("attribute", "link_id", None),  # the target is the row's link_entity
    ("organization_identifier", "organization_id", "organization"),
    ("service", "organization_id", "organization"),
]
LINKED = ("service", "organization")  # the entities an attribute may describe


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _dangling(table: str, column: str, target: str | None) -> str:
    """Whether the row's `column` names a row that `target` does not hold (SQL)."""
    if target is None:
        either = " OR ".join(
            f"(link_entity = '{entity}' AND link_id IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {entity} t WHERE t.id = {table}.link_id))"
            for entity in LINKED
        )
        return f"({either})"
    return (
        f"{_name(column)} IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {target} t WHERE t.id = {table}.{_name(column)})"
    )


class Staging:
    """The followed tables of one package, staged in a temporary folder removed by close()."""

    def __init__(self, fields: dict[str, list[str]], paths: dict[str, str]):
        """`fields`: every column of each followed table in the official schema; `paths`: the
        name of each table's file, as errors name it."""
        self.paths = paths
        self.headers = {table: [] for table in FOLLOWED}
        # Removed by close() only: its owner (the import's Stream) closes it when the import ends.
        self.folder = Path(tempfile.mkdtemp(prefix="tablee-hsds-"))
        self.db = None
        try:
            self.db = sqlite3.connect(self.folder / "package.sqlite3")
            # A scratch copy: nothing to recover after a crash.
            self.db.execute("PRAGMA journal_mode = OFF")
            self.db.execute("PRAGMA synchronous = OFF")
            for table in FOLLOWED:
                # Columns without a type keep the text as it was read.
                columns = ", ".join(_name(column) for column in fields[table])
                self.db.execute(f"CREATE TABLE {table} (_line INTEGER PRIMARY KEY, {columns})")
        except BaseException:
            self.close()  # a full disk: nothing is left behind
            raise

    def load(self, table: str, file: Path) -> None:
        """The table's rows, inserted a chunk at a time as the file is read."""
        with open(file, newline="", encoding="utf-8-sig") as source:
            reader = csv_files.DictReader(source)
            header = list(reader.fieldnames or [])
            self.headers[table] = header
            columns = ", ".join(["_line", *map(_name, header)])
            marks = ", ".join("?" * (len(header) + 1))
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            rows = (
                (i + 2, *[row.get(c) if row.get(c) != "" else None for c in header])
                for i, row in enumerate(reader)
            )
            while chunk := list(islice(rows, CHUNK)):
                self.db.executemany(insert, chunk)
        self.db.commit()

    def index(self) -> None:
        for table, columns in FOLLOWED.items():
            for column in columns:
                self.db.execute(
                    f"CREATE INDEX {table}_{column} ON {table} ({_name(column)}, _line)"
                )
        self.db.commit()

    def reference_errors(self) -> list[tuple[str, str]]:
        """The rows whose references lead nowhere, in the order of REFERENCES and, within one
        table, of their lines (a row of service_at_location whose two references are wrong is
        named twice, its service first). An attribute whose term leads nowhere is not checked
        further. The attributes that cannot be attached are then set aside."""
        first = {}
        for order, (table, _column, _target) in enumerate(REFERENCES):
            first.setdefault(table, order)
        found = []
        for order, (table, column, target) in enumerate(REFERENCES):
            condition = _dangling(table, column, target)
            if (table, column) == ("attribute", "link_id"):
                condition += f" AND NOT ({_dangling(table, 'taxonomy_term_id', 'taxonomy_term')})"
            named = "link_entity" if target is None else "NULL"
            query = f"SELECT _line, {_name(column)}, {named} FROM {table} WHERE {condition}"
            for line, value, entity in self.db.execute(query):
                found.append((first[table], line, order, table, column, target or entity, value))
        found.sort()
        # An attribute is attached only to a service or an organisation that exists, through a
        # term that exists (or none).
        self.db.execute(
            "DELETE FROM attribute WHERE link_entity IS NULL OR "
            "link_entity NOT IN ('service', 'organization') OR "
            f"({_dangling('attribute', 'taxonomy_term_id', 'taxonomy_term')}) OR "
            f"{_dangling('attribute', 'link_id', None)}"
        )
        self.db.commit()
        return [
            (f"{self.paths[table]}:{line}",
             _("%(column)s leads to no %(table)s: %(id)s")
             % {"column": column, "table": target, "id": value})
            for _first, line, _order, table, column, target, value in found
        ]  # fmt: skip

    def unknown_entities(self) -> list[str]:
        """What the attributes describe that the portal does not read (a program, a location…),
        for the attributes whose term leads somewhere (read before they are set aside)."""
        rows = self.db.execute(
            "SELECT DISTINCT link_entity FROM attribute WHERE (link_entity IS NULL OR "
            "link_entity NOT IN ('service', 'organization')) AND NOT "
            f"({_dangling('attribute', 'taxonomy_term_id', 'taxonomy_term')})"
        )
        return [f"attributes ({entity})" for (entity,) in rows]

    def _rows(self, table: str, where: str, *params) -> list[dict]:
        header = self.headers[table]
        if not header:
            return []
        columns = ", ".join(map(_name, header))
        query = f"SELECT {columns} FROM {table} WHERE {where} ORDER BY _line"
        return [dict(zip(header, row, strict=True)) for row in self.db.execute(query, params)]

    def _attributes(self, link_id: str) -> list[dict]:
        attributes = []
        for row in self._rows("attribute", "link_id = ?", link_id):
            terms = self._rows("taxonomy_term", "id = ?", row["taxonomy_term_id"])
            attributes.append({**row, "taxonomy_term": terms[0] if terms else {}})
        return attributes

    def _organisation(self, organisation_id: str) -> dict | None:
        found = self._rows("organization", "id = ?", organisation_id)
        if not found:
            return None
        return {
            **found[0],
            "attributes": self._attributes(organisation_id),
            "organization_identifiers": self._rows(
                "organization_identifier", "organization_id = ?", organisation_id
            ),
            "phones": self._rows(
                "phone", "service_id IS NULL AND organization_id = ?", organisation_id
            ),  # fmt: skip
        }

    def _links(self, service_id: str) -> list[dict]:
        links = []
        for row in self._rows("service_at_location", "service_id = ?", service_id):
            found = self._rows("location", "id = ?", row["location_id"])
            if found:
                addresses = self._rows("address", "location_id = ?", row["location_id"])
                links.append({**row, "location": {**found[0], "addresses": addresses}})
        return links

    def services(self):
        """(where, compound service) for each service whose organisation exists, in file order;
        each one's children in the order of their own files."""
        header = self.headers["service"]
        columns = ", ".join(map(_name, header))
        walk = self.db.cursor()
        walk.execute(f"SELECT _line, {columns} FROM service ORDER BY _line")
        for line, *values in walk:
            row = dict(zip(header, values, strict=True))
            organisation = self._organisation(row["organization_id"])
            if organisation is None:
                continue  # reported by reference_errors
            compound = {**row, "organization": organisation}
            for table, key in CHILDREN.items():
                compound[key] = self._rows(table, "service_id = ?", row["id"])
            compound["service_at_locations"] = self._links(row["id"])
            compound["attributes"] = self._attributes(row["id"])
            yield f"{self.paths['service']}:{line}", compound

    def close(self) -> None:
        try:
            if self.db is not None:
                self.db.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
