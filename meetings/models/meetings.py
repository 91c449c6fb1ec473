"""Meetings: their statuses, the status groups pages and services speak of, their history, and
the transition table that moves them."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TransitionLog
from portal.transitions import Transition, Workflow

from .tables import Table


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


def display_title_of(title: str, starts_at, table_name: str) -> str:
    """A meeting's name: its title, or its table's name and its date (Meeting.display_title,
    for a list that reads these columns only)."""
    if title:
        return title
    return f"{table_name} — {timezone.localtime(starts_at).strftime('%d/%m/%Y')}"


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
    minutes_approved_in = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved_here",
        help_text=_("The later meeting of the table where its members approved these minutes."),
    )
    # Set when the agenda or the title changes after the convocation; the pilot is offered to
    # send the members an update (which clears it).
    update_pending = models.BooleanField(_("changed since the convocation was sent"), default=False)
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
        return self.title or display_title_of("", self.starts_at, self.table.name)

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
