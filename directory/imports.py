"""Loading records into the directory, all or none, a batch at a time and in bulk (the records
are checked first by directory.importing; the formats are read by directory/interop)."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.signals import published

from directory.import_publishing import (
    DETAIL_MODELS,
    RELATION_KEYS,
    publish_in_bulk,
    publish_one,
    save_drafts_in_bulk,
)
from directory.importing import batch_size, batches, check_records
from directory.interop.records import (
    IDENTIFIER_FIELDS,
    LOCATION_FIELDS,
    ORGANISATION_FIELDS,
    SERVICE_TEXT_FIELDS,
    ImportReport,
    service_record,
)
from directory.models import (
    Location,
    Organisation,
    OrganisationIdentifier,
    Service,
)
from directory.selectors import (
    service_with_details,
)
from directory.signals import imported
from portal import versions
from portal.permissions import ensure


class _Import:
    """What an import keeps from one batch to the next: identifiers only (the organisations and
    locations already written, by key; the slugs given; the existing services met), so that
    its memory does not grow with the directory nor with the file."""

    def __init__(self, **options):
        self.__dict__.update(options)
        self.organisations: dict[str, tuple[int, str]] = {}
        self.locations: dict[str, int] = {}
        self.taken: dict = {Organisation: set(), Service: set()}
        self.seen: set[int] = set()
        self.exported_ids: dict = {}
        self.published = None

    def exported_index(self, model) -> dict:
        """{identifier given at export: pk} of every row of `model`, read once when a key is
        not found otherwise (the identifier is computed, the database cannot look it up)."""
        if model not in self.exported_ids:
            index = {}
            rows = model.objects.only("pk", "external_id", "slug").order_by("name", "pk")
            for obj in rows.iterator(chunk_size=2000):
                index.setdefault(self.exported_id(obj), obj.pk)
            index.pop("", None)
            self.exported_ids[model] = index
        return self.exported_ids[model]


def _known(state: _Import, queryset, keys) -> dict:
    """The existing rows the keys name, by key: a row matches by its identifier in the source,
    its slug, or the identifier the portal gave it at export; the first by name wins."""
    keys, found = set(keys), {}

    def claim(rows):
        for obj in rows:
            exported = state.exported_id(obj) if state.exported_id else ""
            for key in (exported, obj.slug, obj.external_id):
                if key in keys:
                    found.setdefault(key, obj)

    claim(queryset.filter(models.Q(external_id__in=keys) | models.Q(slug__in=keys)))
    missing = keys - set(found)
    if missing and state.exported_id:
        index = state.exported_index(queryset.model)
        pks = {index[key] for key in missing if key in index}
        if pks:
            claim(queryset.filter(pk__in=pks))
    return found


def _new_slugs(model, texts: list[str], taken: set) -> list[str]:
    """unique_slug for each text, also unique among the rows of this import not yet written
    (`taken`): one query, and one more when some are taken already."""
    fallback = model._meta.model_name
    bases = [slugify(text)[:180] or fallback for text in texts]
    if not bases:
        return []
    used = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    clashing = sorted({b for b in bases if b in used or b in taken or counts[b] > 1})
    for chunk in range(0, len(clashing), 100):
        starts = models.Q()
        for base in clashing[chunk : chunk + 100]:
            starts |= models.Q(slug__startswith=f"{base}-")
        used.update(model.objects.filter(starts).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in used or slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _import_organisations(batch, state: _Import) -> None:
    """Create the organisations met for the first time in this batch and update the known ones
    (in bulk; the first record of an organisation gives its fields); the identifiers of the
    last record that lists them replace the organisation's."""
    first = {}
    for record in batch:
        data = record["organisation"]
        if data["external_id"] not in state.organisations:
            first.setdefault(data["external_id"], data)
    if first:
        known = _known(state, Organisation.objects.all(), first)
        fresh = [key for key in first if key not in known]
        names = [first[key]["name"] for key in fresh]
        taken = state.taken[Organisation]
        slugs = dict(zip(fresh, _new_slugs(Organisation, names, taken), strict=True))
        new, changed, organisations = [], [], {}
        for key, data in first.items():
            organisation = organisations[key] = known.get(key)
            if organisation is None:
                organisation = Organisation(
                    slug=slugs[key],
                    territory=state.territory,
                    external_id=key,
                    source=state.source,
                )
                organisations[key] = organisation
                new.append(organisation)
            else:
                changed.append(organisation)
            for name in ORGANISATION_FIELDS:
                if data.get(name):
                    setattr(organisation, name, data[name])
            if data.get("commune"):
                organisation.commune = state.communes[data["commune"]]
        Organisation.objects.bulk_create(new)
        if changed:
            Organisation.objects.bulk_update(changed, [*ORGANISATION_FIELDS, "commune"])
        for key, organisation in organisations.items():
            state.organisations[key] = (organisation.pk, organisation.name)
    identifiers = {}
    for record in batch:
        data = record["organisation"]
        if "identifiers" in data:
            identifiers[state.organisations[data["external_id"]][0]] = data["identifiers"]
    if identifiers:
        OrganisationIdentifier.objects.filter(organisation_id__in=identifiers).delete()
        OrganisationIdentifier.objects.bulk_create(
            OrganisationIdentifier(organisation_id=pk, hsds_id=row["id"],
                                   **{k: row[k] or "" for k in IDENTIFIER_FIELDS})
            for pk, rows in identifiers.items()
            for row in rows
        )  # fmt: skip


