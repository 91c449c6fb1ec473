"""Everything that changes the tables, their meetings, agendas, attendance, minutes and
decisions. One function per user action: keyword-only arguments, one transaction, the row locked,
the permission and the current state checked, history written, notifications queued."""

from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model

from meetings.calendar import invitation_ics
from meetings.models import (
    ATTENDANCE_STATUSES,
    HELD_STATUSES,
    MINUTES_OPEN_STATUSES,
    UPCOMING_STATUSES,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    MinutesVersion,
    Seat,
    Table,
)
from portal.files import shorten_file_name
from portal.notifications import notify_by_email
from portal.permissions import ensure, forget
from portal.privacy import check_lengths, check_texts, find_personal_data_in
from portal.transitions import record, transition

FOLLOW_UP_TITLE = gettext_lazy("Follow-up of earlier decisions")


# --- helpers -----------------------------------------------------------------------------


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def _seats_on(table: Table, day: date):
    return list(
        Seat.objects.current(day)
        .filter(table=table)
        .select_related("user", "organisation", "substitute_for")
        .order_by("kind", "organisation__name", "user__last_name")
    )


def _recipients(meeting: Meeting):
    """Member seats and substitute seats current on the day of the meeting."""
    return _seats_on(meeting.table, timezone.localdate(meeting.starts_at))


def _send_calendar(meeting: Meeting, *, actor, method: str, template: str) -> None:
    """Mail every seat holder (members and substitutes) with their own iCalendar copy."""
    items = list(meeting.items.select_related("presenter").order_by("number"))
    seats = _recipients(meeting)
    for seat in seats:
        ics = invitation_ics(
            meeting, method=method, attendee=seat.user, organizer=actor, items=items
        )
        notify_by_email(
            to=seat.user.email,
            template=template,
            context={
                "meeting": meeting,
                "table": meeting.table,
                "items": items,
                "seat": seat,
                "late_notice": meeting.late_notice,
                "notice_days": meeting.table.notice_days,
                "meeting_url": meeting.get_absolute_url(),
            },
            attachments=[("invitation.ics", ics, f"text/calendar; method={method}")],
            alternatives=[(ics, f"text/calendar; method={method}")],
        )


# --- tables and seats --------------------------------------------------------------------


@transaction.atomic
def table_save(*, actor, table: Table, feeds=None) -> Table:
    """Create or change a table (its kind, territory, notice period, quorum rule)."""
    if table.pk is None:
        ensure(actor, "meetings.table.create", table.territory)
    else:
        ensure(actor, "meetings.table.manage", Table.objects.get(pk=table.pk))
        ensure(actor, "meetings.table.manage", table)
    table.full_clean()
    table.save()
    if feeds is not None:
        if table.kind != Table.Kind.TACTICAL and feeds:
            raise ValidationError({"feeds": _("Only a tactical table feeds strategic tables.")})
        if any(t.kind != Table.Kind.STRATEGIC for t in feeds):
            raise ValidationError({"feeds": _("A tactical table feeds strategic tables only.")})
        table.feeds.set(feeds)
    table_collection_ensure(table=table)
    return table


def table_collection_ensure(*, table: Table):
    """One Wagtail document collection per table, restricted so that its files are served only
    to those who may read the table (see wagtail_hooks.before_serve_document)."""
    from wagtail.models import Collection, CollectionViewRestriction

    if table.collection_id:
        return table.collection
    root = Collection.get_first_root_node()
    collection = root.add_child(name=_("Table documents: %(name)s") % {"name": table.name})
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    Table.objects.filter(pk=table.pk).update(collection=collection)
    table.collection = collection
    return collection


@transaction.atomic
def seat_add(
    *,
    actor,
    table: Table,
    user,
    organisation,
    kind: str = Seat.Kind.MEMBER,
    substitute_for: Seat | None = None,
    start_date: date,
    end_date: date | None = None,
) -> Seat:
    """Give a person a seat at a table for an organisation, as member or substitute."""
    ensure(actor, "meetings.table.manage", table)
    # Lock the table so that two pilots cannot give overlapping seats to the same person.
    Table.objects.select_for_update().filter(pk=table.pk).first()
    if organisation is None:
        raise ValidationError({"organisation": _("A seat is held for an organisation.")})
    if kind == Seat.Kind.SUBSTITUTE:
        if substitute_for is None:
            raise ValidationError(
                {"substitute_for": _("Say which member seat this stands in for.")}
            )
        if substitute_for.table_id != table.pk or substitute_for.kind != Seat.Kind.MEMBER:
            raise ValidationError(
                {"substitute_for": _("A substitute stands in for a member seat of the same table.")}
            )
    else:
        substitute_for = None
    seat = Seat(
        table=table,
        user=user,
        organisation=organisation,
        kind=kind,
        substitute_for=substitute_for,
        start_date=start_date,
        end_date=end_date,
    )
    seat.full_clean()
    overlapping = Seat.objects.filter(table=table, user=user, start_date__lte=end_date or date.max)
    overlapping = [s for s in overlapping if s.end_date is None or s.end_date >= start_date]
    if overlapping:
        raise ValidationError(_("This person already has a seat at this table for that period."))
    seat.save()
    forget(user)
    return seat


