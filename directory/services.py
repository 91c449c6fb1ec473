"""Everything that changes the directory. One function per user action: keyword-only, atomic,
permission checked with portal.permissions.ensure; moderation and versions go through Wagtail's
revisions and workflow (the row of a live service keeps the published version)."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ReferenceIndex, Revision, WorkflowState
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import reference_index_auto_update_disabled
from wagtail.signals import published

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
    CorrectionSuggestion,
    Location,
    Membership,
    Organisation,
    OrganisationIdentifier,
    Service,
    ServiceArea,
    ServiceLanguage,
    ServicePhone,
    ServiceSchedule,
)
from directory.selectors import (
    organisation_editors_emails,
    service_with_details,
    territory_pilots_emails,
)
from directory.signals import imported
from portal import versions
from portal.notifications import notify_by_email
from portal.permissions import ensure, forget
from portal.privacy import check_texts

M2M_FIELDS = ("categories", "publics", "communes_served", "required_conditions")


def _apply(service: Service, fields: dict) -> None:
    for name, value in fields.items():
        if name in M2M_FIELDS:
            setattr(service, name, list(value))
        else:
            setattr(service, name, value)


def unique_slug(model: type[models.Model], text: str, *, fallback: str, exclude_pk=None) -> str:
    """A slug for `text` that no other row of `model` holds yet ("name", "name-2", ...)."""
    base = slugify(text)[:180] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _submit_to_moderation(service: Service, actor) -> None:
    """Start the pilot's workflow on the latest revision, or resume it after a request for
    changes; a workflow already in progress simply reviews the newest revision."""
    state = service.current_workflow_state
    if state is None:
        workflow = service.get_workflow()
        if workflow is None:
            raise ValidationError(_("No moderation workflow is set up for the directory."))
        workflow.start(service, actor)
    elif state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(actor)


def _notify_pilots_of_change(service: Service, actor) -> None:
    notify_by_email(
        to=territory_pilots_emails(service.organisation.territory_id),
        template="directory/email/change_submitted",
        context={"service": service, "author": actor},
    )


def service_keep_first_version(service: Service) -> None:
    """A published entry made outside the moderation (the demo, an import, the back office) has
    no version yet: its row is its only copy. Keep it as its first approved version, so that the
    first approval does not lose the original text."""
    if not service.live or service.live_revision_id:
        return
    revision = service.save_revision(user=None, log_action=False, clean=False)
    revision.publish(log_action=True, skip_permission_checks=True)
    service.refresh_from_db()


@transaction.atomic
def service_propose_changes(*, actor, service: Service, **fields) -> Service:
    """A partner (or the pilot) proposes new content for an entry. Nothing changes for
    visitors until the pilot approves: the proposal is a revision submitted to moderation."""
    ensure(actor, "directory.service.edit", service)
    service = Service.objects.select_for_update().select_related("organisation").get(pk=service.pk)
    if service.locked and service.locked_by_id != actor.pk:
        raise ValidationError(_("This entry is locked by another editor."))
    service_keep_first_version(service)
    fields = {k: v for k, v in fields.items() if k not in {"organisation", "slug", "live"}}
    _apply(service, fields)
    if not service.live:
        # A draft that was never published may keep its row up to date.
        service.save()
    service.save_revision(user=actor, log_action=True)
    _submit_to_moderation(service, actor)
    _notify_pilots_of_change(service, actor)
    return service


@transaction.atomic
def service_create(*, actor, organisation: Organisation, **fields) -> Service:
    """A partner adds a service to their organisation; it is published once approved."""
    ensure(actor, "directory.organisation.edit", organisation)
    service = Service(organisation=organisation, live=False)
    _apply(service, fields)
    service.slug = unique_slug(Service, f"{service.name} {organisation.name}", fallback="service")
    service.full_clean()
    service.save()
    service.save_revision(user=actor, log_action="wagtail.create")
    _submit_to_moderation(service, actor)
    _notify_pilots_of_change(service, actor)
    return service


@transaction.atomic
def service_review(*, actor, service: Service, approve: bool, comment: str = "") -> None:
    """The pilot approves (publishes) or sends back the change awaiting approval."""
    ensure(actor, "directory.service.moderate", service)
    service = Service.objects.select_for_update().get(pk=service.pk)
    task_state = service.current_workflow_task_state
    if task_state is None:
        raise ValidationError(_("No change of this entry awaits approval."))
    actions = {
        name for name, _label, _modal in task_state.task.specific.get_actions(service, actor)
    }
    action = "approve" if approve else "reject"
    if action not in actions:
        raise PermissionDenied
    proposal = service.latest_revision or task_state.revision
    task_state.task.specific.on_action(task_state, actor, action, comment=comment)
    service.refresh_from_db()
    author = proposal.user if proposal else None
    if author and author.email:
        notify_by_email(
            to=[author.email],
            template="directory/email/change_reviewed",
            context={"service": service, "approved": approve, "comment": comment},
        )


@transaction.atomic
def service_mark_verified(*, actor, service: Service, on: date | None = None) -> Service:
    """An editor confirms the entry is still right (it is no longer out of date)."""
    ensure(actor, "directory.service.edit", service)
    service = Service.objects.select_for_update().get(pk=service.pk)
    Service.objects.filter(pk=service.pk).update(
        last_verified_on=on or timezone.localdate(), last_verified_by=actor
    )
    # Written without a signal: what is kept for the directory's version (the pilot's count of
    # out-of-date entries) is renewed.
    versions.changed("directory")
    service.refresh_from_db()
    return service


@transaction.atomic
def service_suggest_correction(*, actor, service: Service, text: str) -> CorrectionSuggestion:
    """Anyone signed in suggests a correction; the organisation's editors and the pilot are
    told by e-mail."""
    ensure(actor, "directory.service.suggest", service)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Describe the correction.")})
    check_texts(text=text)
    suggestion = CorrectionSuggestion.objects.create(service=service, author=actor, text=text)
    recipients = organisation_editors_emails(service.organisation) + territory_pilots_emails(
        service.organisation.territory_id
    )
    notify_by_email(
        to=sorted(set(recipients)),
        template="directory/email/suggestion",
        context={"service": service, "suggestion": suggestion, "author": actor},
    )
    return suggestion


@transaction.atomic
def suggestion_mark_handled(*, actor, suggestion: CorrectionSuggestion) -> CorrectionSuggestion:
    """An editor of the entry or its pilot says the suggestion was dealt with (the entry was
    corrected, or there was nothing to correct); it leaves their review lists."""
    suggestion = (
        CorrectionSuggestion.objects.select_for_update()
        .select_related("service__organisation")
        .get(pk=suggestion.pk)
    )
    ensure(actor, "directory.suggestion.handle", suggestion.service)
    if suggestion.handled_at is None:
        suggestion.handled_at = timezone.now()
        suggestion.handled_by = actor
        suggestion.save(update_fields=["handled_at", "handled_by"])
    return suggestion


def service_remind_outdated(*, services, today: date | None = None) -> int:
    """Queue one reminder per organisation listing its out-of-date entries; returns how many
    e-mails were queued."""
    by_organisation: dict[int, list[Service]] = {}
    for service in services:
        by_organisation.setdefault(service.organisation_id, []).append(service)
    sent = 0
    unreachable: dict[int, list[tuple[Organisation, list[Service]]]] = {}
    for entries in by_organisation.values():
        organisation = entries[0].organisation
        recipients = organisation_editors_emails(organisation) or (
            [organisation.email] if organisation.email else []
        )
        if not recipients:
            unreachable.setdefault(organisation.territory_id, []).append((organisation, entries))
            continue
        notify_by_email(
            to=recipients,
            template="directory/email/outdated_reminder",
            context={"organisation": organisation, "services": entries},
        )
        sent += 1
    for territory_id, organisations in unreachable.items():
        # Nobody edits these entries and the organisation has no address: the pilot is told
        # which ones, rather than the reminder being dropped without a word.
        pilots = territory_pilots_emails(territory_id)
        if pilots:
            notify_by_email(
                to=pilots,
                template="directory/email/outdated_unreachable",
                context={"organisations": organisations},
            )
            sent += 1
    return sent


def membership_open_from_invitation(*, invitation, user) -> Membership | None:
    """The invited person becomes staff (or case manager) of the organisation they were invited
    to; called by portal.services.invitation_accept, inside its transaction."""
    if not invitation.organisation_id:
        return None
    return Membership.objects.create(
        user=user,
        organisation_id=invitation.organisation_id,
        role=invitation.membership_role,
        can_edit_directory=invitation.can_edit_directory,
    )


@transaction.atomic
def membership_save(*, actor, membership: Membership) -> Membership:
    """Make a person staff (or case manager) of an organisation, or change their role there or
    whether they edit its directory entries: the pilot of the organisation's territory does."""
    if membership.pk is not None:
        stored = Membership.objects.select_related("organisation").get(pk=membership.pk)
        ensure(actor, "directory.membership.manage", stored.organisation)
    ensure(actor, "directory.membership.manage", membership.organisation)
    membership.full_clean()
    membership.save()
    forget(membership.user)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """The person no longer works for the organisation (their past filings stay theirs)."""
    ensure(actor, "directory.membership.manage", membership.organisation)
    membership.delete()
    forget(membership.user)


