"""Writing an import's batch of services in a few queries a batch: published (rows, lists,
details, revisions, log entries, search and reference indexes, as Service.save(),
save_revision() and publish() would) or saved as drafts submitted to the pilot's moderation
(as save_revision() and the workflow's start would); row by row only for the entries that go
live later.
`state` is the import under way (directory.imports)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ReferenceIndex, Revision, Task, TaskState, WorkflowState
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import reference_index_auto_update_disabled
from wagtail.signals import task_submitted, workflow_submitted

from directory.interop.records import SERVICE_TEXT_FIELDS
from directory.models import (
    Service,
    ServiceArea,
    ServiceLanguage,
    ServicePhone,
    ServiceSchedule,
)
from directory.services import _submit_to_moderation

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


def publish_one(service, actor) -> None:
    """The row by row way (an entry scheduled to go live later keeps Wagtail's own logic)."""
    service.save()
    revision = service.save_revision(user=actor, log_action=True, clean=False)
    revision.publish(user=actor, skip_permission_checks=True, log_action=False)


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


def publish_in_bulk(written, records, state) -> None:
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
    revisions = _revisions(written, state.actor, now)
    for service, revision in zip(written, revisions, strict=True):
        service.latest_revision = service.live_revision = revision
    if created:
        Service.objects.bulk_update(created, ["latest_revision", "live_revision"])
    base_content_type = Service.get_base_content_type()
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
    _log(written, "wagtail.edit", state.actor, now, revisions=revisions, content_changed=True)
    _index(written)
    state.published = (written[-1], revisions[-1])


# What a draft import writes on the row of an entry never published (a published one keeps
# its row as it is until the pilot approves the draft).
DRAFT_FIELDS = [
    *SERVICE_TEXT_FIELDS,
    "age_min",
    "age_max",
    "access_mode",
    "serves_whole_territory",
    "last_verified_on",
    "organisation",
    "updated_at",
]


def save_drafts_in_bulk(written, records, state) -> None:
    """Save the services of a batch as drafts submitted to the pilot's moderation, as
    Service.save() (for an entry never published), save_revision() and the workflow's start
    would, in a few queries for the whole batch: the rows of the entries not published, with
    their lists, details and search entries; one revision each (the latest, not live) and its
    log entry; then the moderation, started where none is under way (a workflow state, its
    first task's state, their log entry), resumed after a request for changes, or left to
    review the newest revision when it is under way."""
    now = timezone.now()
    unpublished = [(s, r) for s, r in zip(written, records, strict=True) if not s.live]
    created = [s for s, _record in unpublished if s.pk is None]
    changed = [s for s, _record in unpublished if s.pk is not None]
    for service, _record in unpublished:
        service.has_unpublished_changes, service.updated_at = True, now
    Service.objects.bulk_create(created)
    if changed:
        Service.objects.bulk_update(changed, DRAFT_FIELDS)
    if unpublished:
        _write_relations(*zip(*unpublished, strict=True), {s.pk for s in changed})
        _index([s for s, _record in unpublished])
    revisions = _revisions(written, state.actor, now)
    for service, revision in zip(written, revisions, strict=True):
        service.latest_revision, service.has_unpublished_changes = revision, True
    Service.objects.bulk_update(written, ["latest_revision", "has_unpublished_changes"])
    _log(written, "wagtail.edit", state.actor, now, revisions=revisions, content_changed=True)
    _submit_in_bulk(written, revisions, state.actor, now)


def _submit_in_bulk(services, revisions, actor, now) -> None:
    """The moderation of each draft (directory.services._submit_to_moderation, in bulk)."""
    base_content_type = Service.get_base_content_type()
    under_way = {
        workflow_state.object_id: workflow_state
        for workflow_state in WorkflowState.objects.active().filter(
            base_content_type=base_content_type, object_id__in=[str(s.pk) for s in services]
        )
    }
    for workflow_state in under_way.values():
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            workflow_state.resume(actor)  # rare: one by one, as Wagtail does it
    fresh = [(s, r) for s, r in zip(services, revisions, strict=True) if str(s.pk) not in under_way]
    if not fresh:
        return
    workflow = fresh[0][0].get_workflow()
    task = workflow and (
        Task.objects.filter(workflow_tasks__workflow=workflow, active=True)
        .order_by("workflow_tasks__sort_order")
        .first()
    )
    if task is not None:
        task = task.specific
    if (
        task is None
        or type(task).start is not Task.start
        or task.get_task_state_class() is not TaskState
    ):
        # No workflow (refused there), one without a task (it ends at once), or a task with a
        # start of its own (a group approval unlocks the entry): Wagtail's way, row by row.
        for service, _revision in fresh:
            _submit_to_moderation(service, actor)
        return
    content_type = ContentType.objects.get_for_model(Service)
    workflow_states = WorkflowState.objects.bulk_create(
        WorkflowState(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(service.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_IN_PROGRESS,
            requested_by=actor,
        )
        for service, _revision in fresh
    )
    task_states = TaskState.objects.bulk_create(
        TaskState(
            workflow_state=workflow_state,
            revision=revision,
            task=task,
            status=TaskState.STATUS_IN_PROGRESS,
        )
        for workflow_state, (_service, revision) in zip(workflow_states, fresh, strict=True)
    )
    for workflow_state, task_state in zip(workflow_states, task_states, strict=True):
        workflow_state.current_task_state = task_state
    WorkflowState.objects.bulk_update(workflow_states, ["current_task_state"])
    for task_state in task_states:
        task_submitted.send(sender=task_state.specific.__class__, instance=task_state, user=actor)
    for workflow_state in workflow_states:
        workflow_submitted.send(sender=WorkflowState, instance=workflow_state, user=actor)
    started = dict(zip((s.pk for s, _r in fresh), task_states, strict=True))

    def data(service, _revision):
        return {
            "workflow": {
                "id": workflow.pk,
                "title": workflow.name,
                "status": WorkflowState.STATUS_IN_PROGRESS,
                "next": {"id": task.pk, "title": task.name},
                "task_state_id": started[service.pk].pk,
            }
        }

    services, revisions = zip(*fresh, strict=True)
    _log(services, "wagtail.workflow.start", actor, now, revisions=revisions, data=data)


def _revisions(services, actor, now) -> list:
    """One revision of each service, its content as the service stands in memory."""
    content_type = ContentType.objects.get_for_model(Service)
    base_content_type = Service.get_base_content_type()
    return Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(service.pk),
            user=actor,
            content=service.serializable_data(),
            object_str=str(service),
            created_at=now,
        )
        for service in services
    )


def _log(services, action, actor, now, *, revisions, data=None, content_changed=False) -> None:
    """The log entry of `action` for each service (as wagtail.log_actions.log would write it),
    with its revision and, when given, data(service, revision)."""
    context = get_active_log_context()
    log_model = log_registry.get_log_model_for_instance(services[0])
    if log_model is None:
        return
    log_content_type = ContentType.objects.get_for_model(Service, for_concrete_model=False)
    log_model.objects.bulk_create(
        log_model(
            content_type=log_content_type,
            label=log_model.objects.get_instance_title(service),
            action=action,
            timestamp=now,
            data=data(service, revision) if data else {},
            uuid=context.uuid,
            user=actor or context.user,
            revision=revision,
            content_changed=content_changed,
            object_id=str(service.pk),
        )
        for service, revision in zip(services, revisions, strict=True)
    )


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
