"""Selectors for exports: every matching service with its relations, read as streams.

The services and each of their relations are read by one query each, in the same order, and
joined as they arrive (a merge join): a fixed number of queries whatever the number of rows,
memory that does not grow with them, time linear in them."""

from collections.abc import Iterator
from types import SimpleNamespace

from django.db import connection
from django.db.models.expressions import RawSQL

from directory.interop import csv as csv_format
from directory.interop.records import service_record
from directory.models import Category, Condition, Public, Service
from directory.selectors.search import _id_set, _Matches, service_search_all
from portal import csv_files
from portal.models import Commune

CHUNK = 2000
# Each relation: the service's attribute, the related model and the fields the exports read.
RELATIONS = [
    ("categories", Category, "category", ("value", "label")),
    ("publics", Public, "public", ("value", "label")),
    ("required_conditions", Condition, "condition", ("value", "label")),
    ("communes_served", Commune, "commune", ("insee_code", "name")),
]


def _related_stream(attribute, model, target, fields, scope, order):
    through = getattr(Service, attribute).through
    return (
        through.objects.filter(service_id__in=scope)
        .order_by(*order(through))
        .values_list("service_id", *(f"{target}__{f}" for f in fields))
        .iterator(chunk_size=CHUNK * 4)
    )


class _Rows(list):
    """Related rows as a list that answers `.all()`, as a prefetched relation does."""

    def all(self):
        return self


class ExportedService:
    """A service as the exports read it: its fields and organisation, and its relations as
    plain rows (building a model instance per related row, through modelcluster's managers,
    cost more than the rest of the export)."""

    def __init__(self, service, related: dict):
        self.__dict__.update(related)
        self._service = service

    def __getattr__(self, name):
        return getattr(self._service, name)


def _attach(service, streams, pending) -> ExportedService:
    """The service with its related rows from the streams (all in the services' order)."""
    related = {}
    for attribute, _model, _target, fields in RELATIONS:
        rows = _Rows()
        row = pending.get(attribute)
        while row is not None and row[0] == service.pk:
            rows.append(SimpleNamespace(**dict(zip(fields, row[1:], strict=True))))
            row = next(streams[attribute], None)
        pending[attribute] = row
        related[attribute] = rows
    return ExportedService(service, related)


def service_export(*, query: str, filterset) -> Iterator[ExportedService | Service]:
    """Every live service matching the words and the facets, best first (by name without
    words), with its organisation and relations, for exports."""
    matches = _Matches(query, filterset)
    if matches.ids is None:
        services = matches.ordered(matches.queryset)
        scope = matches.queryset.order_by().values("pk")

        def order(through):
            return ("service__name", "service_id")

    elif connection.vendor == "postgresql":
        ids = matches.ids
        scope = _id_set(ids)
        services = Service.objects.filter(pk__in=scope).order_by(
            RawSQL('array_position(%s::bigint[], "directory_service"."id")', (ids,))
        )

        def order(through):
            column = f'"{through._meta.db_table}"."service_id"'
            return (RawSQL(f"array_position(%s::bigint[], {column})", (ids,)),)

    else:  # ranked words on SQLite: the ranking caps the rows (MAX_HITS), read by chunks
        yield from service_search_all(query=query, filterset=filterset)
        return
    services = services.select_related(
        "organisation", "organisation__commune", "organisation__territory"
    )
    streams = {
        attribute: _related_stream(attribute, model, target, fields, scope, order)
        for attribute, model, target, fields in RELATIONS
    }
    pending = {attribute: next(stream, None) for attribute, stream in streams.items()}
    for service in services.iterator(chunk_size=CHUNK):
        yield _attach(service, streams, pending)


class _Echo:
    def write(self, value):
        return value


def service_csv_lines(services, *, include_professional: bool) -> Iterator[str]:
    """The CSV export (the columns of directory.interop.csv), line by line."""
    columns = [
        c
        for c in csv_format.COLUMNS
        if include_professional or c not in csv_format.PROFESSIONAL_COLUMNS
    ]
    writer = csv_files.DictWriter(_Echo(), fieldnames=columns, extrasaction="ignore")
    yield writer.writeheader()
    for service in services:
        yield writer.writerow(csv_format.record_to_row(service_record(service, details=False)))
