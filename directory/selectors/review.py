"""The pilot's review: out-of-date entries, changes awaiting approval and what they change."""

from django.db.models import Q, QuerySet

from directory.models import (
    CorrectionSuggestion,
    Service,
    review_deadline,
)
from portal.permissions import visible_to

from .entries import service_live


def service_out_of_date() -> QuerySet:
    """Live entries not verified within the review period, oldest first."""
    deadline = review_deadline()
    return (
        service_live()
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=deadline))
        .select_related("organisation")
        .order_by("last_verified_on", "name")
    )


def service_out_of_date_for_pilot(user) -> QuerySet:
    """Out-of-date entries of the pilot's territories."""
    return visible_to(user, service_out_of_date(), action="directory.service.moderate")


def service_awaiting_approval_for_pilot(user, *, limit: int) -> tuple[list, int]:
    """Changes submitted to the pilot's moderation, the `limit` oldest first, as (service, task
    state), and how many there are in all. Each task state's service is checked by its key (a
    correlated EXISTS, see PilotApprovalTask): asking whether the key is among every service
    the pilot moderates read the directory whole."""
    from wagtail.models import TaskState

    states = TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type__model="service"
    )
    count = states.count()
    shown = list(
        states.select_related("workflow_state__requested_by", "revision__user").order_by(
            "started_at", "pk"
        )[:limit]
    )
    # The lists show the entry's name and organisation only.
    services = Service.objects.select_related("organisation").in_bulk(
        [int(s.workflow_state.object_id) for s in shown]
    )
    rows = [
        (services[int(s.workflow_state.object_id)], s)
        for s in shown
        if int(s.workflow_state.object_id) in services
    ]
    return rows, count


def service_changes(live: Service, proposed: Service) -> list[dict]:
    """What a proposed revision changes, field by field, for the pilot's review."""
    from directory.forms import ServiceForm

    changes = []
    for name in ServiceForm.Meta.fields:
        field = Service._meta.get_field(name)
        if field.many_to_many:
            before = ", ".join(sorted(str(o) for o in getattr(live, name).all()))
            after = ", ".join(sorted(str(o) for o in getattr(proposed, name).all()))
        else:
            before = live._get_FIELD_display(field) if field.choices else getattr(live, name)
            after = proposed._get_FIELD_display(field) if field.choices else getattr(proposed, name)
        if before != after:
            changes.append({"label": field.verbose_name, "before": before, "after": after})
    return changes


VERSIONS_SHOWN = 20


def service_versions(service: Service) -> list[dict]:
    """The approved (published) versions of an entry, most recent first, each with what it
    changed from the version before it; the last VERSIONS_SHOWN only."""
    from wagtail.models import ModelLogEntry

    published = list(
        ModelLogEntry.objects.for_instance(service)
        .filter(action="wagtail.publish", revision__isnull=False)
        .select_related("revision__user", "user")
        .order_by("-timestamp", "-pk")[: VERSIONS_SHOWN + 1]
    )
    published.reverse()
    versions, previous = [], None
    for entry in published:
        content = entry.revision.as_object()
        versions.append(
            {
                "revision": entry.revision,
                "approved_at": entry.timestamp,
                "approved_by": entry.user,
                "first": previous is None and len(published) <= VERSIONS_SHOWN,
                "current": entry.revision_id == service.live_revision_id,
                "changes": service_changes(previous, content) if previous is not None else [],
            }
        )
        previous = content
    if len(published) > VERSIONS_SHOWN:
        versions = versions[1:]
    versions.reverse()
    return versions


def suggestion_open() -> QuerySet:
    """Correction suggestions nobody has marked handled yet, oldest first."""
    return (
        CorrectionSuggestion.objects.filter(handled_at__isnull=True)
        .select_related("service__organisation", "author")
        .order_by("created_at", "pk")
    )


def suggestion_open_for_pilot(user) -> QuerySet:
    """Open suggestions on the entries of the pilot's territories."""
    return suggestion_open().filter(
        service__in=visible_to(user, Service.objects.all(), action="directory.service.moderate")
    )