def membership_erase_person(*, user) -> None:
    """Erasure of an account (portal.personal_data): the person belongs to no organisation."""
    Membership.objects.filter(user=user).delete()
    forget(user)


# --- imports ------------------------------------------------------------------------------

DETAIL_MODELS = {
    "phones": ServicePhone,
    "schedules": ServiceSchedule,
    "spoken_languages": ServiceLanguage,
    "areas": ServiceArea,
}
# The service's lists, and the key of the record that gives each (absent: left as it is).
RELATION_KEYS = {
    "categories": "categories",
    "publics": "publics",
    "communes_served": "communes",
    "required_conditions": "conditions",
    "locations": "locations",
}
# What a published import writes on the row of a service.
IMPORTED_FIELDS = [
    *SERVICE_TEXT_FIELDS,
    "age_min",
    "age_max",
    "access_mode",
    "serves_whole_territory",
    "last_verified_on",
    "organisation",
    "live",
    "has_unpublished_changes",
    "expired",
    "first_published_at",
    "last_published_at",
    "latest_revision",
    "live_revision",
    "updated_at",
]


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


def _publish_one(service, actor) -> None:
    """The row by row way (an entry scheduled to go live later keeps Wagtail's own logic)."""
    service.save()
    revision = service.save_revision(user=actor, log_action=True, clean=False)
    revision.publish(user=actor, skip_permission_checks=True, log_action=False)