@transaction.atomic
def seat_end(*, actor, seat: Seat, end_date: date) -> Seat:
    """End a mandate (the seat stays in past attendance lists)."""
    seat = Seat.objects.select_for_update().select_related("table").get(pk=seat.pk)
    ensure(actor, "meetings.table.manage", seat.table)
    if end_date < seat.start_date:
        raise ValidationError({"end_date": _("A mandate cannot end before it starts.")})
    seat.end_date = end_date
    seat.save(update_fields=["end_date"])
    Seat.objects.filter(substitute_for=seat, end_date__isnull=True).update(end_date=end_date)
    forget(seat.user)
    return seat


# --- meetings ----------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *,
    actor,
    table: Table,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
    title: str = "",
) -> Meeting:
    """Plan a meeting of a table; its first agenda item, the follow-up of earlier decisions,
    is generated."""
    ensure(actor, "meetings.table.manage", table)
    _check_times(starts_at, ends_at)
    if not place and not video_url:
        raise ValidationError(_("Give a place, a video link, or both."))
    meeting = Meeting(
        table=table,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        title=title,
    )
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title=str(FOLLOW_UP_TITLE),
        kind=AgendaItem.Kind.INFORMATION,
        duration_minutes=15,
        is_follow_up=True,
    )
    record(meeting, actor=actor, reason=_("Meeting planned"))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: Meeting,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
    title: str = "",
) -> Meeting:
    """Change the date, times or place. Once convened, every member receives an update of the
    invitation (same UID, higher SEQUENCE)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status not in UPCOMING_STATUSES:
        raise ValidationError(_("Only a meeting that has not been held can be changed."))
    _check_times(starts_at, ends_at)
    if not place and not video_url:
        raise ValidationError(_("Give a place, a video link, or both."))
    changed = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.video_url) != (
        starts_at,
        ends_at,
        place,
        video_url,
    )
    if changed and meeting.status == MeetingStatus.CONVENED and starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("A convened meeting cannot be moved to the past.")})
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.video_url, meeting.title = place, video_url, title
    meeting.full_clean()
    if changed:
        meeting.sequence += 1
    meeting.save()
    if changed and meeting.status == MeetingStatus.CONVENED:
        record(meeting, actor=actor, reason=_("Meeting moved; members notified"))
        _send_calendar(meeting, actor=actor, method="REQUEST", template="meetings/email/update")
    return meeting


def convocation_is_late(meeting: Meeting, now=None) -> bool:
    now = now or timezone.now()
    return meeting.starts_at - now < timedelta(days=meeting.table.notice_days)


@transaction.atomic
def meeting_convene(*, actor, meeting: Meeting) -> Meeting:
    """Send the convocation: each member and substitute receives the agenda and an iCalendar
    invitation. Convening later than the table's notice period is allowed but said."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    now = timezone.now()
    if meeting.starts_at <= now:
        raise ValidationError(_("This meeting has already started: it can no longer be convened."))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("This meeting has already been convened."))
    members = [s for s in _recipients(meeting) if s.kind == Seat.Kind.MEMBER]
    if not members:
        raise ValidationError(_("This table has no member to convene on that date."))
    meeting.late_notice = convocation_is_late(meeting, now)
    meeting.convened_at = now
    transition(meeting, "convene", actor=actor, reason=_("Convocation sent"))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, seat=seat) for seat in members], ignore_conflicts=True
    )
    _send_calendar(meeting, actor=actor, method="REQUEST", template="meetings/email/convocation")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a meeting; if it was convened, members receive a cancellation (METHOD:CANCEL)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    was_convened = meeting.status == MeetingStatus.CONVENED
    meeting.sequence += 1
    transition(meeting, "cancel", actor=actor, reason=reason)
    if was_convened:
        _send_calendar(
            meeting, actor=actor, method="CANCEL", template="meetings/email/cancellation"
        )
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor, meeting: Meeting) -> Meeting:
    """Record that the meeting took place; attendance and minutes come next."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting cannot be held before it starts."))
    transition(meeting, "hold", actor=actor)
    return meeting


# --- agenda ------------------------------------------------------------------------------


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
    """Change an item's title, kind, duration, presenter, description, documents or number."""
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
    return item


