"""Selectors for exports: every matching service with its relations, read as streams.

The services and each of their relations are read by one query each, in the same order, and
joined as they arrive (a merge join): a fixed number of queries whatever the number of rows,
memory that does not grow with them, time linear in them."""

from collections.abc import Iterator
from types import SimpleNamespace

from django.db import connection
from django.db.models.expressions import RawSQL

from directory.details import Location, OrganisationIdentifier
from directory.interop import csv as csv_format
from directory.interop.records import (
    DETAILS,
    IDENTIFIER_FIELDS,
    LOCATION_FIELDS,
    service_record,
)
from directory.models import Category, Condition, Public, Service
from directory.selectors.entries import service_live
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


def _related_stream(attribute, model, target, fields, scope, order, then=()):
    through = getattr(Service, attribute).through
    return (
        through.objects.filter(service_id__in=scope)
        .order_by(*order(through), *(f"{target}__{f}" for f in then))
        .values_list("service_id", *(f"{target}__{f}" for f in fields))
        .iterator(chunk_size=CHUNK * 4)
    )


def _detail_stream(attribute, fields, scope):
    """A service's own rows (phones, schedules…), by service id then in their order."""
    model = Service._meta.get_field(attribute).related_model
    return (
        model.objects.filter(service_id__in=scope)
        .order_by("service_id", *model._meta.ordering, "pk")
        .values_list("service_id", *fields)
        .iterator(chunk_size=CHUNK * 4)
    )


def _identifier_stream(fields, scope):
    """Each service's organisation identifiers, by service id (an organisation's identifiers
    come once for each of its services, as each service's record carries them)."""
    return (
        OrganisationIdentifier.objects.filter(organisation__services__in=scope)
        .order_by("organisation__services__id", "pk")
        .values_list("organisation__services__id", *fields)
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


class _Merged:
    """Streams of related rows, each ordered as the services are, read side by side with them
    (a merge join): `rows(name, service_id)` takes the rows of one service from the stream."""

    def __init__(self, streams: dict):
        self.streams = {name: (fields, iter(rows)) for name, (fields, rows) in streams.items()}
        self.pending = {name: next(rows, None) for name, (_f, rows) in self.streams.items()}

    def rows(self, name, service_id) -> _Rows:
        fields, stream = self.streams[name]
        rows = _Rows()
        row = self.pending[name]
        while row is not None and row[0] == service_id:
            rows.append(SimpleNamespace(**dict(zip(fields, row[1:], strict=True))))
            row = next(stream, None)
        self.pending[name] = row
        return rows


def _attach(service, merged: _Merged) -> ExportedService:
    """The service with its related rows from the streams (all in the services' order)."""
    return ExportedService(
        service, {attribute: merged.rows(attribute, service.pk) for attribute, *_ in RELATIONS}
    )


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
    merged = _Merged(
        {
            attribute: (fields, _related_stream(attribute, model, target, fields, scope, order))
            for attribute, model, target, fields in RELATIONS
        }
    )
    for service in services.iterator(chunk_size=CHUNK):
        yield _attach(service, merged)


class _ExportedOrganisation:
    """A service's organisation with its identifiers as plain rows."""

    def __init__(self, organisation, identifiers: _Rows):
        self.identifiers = identifiers
        self._organisation = organisation

    def __getattr__(self, name):
        return getattr(self._organisation, name)


def _by_id(through):
    return ("service_id",)


def service_export_all() -> Iterator[ExportedService]:
    """Every live service by id, with everything its record carries (organisation and its
    identifiers, reference lists, communes, phones, schedules, languages, areas, locations),
    for the operators' exports: one query for the services and one for each relation, read
    side by side, whatever the number of services."""
    scope = service_live().order_by().values("pk")
    services = (
        service_live()
        .order_by("pk")
        .select_related("organisation", "organisation__commune", "organisation__territory")
    )
    streams = {
        attribute: (fields, _related_stream(attribute, model, target, fields, scope, _by_id))
        for attribute, model, target, fields in RELATIONS
    }
    for attribute, fields in DETAILS.items():
        streams[attribute] = (
            ("hsds_id", *fields),
            _detail_stream(attribute, ("hsds_id", *fields), scope),
        )
    location_fields = ("hsds_id", *LOCATION_FIELDS)
    streams["locations"] = (
        location_fields,
        _related_stream(
            "locations", Location, "location", location_fields, scope, _by_id, then=("name", "pk")
        ),
    )
    identifier_fields = ("hsds_id", *IDENTIFIER_FIELDS)
    streams["identifiers"] = (identifier_fields, _identifier_stream(identifier_fields, scope))
    merged = _Merged(streams)
    for service in services.iterator(chunk_size=CHUNK):
        related = {name: merged.rows(name, service.pk) for name in streams}
        related["organisation"] = _ExportedOrganisation(
            service.organisation, related.pop("identifiers")
        )
        yield ExportedService(service, related)


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