def _save_draft(service, actor) -> None:
    if not service.live:
        service.save()
    service.save_revision(user=actor, log_action=True, clean=False)
    _submit_to_moderation(service, actor)


def _write_relations(written, records, updated_pks) -> None:
    """The lists and details of the services written, in bulk: those the record gives replace
    the service's (one DELETE and one INSERT per kind and batch)."""
    for name, key in RELATION_KEYS.items():
        field = Service._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        given = [(s, r) for s, r in zip(written, records, strict=True) if key in r]
        replaced = [s.pk for s, _record in given if s.pk in updated_pks]
        if replaced:
            through.objects.filter(**{f"{source}__in": replaced}).delete()
        through.objects.bulk_create(
            through(**{source: s.pk, target: obj.pk})
            for s, _record in given
            for obj in getattr(s, name).all()
        )
    for key, model in DETAIL_MODELS.items():
        given = [s for s, r in zip(written, records, strict=True) if key in r]
        replaced = [s.pk for s in given if s.pk in updated_pks]
        if replaced:
            model.objects.filter(service_id__in=replaced).delete()
        model.objects.bulk_create([item for s in given for item in getattr(s, key).all()])


def _publish_in_bulk(written, records, state: _Import) -> None:
    """Publish the services of a batch as Service.save(), save_revision() and
    revision.publish() would, a few queries for the whole batch: the rows, their lists and
    details, one revision each (the live one), its log entry, the search and reference
    indexes; a moderation in progress on an entry is cancelled, as publishing does."""
    now = timezone.now()
    updated = [s for s in written if s.pk is not None]
    updated_pks = {s.pk for s in updated}
    created = [s for s in written if s.pk is None]
    for service in written:
        service.live, service.has_unpublished_changes, service.expired = True, False, False
        service.first_published_at = service.first_published_at or now
        service.last_published_at = service.updated_at = now
    Service.objects.bulk_create(created)
    _write_relations(written, records, updated_pks)
    content_type = ContentType.objects.get_for_model(Service)
    base_content_type = Service.get_base_content_type()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(service.pk),
            user=state.actor,
            content=service.serializable_data(),
            object_str=str(service),
            created_at=now,
        )
        for service in written
    )
    for service, revision in zip(written, revisions, strict=True):
        service.latest_revision = service.live_revision = revision
    if created:
        Service.objects.bulk_update(created, ["latest_revision", "live_revision"])
    if updated:
        Service.objects.bulk_update(updated, IMPORTED_FIELDS)
        keys = [str(pk) for pk in updated_pks]
        Revision.objects.filter(base_content_type=base_content_type, object_id__in=keys).exclude(
            approved_go_live_at=None
        ).update(approved_go_live_at=None)
        if getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True):
            states = WorkflowState.objects.active().filter(
                base_content_type=base_content_type, object_id__in=keys
            )
            for workflow_state in states:
                workflow_state.cancel(user=state.actor)
    context = get_active_log_context()
    log_model = log_registry.get_log_model_for_instance(written[0])
    if log_model is not None:
        log_content_type = ContentType.objects.get_for_model(Service, for_concrete_model=False)
        log_model.objects.bulk_create(
            log_model(
                content_type=log_content_type,
                label=log_model.objects.get_instance_title(service),
                action="wagtail.edit",
                timestamp=now,
                data={},
                uuid=context.uuid,
                user=state.actor or context.user,
                revision=revision,
                content_changed=True,
                object_id=str(service.pk),
            )
            for service, revision in zip(written, revisions, strict=True)
        )
    _index(written)
    state.published = (written[-1], revisions[-1])