def _import_locations(batch, state: _Import) -> dict:
    """The batch's locations by identifier, created or updated in bulk (shared by the services
    there); one written by an earlier batch is not written again."""
    rows, locations = {}, {}
    for record in batch:
        for row in record.get("locations") or []:
            key = str(row["id"])
            if key in state.locations:
                locations[key] = Location(pk=state.locations[key], hsds_id=key)
            else:
                organisation = state.organisations[record["organisation"]["external_id"]][0]
                rows.setdefault(key, (row, organisation))
    existing = Location.objects.in_bulk(list(rows), field_name="hsds_id")
    existing = {str(k): v for k, v in existing.items()}
    new, changed = [], []
    for key, (row, organisation) in rows.items():
        location = existing.get(key) or Location(hsds_id=key, organisation_id=organisation)
        for name in LOCATION_FIELDS:
            value = row.get(name)
            setattr(
                location,
                name,
                value if value is not None or name in ("latitude", "longitude") else "",
            )
        (changed if location.pk else new).append(location)
    Location.objects.bulk_create(new)
    if changed:
        Location.objects.bulk_update(changed, LOCATION_FIELDS)
    for location in [*new, *changed]:
        locations[str(location.hsds_id)] = location
        state.locations[str(location.hsds_id)] = location.pk
    return locations


def _detail(model, row: dict):
    """A detail row from its record (None stands for an empty text)."""
    values = {
        k: "" if v is None and not model._meta.get_field(k).null else v
        for k, v in row.items()
        if k != "id"
    }
    return model(hsds_id=row["id"], **values)


def _relations(record, *, references, communes, locations) -> dict:
    """The service's lists the record gives, by field, without repeats."""
    targets = {
        "categories": [references["categories"][v] for v in record["categories"]],
        "publics": [references["publics"][v] for v in record["publics"]],
        "communes_served": [communes[c] for c in record["communes"]],
    }
    if "conditions" in record:
        targets["required_conditions"] = [references["conditions"][v] for v in record["conditions"]]
    if "locations" in record:
        targets["locations"] = [locations[str(row["id"])] for row in record["locations"]]
    return {name: list({obj.pk: obj for obj in objs}.values()) for name, objs in targets.items()}


def _apply_record(service, record, *, references, communes, locations) -> None:
    """The record's values on the service, its lists and details in memory (a new service gets
    empty ones for those the record does not give)."""
    for name in SERVICE_TEXT_FIELDS:
        if name in record:
            setattr(service, name, record.get(name) or "")
    service.age_min, service.age_max = record["age_min"], record["age_max"]
    service.access_mode = record["access_mode"]
    service.serves_whole_territory = record["serves_whole_territory"]
    service.last_verified_on = record.get("last_verified_on")
    relations = _relations(record, references=references, communes=communes, locations=locations)
    for name in RELATION_KEYS:
        if name in relations or service.pk is None:
            setattr(service, name, relations.get(name, []))
    for key, model in DETAIL_MODELS.items():
        if key in record:
            setattr(service, key, [_detail(model, row) for row in record[key]])
        elif service.pk is None:
            setattr(service, key, [])


