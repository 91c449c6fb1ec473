"""Search: the index follows the labels of an entry's categories and publics; every change of
what the search reads gives the directory a new version (its cached matches and facet counts).

Moderation: a draft saved, a lock taken and each step of an entry's moderation renew the
"moderation" version (the pilots' and partners' panels), not the directory's: they change
nothing the directory shows, and the kept search of the whole region is not computed again
at each partner's draft.

Mail: the directory tells people about moderation itself, through portal.notifications (the one
way the portal sends mail). Wagtail's own workflow e-mails are therefore kept for pages only:
our receivers take Wagtail's dispatch_uid before wagtail.admin connects its own (directory is
listed before wagtail.admin in INSTALLED_APPS), and forward everything but directory services."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.admin import signal_handlers as wagtail_mail
from wagtail.models import WorkflowState
from wagtail.search import index
from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

from portal import versions
from portal.models import Commune, Territory


def _is_directory_service(workflow_state) -> bool:
    content_type = workflow_state.base_content_type
    return (content_type.app_label, content_type.model) == ("directory", "service")


def _unless_directory(notifier):
    def receiver(sender, instance, **kwargs):
        if not _is_directory_service(instance):
            return notifier(sender=sender, instance=instance, **kwargs)
        return None

    return receiver


_submitted = _unless_directory(wagtail_mail.workflow_submission_email_notifier)
_rejected = _unless_directory(wagtail_mail.workflow_rejection_email_notifier)
_approved = _unless_directory(wagtail_mail.workflow_approval_email_notifier)


def _reindex_after_labels_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """The search document holds the entry's category and public labels, which are written
    after the row itself (when a revision is published, or a form saved): index it again once
    they are in place, so that "addiction" finds every service filed under Addiction."""
    from directory.models import Service

    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index.insert_or_update_object(instance)
    elif pk_set:
        for service in Service.objects.filter(pk__in=pk_set):
            index.insert_or_update_object(service)


def directory_changed(**kwargs) -> None:
    """A row the search reads changed: what was kept for the former version is not read again
    (directory.selectors.search; imports that write in bulk call it themselves)."""
    versions.changed("directory")


# The fields of an entry's row that only its moderation writes (a draft saved by
# save_revision(), a lock): what the moderation panels show, not what the directory shows.
MODERATION_FIELDS = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
)


def _entry_saved(sender, update_fields=None, **kwargs) -> None:
    versions.changed("moderation")
    if update_fields is None or not set(update_fields) <= MODERATION_FIELDS:
        versions.changed("directory")


def _moderation_changed(sender, instance, **kwargs) -> None:
    """A moderation step of an entry began or ended: the pilots' and partners' panels that
    show what awaits approval are read again."""
    workflow_state = instance if isinstance(instance, WorkflowState) else instance.workflow_state
    if _is_directory_service(workflow_state):
        versions.changed("moderation")


def _directory_lists_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        versions.changed("directory")


def register() -> None:
    from wagtail.models import TaskState

    from directory.models import (
        Category,
        Condition,
        CorrectionSuggestion,
        Organisation,
        Public,
        Service,
    )

    # A territory's region narrows the region's directory; the suggestions are on the pilots'
    # landing panel, kept for the directory's version too.
    models = (Service, Organisation, Category, Public, Condition, Commune, Territory)
    for model in (*models, CorrectionSuggestion):
        label = model._meta.label_lower
        receiver = _entry_saved if model is Service else directory_changed
        post_save.connect(receiver, sender=model, dispatch_uid=f"{label}_saved_version")
        post_delete.connect(
            directory_changed, sender=model, dispatch_uid=f"{label}_deleted_version"
        )
    # Who asked for a change is named on the pilots' landing panel.
    versions.renew_when_a_person_changes("directory")
    for model in (WorkflowState, TaskState):
        label = model._meta.label_lower
        post_save.connect(_moderation_changed, sender=model, dispatch_uid=f"{label}_directory_v")
        post_delete.connect(_moderation_changed, sender=model, dispatch_uid=f"{label}_directory_d")
    for field in ("categories", "publics", "communes_served", "required_conditions"):
        m2m_changed.connect(
            _directory_lists_changed,
            sender=getattr(Service, field).through,
            dispatch_uid=f"directory_{field}_version",
        )

    # A service's page is kept for the directory's version (directory/service_page.py): its
    # structured details, and the places it is given at, renew it too.
    from directory.details import (
        Location,
        ServiceArea,
        ServiceLanguage,
        ServicePhone,
        ServiceSchedule,
    )

    versions.renew_when_saved(
        "directory",
        (ServicePhone, ServiceSchedule, ServiceLanguage, ServiceArea, Location),
        relations=(Service.locations.through,),
    )
    for field in ("categories", "publics"):
        m2m_changed.connect(
            _reindex_after_labels_change,
            sender=getattr(Service, field).through,
            dispatch_uid=f"directory_reindex_service_{field}",
        )
    workflow_submitted.connect(
        _submitted, sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
    workflow_rejected.connect(
        _rejected, sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification"
    )
    workflow_approved.connect(
        _approved, sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification"
    )