def _index(services) -> None:
    """The search index and Wagtail's reference index of the services, in bulk (their saves
    would have updated them one by one)."""
    pks = [service.pk for service in services]
    rows = list(
        Service.objects.filter(pk__in=pks)
        .select_related("organisation")
        .prefetch_related("categories", "publics")
    )
    keys = [str(pk) for pk in pks]
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(Service)
        if getattr(index, "write_connection", None) and index.write_connection.vendor == "sqlite":
            # SQLite's index updates the entries already there one by one: write them anew.
            index.entries.filter(
                content_type_id=ContentType.objects.get_for_model(Service).pk, object_id__in=keys
            ).delete()
        backend.add_bulk(Service, rows)
    paused = getattr(reference_index_auto_update_disabled, "value", False)
    if not paused and ReferenceIndex.is_indexed(Service):
        content_type = ContentType.objects.get_for_model(Service, for_concrete_model=False)
        base_content_type = Service.get_base_content_type()
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type, object_id__in=keys
        ).delete()
        ReferenceIndex.objects.bulk_create(
            [
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=str(service.pk),
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
                for service in services
                for to_content_type_id, to_object_id, model_path, content_path in set(
                    ReferenceIndex._extract_references_from_object(service)
                )
            ],
            ignore_conflicts=connection.features.supports_ignore_conflicts,
        )


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
        for service, _record in changes:
            _save_draft(service, state.actor)
    else:
        now = timezone.now()
        later = [(s, r) for s, r in changes if s.go_live_at and s.go_live_at > now]
        for service, _record in later:
            _publish_one(service, state.actor)
        published_now = [(s, r) for s, r in changes if not (s.go_live_at and s.go_live_at > now)]
        if published_now:
            _publish_in_bulk([s for s, _r in published_now], [r for _s, r in published_now], state)
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
    # Rows are written in bulk (no signal): the search's cached counts are renewed.
    versions.changed("directory")
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
    imported.send(sender=Service)
    if withdraw_absent and source:
        live = Service.objects.filter(source=source, live=True).values_list("pk", flat=True)
        absent = [pk for pk in live.iterator() if pk not in state.seen]
        for chunk in batches(absent, batch_size()):
            for service in Service.objects.filter(pk__in=chunk):
                service.unpublish(user=actor, log_action=True)
                report.withdrawn += 1
    return report
