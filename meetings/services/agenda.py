"""The agenda: items added, changed, removed, reordered and carried over to the next meeting."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from meetings.apps import meetings_changed
from meetings.models import (
    UPCOMING_STATUSES,
    AgendaItem,
    Decision,
    Meeting,
)
from portal.files import shorten_file_name
from portal.permissions import ensure
from portal.privacy import check_texts

from .meetings import _lock_meeting, meeting_mark_changed
from .tables import table_collection_ensure


def _agenda_editable(meeting: Meeting) -> None:
    if meeting.status not in UPCOMING_STATUSES:
        raise ValidationError(_("The agenda of a meeting that was held cannot change."))


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    actor,
    title: str,
    kind: str = AgendaItem.Kind.DISCUSSION,
    subject=None,
    decision: Decision | None = None,
    duration_minutes: int = 15,
    presenter=None,
    description: str = "",
    documents=(),
    upload=None,
) -> AgendaItem:
    """Add an item at the end of the agenda. `subject` may be any model instance (a
    dysfunction, a proposal…); `decision` an earlier decision of the table; `upload` a new
    document, kept in the table's documents."""
    check_texts(title=title, description=description)
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    _agenda_editable(meeting)
    number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title,
        kind=kind,
        duration_minutes=duration_minutes,
        presenter=presenter,
        description=description,
        decision=decision,
    )
    if subject is not None:
        item.subject_type = ContentType.objects.get_for_model(subject)
        item.subject_id = subject.pk
    item.full_clean(exclude=["meeting"])
    item.save()
    documents = [*documents, *_stored_upload(meeting, actor=actor, upload=upload)]
    if documents:
        item.documents.set(documents)
    meeting_mark_changed(meeting)
    return item


def _stored_upload(meeting: Meeting, *, actor, upload) -> list:
    """Keep an uploaded file among the table's documents. Called inside the service's
    transaction, after its checks, so that a refused change leaves no orphan document."""
    if not upload:
        return []
    collection = table_collection_ensure(table=meeting.table)
    document = get_document_model().objects.create(
        title=shorten_file_name(upload.name, 255),
        file=upload,
        collection=collection,
        uploaded_by_user=actor,
    )
    return [document]


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, actor, number: int | None = None, **fields
) -> AgendaItem:
    """Change an item's title, kind, duration, presenter, description, subject, documents or
    number."""
    check_texts(**{k: v for k, v in fields.items() if k in ("title", "description")})
    meeting = _lock_meeting(item.meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    _agenda_editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    documents = fields.pop("documents", None)
    upload = fields.pop("upload", None)
    for name, value in fields.items():
        setattr(item, name, value)
    if number is not None and number != item.number:
        if meeting.items.filter(number=number).exclude(pk=item.pk).exists():
            raise ValidationError(
                {"number": _("Another item already has number %(n)s.") % {"n": number}}
            )
        item.number = number
    item.full_clean(exclude=["meeting"])
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        raise ValidationError({"number": _("Another item already has this number.")}) from error
    if upload:
        kept = list(item.documents.all()) if documents is None else list(documents)
        documents = kept + _stored_upload(meeting, actor=actor, upload=upload)
    if documents is not None:
        item.documents.set(documents)
    meeting_mark_changed(meeting)
    return item


def _renumber(meeting: Meeting) -> None:
    items = list(meeting.items.order_by("number", "pk"))
    top = max((i.number for i in items), default=0)
    # Two passes so that the unique (meeting, number) constraint holds at every step.
    for offset, item in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(number=top + offset)
    for offset, item in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(number=offset)
    meetings_changed()


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor) -> None:
    meeting = _lock_meeting(item.meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    _agenda_editable(meeting)
    if item.is_follow_up:
        raise ValidationError(_("The follow-up of earlier decisions always opens the agenda."))
    AgendaItem.objects.filter(pk=item.pk).delete()
    _renumber(meeting)
    meeting_mark_changed(meeting)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor, direction: str) -> AgendaItem:
    """Move an item one place up or down; the follow-up item stays first."""
    meeting = _lock_meeting(item.meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    _agenda_editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    neighbours = meeting.items.exclude(pk=item.pk)
    if direction == "up":
        other = neighbours.filter(number__lt=item.number).order_by("-number").first()
    else:
        other = neighbours.filter(number__gt=item.number).order_by("number").first()
    if other is None or item.is_follow_up or other.is_follow_up:
        raise ValidationError(_("This item cannot move further."))
    spare = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
    mine, theirs = item.number, other.number
    AgendaItem.objects.filter(pk=item.pk).update(number=spare)
    AgendaItem.objects.filter(pk=other.pk).update(number=mine)
    AgendaItem.objects.filter(pk=item.pk).update(number=theirs)
    meetings_changed()
    item.number = theirs
    meeting_mark_changed(meeting)
    return item


def meeting_next(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(
            table_id=meeting.table_id,
            starts_at__gt=meeting.starts_at,
            status__in=UPCOMING_STATUSES,
        )
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def agenda_carry_over(*, meeting: Meeting, actor) -> list[AgendaItem]:
    """Put the items not dealt with in `meeting` on the agenda of the table's next meeting,
    except those whose subject was settled since (a dysfunction decided, a proposal decided)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status in UPCOMING_STATUSES:
        raise ValidationError(_("Items are carried over once the meeting has been held."))
    target = meeting_next(meeting)
    if target is None:
        raise ValidationError(_("Plan the table's next meeting first."))
    pending = [
        item
        for item in meeting.items.filter(
            dealt_with=False, is_follow_up=False, carried_over_to__isnull=True
        )
        .prefetch_related("documents", "subject")
        .order_by("number")
        # A dysfunction or proposal settled since needs no table any more.
        if not item.subject_settled
    ]
    if not pending:
        raise ValidationError(
            _("Every item of this meeting was dealt with or already carried over.")
        )
    created = []
    for item in pending:
        copy = agenda_item_add(
            meeting=target,
            actor=actor,
            title=item.title,
            kind=item.kind,
            subject=item.subject,
            decision=item.decision,
            duration_minutes=item.duration_minutes,
            presenter=item.presenter,
            description=item.description,
            documents=list(item.documents.all()),
        )
        AgendaItem.objects.filter(pk=item.pk).update(carried_over_to=copy)
        meetings_changed()
        created.append(copy)
    return created