def _import_services(batch, state: _Import) -> None:
    """The batch's services: matched, compared, then written in bulk (published) or as drafts
    submitted to moderation."""
    report = state.report
    locations = _import_locations(batch, state)
    queryset = service_with_details(Service.objects.all())
    known = _known(state, queryset, [record["external_id"] for record in batch])
    changes, fresh, met = [], [], set()
    for record in batch:
        service = known.get(record["external_id"])
        pk, name = state.organisations[record["organisation"]["external_id"]]
        if service is not None:
            state.seen.add(service.pk)
            if service.pk in met:
                # Two records of the batch name the same entry: the last one gives its values.
                report.updated += 1
                _apply_record(service, record, references=state.references,
                              communes=state.communes, locations=locations)  # fmt: skip
                continue
            if (
                state.same is not None
                and service.organisation_id == pk
                and state.same(service_record(service), record)
            ):
                report.unchanged += 1
                continue
            report.updated += 1
        else:
            service = Service(
                external_id=record["external_id"], source=state.source, live=not state.as_drafts
            )
            fresh.append((service, f"{record['name']} {name}"))
            report.created += 1
        service.organisation = Organisation(pk=pk, name=name)
        _apply_record(
            service,
            record,
            references=state.references,
            communes=state.communes,
            locations=locations,
        )
        changes.append((service, record))
        met.add(service.pk)
    slugs = _new_slugs(Service, [text for _service, text in fresh], state.taken[Service])
    for (service, _text), slug in zip(fresh, slugs, strict=True):
        service.slug = slug
    if state.as_drafts:
        if changes:
            save_drafts_in_bulk(*zip(*changes, strict=True), state)
    else:
        now = timezone.now()
        later = [(s, r) for s, r in changes if s.go_live_at and s.go_live_at > now]
        for service, _record in later:
            publish_one(service, state.actor)
        published_now = [(s, r) for s, r in changes if not (s.go_live_at and s.go_live_at > now)]
        if published_now:
            publish_in_bulk([s for s, _r in published_now], [r for _s, r in published_now], state)
    # The entries created by this import are in the file too: never withdrawn as absent.
    state.seen.update(service.pk for service, _record in changes)


@transaction.atomic
def directory_import(
    *,
    actor=None,
    records,
    territory,
    errors=(),
    dropped=(),
    dry_run: bool = False,
    as_drafts: bool = False,
    source: str = "",
    withdraw_absent: bool = False,
    exported_id=None,
    same=None,
) -> ImportReport:
    """Load checked records into the directory, all or none (ImportRefused names each bad row).

    A record matches an existing entry by its identifier in the source, its slug, or the
    identifier the portal gave it at export (`exported_id(obj)`, None when the format gives
    none): the entry is updated in place, or left alone when `same(existing_record, record)`
    says nothing changed. New entries keep their source identifier. Published at once, or, with
    `as_drafts`, saved as revisions that wait for the pilot's approval. With `withdraw_absent`,
    the published entries of the same `source` that the file no longer lists are withdrawn
    (unpublished). `actor` is the person importing (None for an operator's command).

    `records` is read twice, a batch at a time (a list, or a Stream reading the file again):
    a first pass checks every row, the second writes batch after batch, in bulk, inside this
    transaction; existing entries are looked up a batch at a time."""
    if actor is not None:
        ensure(actor, "directory.import")
    report, references, communes = check_records(records=records, errors=errors)
    report.drafts = as_drafts
    for fields in dropped:
        report.drop(fields)
    for name, count in getattr(records, "not_kept", {}).items():
        report.not_kept[name] = report.not_kept.get(name, 0) + count
    if dry_run:
        return report
    # Rows are written in bulk (no signal): the search's cached counts and the moderation
    # panels are renewed.
    versions.changed("directory")
    versions.changed("moderation")
    state = _Import(
        actor=actor,
        territory=territory,
        source=source,
        as_drafts=as_drafts,
        references=references,
        communes=communes,
        exported_id=exported_id,
        same=same,
        report=report,
    )
    for batch in batches(records, batch_size()):
        batch = [record for _where, record in batch]
        _import_organisations(batch, state)
        _import_services(batch, state)
    if state.published:
        # Publishing tells the rest of the portal (the immediate alerts) once for the import.
        service, revision = state.published
        published.send(sender=Service, instance=service, revision=revision)
    # The apps that keep what names services and organisations (the register's indicators)
    # renew it: the rows were written without their signals.
    imported.send(sender=Service, published=not as_drafts)
    if withdraw_absent and source:
        live = Service.objects.filter(source=source, live=True).values_list("pk", flat=True)
        absent = [pk for pk in live.iterator() if pk not in state.seen]
        for chunk in batches(absent, batch_size()):
            for service in Service.objects.filter(pk__in=chunk):
                service.unpublish(user=actor, log_action=True)
                report.withdrawn += 1
    return report
