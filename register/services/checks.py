"""What the register's actions share: the guards they apply before a move (a reason given, no
personal data, the right commune, a meeting of the right table) and who they tell."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.selectors import corridors_binding_in
from meetings.models import HELD_STATUSES, UPCOMING_STATUSES, AgendaItem, Meeting
from portal.files import shorten_file_name, validate_upload
from portal.notifications import notify_by_email
from portal.transitions import allows

from ..models import (
    Dysfunction,
    DysfunctionAttachment,
    DysfunctionState,
    Notification,
    ProposalState,
)
from ..privacy import check_texts
from ..rules import territories_filed_in

S = DysfunctionState
P = ProposalState

TEXT_FIELDS = ("title", "description", "workaround", "suggestion")
EDITABLE_FIELDS = (
    "title",
    "description",
    "observed_on",
    "commune",
    "category",
    "public",
    "age_band",
    "situation_count",
    "severity",
    "workaround",
    "suggestion",
    "corridor",
)


def feedback_delay() -> timedelta:
    return timedelta(days=int(getattr(settings, "TABLEE_FEEDBACK_DELAY_DAYS", 42)))


def _refuse_unless_allowed(obj, name) -> None:
    """Refuse early, before the side effects that come ahead of the move itself."""
    if not allows(obj, name):
        workflow = obj.workflow
        raise workflow.refusal(obj, getattr(obj, workflow.field), workflow[name].target)


def _lock_dysfunction(dysfunction) -> Dysfunction:
    """Re-read the row under a lock, so that a concurrent action sees the state we leave."""
    return Dysfunction.objects.select_for_update().get(pk=dysfunction.pk)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the filer will read it.")})
    return reason


def _check_personal_data(values: dict) -> None:
    """Every free text the register stores goes through the personal-data guard (and its
    length bound): dysfunctions, reasons, proposals, positions."""
    check_texts(**{k: v for k, v in values.items() if isinstance(v, str)})


def _recipients(dysfunction) -> list:
    """The filer, the filers of the dysfunctions merged into this one, and those who added
    their situations to it (« me too »)."""
    people = {dysfunction.filer_id: dysfunction.filer}
    for merged in dysfunction.merged_dysfunctions.select_related("filer"):
        people.setdefault(merged.filer_id, merged.filer)
    for me_too in dysfunction.me_toos.select_related("filer"):
        people.setdefault(me_too.filer_id, me_too.filer)
    # A detached filer (erased account, retention period over) is told nothing.
    people.pop(None, None)
    return list(people.values())


def filer_emails(dysfunction) -> list[str]:
    """The addresses `tell_filers` writes to of every change of a dysfunction."""
    return [person.email for person in _recipients(dysfunction)]


def tell_filers(dysfunction, event) -> None:
    """Tell the filers of a dysfunction's new history entry, in the portal and by e-mail (once
    the transaction commits); the person who made the change is not told."""
    for person in _recipients(dysfunction):
        if person.pk == event.actor_id:
            continue
        Notification.objects.create(recipient=person, event=event)
        _email_later(person.email, dysfunction, event)


def _email_later(email, dysfunction, event):
    transaction.on_commit(
        lambda: notify_by_email(
            to=email,
            template="register/email/dysfunction_changed",
            context={"dysfunction": dysfunction, "event": event},
        )
    )


def _check_corridor(dysfunction) -> None:
    """A dysfunction names a corridor in force in its own territory."""
    corridor = dysfunction.corridor
    if corridor is None:
        return
    if not corridors_binding_in([dysfunction.territory_id]).filter(pk=corridor.pk).exists():
        raise ValidationError(
            {"corridor": _("Choose a corridor of an agreement in force in this territory.")}
        )


def _check_commune(filer, commune):
    if commune is not None and commune.territory_id not in territories_filed_in(filer):
        raise ValidationError({"commune": _("Choose a commune of your territory.")})


def _attach(dysfunction, attachments):
    """Keep the uploads in the private storage; their display name is cut to fit, never a 500."""
    for upload in attachments or ():
        _check_personal_data({"attachments": upload.name})
        try:
            validate_upload(upload)
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
        name_length = DysfunctionAttachment._meta.get_field("name").max_length
        name = shorten_file_name(upload.name, name_length)
        DysfunctionAttachment.objects.create(dysfunction=dysfunction, file=upload, name=name)


def _check_meeting(meeting, *, table_id=None, kind=None, territory_id=None, held=None):
    """Refuse a meeting of the wrong table, kind or territory, or not (yet) held (read from
    the database, not from what the caller holds)."""
    meeting = Meeting.objects.select_related("table").get(pk=meeting.pk)
    table = meeting.table
    if (
        (table_id is not None and table.pk != table_id)
        or (kind is not None and table.kind != kind)
        or (territory_id is not None and table.territory_id != territory_id)
    ):
        raise ValidationError({"meeting": _("Choose a meeting of the right table.")})
    if held is True and meeting.status not in HELD_STATUSES:
        raise ValidationError({"meeting": _("Choose a meeting that was held.")})
    if held is False and meeting.status not in UPCOMING_STATUSES:
        raise ValidationError(
            {"meeting": _("Choose a meeting still to come: its agenda can change.")}
        )


def _latest_item(subject, *, kind):
    """The latest agenda item about `subject` in a meeting of a table of `kind`."""
    from django.contrib.contenttypes.models import ContentType

    return (
        AgendaItem.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            meeting__table__kind=kind,
        )
        .select_related("meeting__table")
        .order_by("-meeting__starts_at", "-pk")
        .first()
    )