def _renumber(meeting: Meeting) -> None:
    items = list(meeting.items.order_by("number", "pk"))
    top = max((i.number for i in items), default=0)
    # Two passes so that the unique (meeting, number) constraint holds at every step.
    for offset, item in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(number=top + offset)
    for offset, item in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=item.pk).update(number=offset)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor) -> None:
    meeting = _lock_meeting(item.meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    _agenda_editable(meeting)
    if item.is_follow_up:
        raise ValidationError(_("The follow-up of earlier decisions always opens the agenda."))
    AgendaItem.objects.filter(pk=item.pk).delete()
    _renumber(meeting)


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
    item.number = theirs
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
    """Put the items not dealt with in `meeting` on the agenda of the table's next meeting."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status in UPCOMING_STATUSES:
        raise ValidationError(_("Items are carried over once the meeting has been held."))
    target = meeting_next(meeting)
    if target is None:
        raise ValidationError(_("Plan the table's next meeting first."))
    pending = list(
        meeting.items.filter(dealt_with=False, is_follow_up=False, carried_over_to__isnull=True)
        .prefetch_related("documents")
        .order_by("number")
    )
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
        created.append(copy)
    return created


# --- attendance --------------------------------------------------------------------------


@transaction.atomic
def attendance_answer(*, actor, attendance: Attendance, answer: str) -> Attendance:
    """A member says whether they will come, send their substitute, or not come."""
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("seat", "meeting__table")
        .get(pk=attendance.pk)
    )
    ensure(actor, "meetings.attendance.answer", attendance)
    if attendance.meeting.status != MeetingStatus.CONVENED:
        raise ValidationError(_("Answers are taken between the convocation and the meeting."))
    if answer not in Attendance.Answer.values or answer == Attendance.Answer.NONE:
        raise ValidationError(_("Choose an answer."))
    if answer == Attendance.Answer.SUBSTITUTE and not attendance.seat.substitutes.exists():
        raise ValidationError(_("No substitute stands in for your seat."))
    attendance.answer = answer
    attendance.answered_at = timezone.now()
    attendance.save(update_fields=["answer", "answered_at"])
    return attendance


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, records: dict) -> Meeting:
    """Record who was present, excused, absent, or represented by whom. `records` maps an
    attendance pk to (presence, representative user or None)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status not in ATTENDANCE_STATUSES:
        raise ValidationError(_("Attendance is recorded once the meeting has been convened."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded when the meeting starts."))
    rows = {a.pk: a for a in meeting.attendances.select_for_update()}
    for pk, (presence, representative) in records.items():
        row = rows.get(pk)
        if row is None:
            raise ValidationError(_("This seat is not convened to this meeting."))
        if presence not in Attendance.Presence.values:
            raise ValidationError(_("Unknown attendance value."))
        if presence == Attendance.Presence.REPRESENTED and representative is None:
            raise ValidationError(_("Say who represented %(seat)s.") % {"seat": row.seat})
        row.presence = presence
        row.represented_by = representative if presence == Attendance.Presence.REPRESENTED else None
    Attendance.objects.bulk_update(rows.values(), ["presence", "represented_by"])
    if meeting.status == MeetingStatus.CONVENED:
        transition(meeting, "hold", actor=actor, reason=_("Attendance recorded"))
    return meeting


# --- minutes -----------------------------------------------------------------------------


def _check_minutes(summary: str, texts: dict, *, confirmed: bool) -> None:
    """Minutes name attendees and professionals, never a patient: what the personal-data guard
    finds is a warning the pilot confirms; the length bound is a hard limit."""
    fields = {"summary": summary, **{f"text_{pk}": text for pk, text in texts.items()}}
    check_lengths(**fields)
    findings = find_personal_data_in(fields)
    if findings and not confirmed:
        found = ", ".join(f"“{f.excerpt}” ({f.reason})" for f in findings[:10])
        raise ValidationError(
            {
                "confirm_no_patient": _(
                    "These words may name a patient: %(found)s. Check the minutes; if they "
                    "name no patient, tick the box below and save again."
                )
                % {"found": found}
            },
            code="personal_data",
        )


@transaction.atomic
def minutes_save(
    *,
    actor,
    meeting: Meeting,
    summary: str,
    texts: dict,
    dealt_with=(),
    note: str = "",
    confirmed_no_patient: bool = False,
) -> MinutesVersion:
    """Save the minutes, item by item: every save is a new version, none is ever lost. What
    the personal-data guard finds must be confirmed (`confirmed_no_patient`)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    _check_minutes(summary, texts, confirmed=confirmed_no_patient)
    if meeting.status not in MINUTES_OPEN_STATUSES:
        raise ValidationError(_("Minutes are written after the meeting and before approval."))
    items = list(meeting.items.order_by("number"))
    entries = [
        {"item": i.pk, "number": i.number, "title": i.title, "text": texts.get(i.pk, "")}
        for i in items
    ]
    number = (meeting.minutes_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MinutesVersion.objects.create(
        meeting=meeting, number=number, summary=summary, items=entries, author=actor, note=note
    )
    dealt = set(dealt_with)
    for item in items:
        if item.dealt_with != (item.pk in dealt):
            AgendaItem.objects.filter(pk=item.pk).update(dealt_with=item.pk in dealt)
    if meeting.status == MeetingStatus.HELD:
        transition(meeting, "draft_minutes", actor=actor)
    return version


@transaction.atomic
def minutes_restore(*, actor, meeting: Meeting, version: MinutesVersion) -> MinutesVersion:
    """Bring back an earlier version, as a new version (the history keeps every step)."""
    if version.meeting_id != meeting.pk:
        raise ValidationError(_("This version belongs to another meeting."))
    texts = {entry["item"]: entry["text"] for entry in version.items}
    dealt = list(meeting.items.filter(dealt_with=True).values_list("pk", flat=True))
    return minutes_save(
        actor=actor,
        meeting=meeting,
        summary=version.summary,
        texts=texts,
        dealt_with=dealt,
        note=_("Restored from version %(n)s") % {"n": version.number},
    )


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting, at_meeting: Meeting | None = None) -> Meeting:
    """Record that the table approved the minutes (at its next meeting)."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    note = ""
    if at_meeting is not None:
        note = _("Approved at the meeting of %(date)s") % {
            "date": timezone.localtime(at_meeting.starts_at).strftime("%d/%m/%Y")
        }
    transition(meeting, "approve_minutes", actor=actor, reason=note)
    return meeting


@transaction.atomic
def minutes_publish(*, actor, meeting: Meeting) -> Meeting:
    """Publish approved minutes: all who follow the table may read them; members are told."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    transition(meeting, "publish_minutes", actor=actor)
    emails = sorted({s.user.email for s in _recipients(meeting)})
    notify_by_email(
        to=emails,
        template="meetings/email/minutes_published",
        context={"meeting": meeting, "meeting_url": meeting.get_absolute_url()},
    )
    return meeting


# --- decisions ---------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    actor,
    text: str,
    owner,
    due_date: date | None,
    item: AgendaItem | None = None,
) -> Decision:
    """Record what the table decided, who carries it out and by when."""
    meeting = _lock_meeting(meeting)
    ensure(actor, "meetings.meeting.manage", meeting)
    if meeting.status not in HELD_STATUSES:
        raise ValidationError(_("Decisions are recorded once the meeting has been held."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("This item belongs to another meeting.")})
    if not text or not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    check_texts(text=text)
    decision = Decision(
        meeting=meeting,
        item=item,
        text=text.strip(),
        owner=owner,
        due_date=due_date,
        created_by=actor,
    )
    decision.full_clean()
    decision.save()
    record(decision, actor=actor, reason=_("Decision recorded"))
    if owner.email:
        notify_by_email(
            to=owner.email,
            template="meetings/email/decision_assigned",
            context={"decision": decision, "meeting": meeting},
        )
    return decision


@transaction.atomic
def decision_update_status(
    *, decision: Decision, actor, status: str, comment: str = ""
) -> Decision:
    """The owner (or the pilot) says where a decision stands, with a comment kept in history."""
    decision = (
        Decision.objects.select_for_update().select_related("meeting__table").get(pk=decision.pk)
    )
    ensure(actor, "meetings.decision.update", decision)
    if status not in DecisionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    move = Decision.workflow.find(decision.status, status)
    if move is None:
        raise Decision.workflow.refusal(decision, decision.status, status)
    if status == decision.status and not comment.strip():
        raise ValidationError({"comment": _("Say what changed.")})
    check_texts(comment=comment)
    transition(decision, move.name, actor=actor, reason=comment.strip())
    return decision


# --- calendar feeds ----------------------------------------------------------------------


@transaction.atomic
def calendar_token_regenerate(*, user) -> CalendarToken:
    """Give a person a new secret feed address; the old one stops working at once."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        from meetings.models import new_feed_token

        token.token = new_feed_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


def calendar_token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token
