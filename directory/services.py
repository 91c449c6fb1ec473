"""Everything that changes the directory. One function per user action: keyword-only, atomic,
permission checked with portal.permissions.ensure; moderation and versions go through Wagtail's
revisions and workflow (the row of a live service keeps the published version)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import (
    CorrectionSuggestion,
    Membership,
    Organisation,
    Service,
)
from directory.selectors import (
    organisation_editors_emails,
    organisations_editors_emails,
    territories_pilots_emails,
    territory_pilots_emails,
)
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
    editors = organisations_editors_emails(by_organisation)
    for organisation_id, entries in by_organisation.items():
        organisation = entries[0].organisation
        recipients = editors.get(organisation_id) or (
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
    pilots_of = territories_pilots_emails(unreachable)
    for territory_id, organisations in unreachable.items():
        # Nobody edits these entries and the organisation has no address: the pilot is told
        # which ones, rather than the reminder being dropped without a word.
        pilots = pilots_of.get(territory_id)
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
