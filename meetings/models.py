import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TransitionLog
from portal.transitions import Transition, Workflow


class Table(models.Model):
    """A concertation table of a territory: tactical (service managers) or strategic (funders
    and executives)."""

    class Kind(models.TextChoices):
        TACTICAL = "tactical", _("Tactical table")
        STRATEGIC = "strategic", _("Strategic table")

    class Quorum(models.TextChoices):
        NONE = "none", _("No quorum")
        COUNT = "count", _("A number of member seats")
        SHARE = "share", _("A share of member seats (percent)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="tables",
    )
    description = models.TextField(_("description"), blank=True)
    feeds = models.ManyToManyField(
        "self",
        verbose_name=_("strategic tables it feeds"),
        symmetrical=False,
        blank=True,
        related_name="fed_by",
        help_text=_("The strategic tables that receive this tactical table's proposals."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=10,
        help_text=_("How many days before a meeting the convocation should be sent."),
    )
    quorum_kind = models.CharField(
        _("quorum rule"), max_length=10, choices=Quorum.choices, default=Quorum.NONE
    )
    quorum_value = models.PositiveSmallIntegerField(_("quorum value"), null=True, blank=True)
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("document collection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["territory", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_kind="none")
                | Q(quorum_kind="count", quorum_value__gte=1)
                | Q(quorum_kind="share", quorum_value__gte=1, quorum_value__lte=100),
                name="table_quorum_value_matches_rule",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:table_detail", kwargs={"slug": self.slug})

    def quorum_required(self, member_count: int) -> int:
        """How many member seats must be present (or represented) for the table to decide."""
        if self.quorum_kind == self.Quorum.COUNT:
            return self.quorum_value or 0
        if self.quorum_kind == self.Quorum.SHARE:
            return -(-member_count * (self.quorum_value or 0) // 100)  # ceiling
        return 0


class SeatQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class Seat(models.Model):
    """A seat at a table, held by a person for an organisation, with a mandate period."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        SUBSTITUTE = "substitute", _("Substitute")

    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.CASCADE, related_name="seats"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("stands in for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="substitutes",
        help_text=_("For a substitute: the member seat they stand in for."),
    )
    start_date = models.DateField(_("mandate start"))
    end_date = models.DateField(_("mandate end"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["table", "kind", "user"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="seat_mandate_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["table", "user", "start_date"],
                name="one_seat_per_person_per_table_and_period",
            ),
            models.CheckConstraint(
                condition=Q(kind="substitute") | Q(substitute_for__isnull=True),
                name="seat_only_substitutes_stand_in",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.table}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONVENED = "convened", _("Convened")
    HELD = "held", _("Held")
    MINUTES_DRAFTED = "minutes_drafted", _("Minutes drafted")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    PUBLISHED = "published", _("Minutes published")
    CANCELLED = "cancelled", _("Cancelled")


# The groups of statuses that services, pages, forms and the demo speak of, named once beside
# the statuses (the transitions are at the end of this module).
_M = MeetingStatus
# Not held yet: the date, the place and the agenda may still change.
UPCOMING_STATUSES = frozenset({_M.PLANNED, _M.CONVENED})
# The meeting took place.
HELD_STATUSES = frozenset({_M.HELD, _M.MINUTES_DRAFTED, _M.MINUTES_APPROVED, _M.PUBLISHED})
# Attendance is recorded once the members are convened.
ATTENDANCE_STATUSES = frozenset({_M.CONVENED}) | HELD_STATUSES
# The minutes may be written (every save is a new version).
MINUTES_OPEN_STATUSES = frozenset({_M.HELD, _M.MINUTES_DRAFTED})
# The minutes exist.
MINUTES_STATUSES = frozenset({_M.MINUTES_DRAFTED, _M.MINUTES_APPROVED, _M.PUBLISHED})
# Once the meeting has ended, the pilot still owes its minutes.
MINUTES_PENDING_STATUSES = frozenset({_M.CONVENED, _M.HELD, _M.MINUTES_DRAFTED})


class Meeting(models.Model):
    """One sitting of a table."""

    Status = MeetingStatus

    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # iCalendar identity: the UID never changes, SEQUENCE rises with every update sent.
    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    convened_at = models.DateTimeField(_("convened on"), null=True, blank=True)
    late_notice = models.BooleanField(_("convened after the notice period"), default=False)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["table", "starts_at"]), models.Index(fields=["status"])]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        when = timezone.localtime(self.starts_at).strftime("%d/%m/%Y")
        return f"{self.table.name} — {when}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_minutes(self) -> bool:
        return self.status in MINUTES_STATUSES

    @property
    def is_convened(self) -> bool:
        return self.status == MeetingStatus.CONVENED

    @property
    def is_upcoming(self) -> bool:
        return self.status in UPCOMING_STATUSES

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES

    @property
    def minutes_open(self) -> bool:
        return self.status in MINUTES_OPEN_STATUSES


class MeetingHistory(TransitionLog):
    """A meeting's timeline: its status changes and convocations. Never edited, never deleted."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="history"
    )
    from_state = models.CharField(_("from"), max_length=30, choices=MeetingStatus.choices)
    to_state = models.CharField(_("to"), max_length=30, choices=MeetingStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("meeting history entry")
        verbose_name_plural = _("meeting history")

    def __str__(self):
        return f"{self.meeting_id}: {self.from_state} → {self.to_state}"


class AgendaItem(models.Model):
    """A numbered item of a meeting's agenda (ordre du jour)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Discussion")
        DECISION = "decision", _("Decision")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=15)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    is_follow_up = models.BooleanField(_("follow-up of earlier decisions"), default=False)
    # What the item is about: a dysfunction, a proposal… (any model, set by the other apps).
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("subject type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("earlier decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    documents = models.ManyToManyField(
        "wagtaildocs.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    dealt_with = models.BooleanField(_("dealt with"), default=False)
    carried_over_to = models.ForeignKey(
        "self",
        verbose_name=_("carried over to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_from",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="unique_agenda_number_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(subject_type__isnull=True, subject_id__isnull=True)
                | Q(subject_type__isnull=False, subject_id__isnull=False),
                name="agenda_item_subject_complete",
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Attendance(models.Model):
    """A seat's answer to the convocation and its attendance at the meeting."""

    class Answer(models.TextChoices):
        NONE = "none", _("No answer yet")
        COMING = "coming", _("Will come")
        SUBSTITUTE = "substitute", _("Sends their substitute")
        NOT_COMING = "not_coming", _("Will not come")

    class Presence(models.TextChoices):
        UNKNOWN = "unknown", _("Not recorded")
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")
        REPRESENTED = "represented", _("Represented")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="attendances"
    )
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer.choices, default=Answer.NONE
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    presence = models.CharField(
        _("attendance"), max_length=20, choices=Presence.choices, default=Presence.UNKNOWN
    )
    represented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("represented by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat"),
            models.CheckConstraint(
                condition=Q(presence="represented") | Q(represented_by__isnull=True),
                name="attendance_representative_only_when_represented",
            ),
        ]

    def __str__(self):
        return f"{self.seat_id} @ {self.meeting_id}: {self.presence}"


class MinutesVersion(models.Model):
    """One saved version of a meeting's minutes: kept for ever, compared and restored."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="minutes_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    summary = models.TextField(_("introduction"), blank=True)
    # [{"item": pk, "number": 1, "title": "…", "text": "…"}, …] as saved.
    items = models.JSONField(_("items"), default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved on"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="unique_minutes_version_number"
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id} v{self.number}"

    def as_text(self) -> str:
        parts = [self.summary.strip()]
        for entry in self.items:
            parts.append(f"## {entry['number']}. {entry['title']}\n\n{entry['text'].strip()}")
        return "\n\n".join(parts).strip() + "\n"


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_DECISION_STATUSES = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)


class DecisionQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status__in=OPEN_DECISION_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.still_open().filter(due_date__lt=today)


class Decision(models.Model):
    """What a table decided, with the person who carries it out and a due date."""

    Status = DecisionStatus

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_decisions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    created_at = models.DateTimeField(_("recorded on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("meetings:decision_detail", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_DECISION_STATUSES
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class DecisionUpdate(TransitionLog):
    """A decision's history: its status, with the owner's comment as the reason. Never edited,
    never deleted."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="updates"
    )
    from_state = models.CharField(_("from"), max_length=30, choices=DecisionStatus.choices)
    to_state = models.CharField(_("to"), max_length=30, choices=DecisionStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = _("decision update")
        verbose_name_plural = _("decision updates")

    def __str__(self):
        return f"{self.decision_id}: {self.from_state} → {self.to_state}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in the address of a person's calendar feed; regenerating it revokes the old
    address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(self.user)


# --- life cycles -------------------------------------------------------------------------
# Which status may follow which, under which rule: the services move meetings and decisions
# with portal.transitions.transition() only, and the pages offer the buttons of this table.

M = MeetingStatus
MANAGE_MEETING = "meetings.meeting.manage"
Workflow(
    model=Meeting,
    states=MeetingStatus,
    field="status",
    log=MeetingHistory,
    subject="meeting",
    transitions=[
        Transition("convene", frozenset({M.PLANNED}), M.CONVENED, MANAGE_MEETING, _("Convene")),
        Transition(
            "cancel", frozenset({M.PLANNED, M.CONVENED}), M.CANCELLED, MANAGE_MEETING, _("Cancel")
        ),
        Transition("hold", frozenset({M.CONVENED}), M.HELD, MANAGE_MEETING, _("Mark as held")),
        Transition(
            "draft_minutes", frozenset({M.HELD}), M.MINUTES_DRAFTED, MANAGE_MEETING,
            _("Write the minutes"),
        ),
        Transition(
            "approve_minutes", frozenset({M.MINUTES_DRAFTED}), M.MINUTES_APPROVED,
            MANAGE_MEETING, _("Record the approval of the minutes"),
        ),
        Transition(
            "publish_minutes", frozenset({M.MINUTES_APPROVED}), M.PUBLISHED, MANAGE_MEETING,
            _("Publish the minutes"),
        ),
    ],
)  # fmt: skip

D = DecisionStatus
UPDATE_DECISION = "meetings.decision.update"
Workflow(
    model=Decision,
    states=DecisionStatus,
    field="status",
    log=DecisionUpdate,
    subject="decision",
    error_field="status",
    transitions=[
        Transition(
            "progress", frozenset({D.OPEN, D.IN_PROGRESS, D.DONE}), D.IN_PROGRESS,
            UPDATE_DECISION, _("In progress"),
        ),
        Transition(
            "complete", frozenset({D.OPEN, D.IN_PROGRESS}), D.DONE, UPDATE_DECISION, _("Done")
        ),
        Transition(
            "drop", frozenset({D.OPEN, D.IN_PROGRESS}), D.DROPPED, UPDATE_DECISION, _("Drop")
        ),
        Transition("reopen", frozenset({D.DROPPED}), D.OPEN, UPDATE_DECISION, _("Reopen")),
    ],
)  # fmt: skip
