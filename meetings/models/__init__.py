"""Tables, seats, meetings, agendas, attendance, minutes and decisions, one module per
sub-domain."""

from .agenda import AgendaItem
from .attendance import Attendance
from .calendar import CalendarToken, TableCalendarToken, new_feed_token
from .decisions import (
    OPEN_DECISION_STATUSES,
    UPDATE_DECISION,
    Decision,
    DecisionQuerySet,
    DecisionStatus,
    DecisionUpdate,
)
from .meetings import (
    ATTENDANCE_STATUSES,
    HELD_STATUSES,
    MANAGE_MEETING,
    MINUTES_OPEN_STATUSES,
    MINUTES_PENDING_STATUSES,
    MINUTES_STATUSES,
    UPCOMING_STATUSES,
    Meeting,
    MeetingHistory,
    MeetingStatus,
)
from .minutes import MinutesVersion
from .tables import Seat, SeatQuerySet, Table
from .votes import DecisionVote, SeatVote, VoteChoice

__all__ = [
    "ATTENDANCE_STATUSES",
    "AgendaItem",
    "Attendance",
    "CalendarToken",
    "Decision",
    "DecisionQuerySet",
    "DecisionStatus",
    "DecisionUpdate",
    "DecisionVote",
    "HELD_STATUSES",
    "MANAGE_MEETING",
    "MINUTES_OPEN_STATUSES",
    "MINUTES_PENDING_STATUSES",
    "MINUTES_STATUSES",
    "Meeting",
    "MeetingHistory",
    "MeetingStatus",
    "MinutesVersion",
    "OPEN_DECISION_STATUSES",
    "Seat",
    "SeatVote",
    "SeatQuerySet",
    "Table",
    "TableCalendarToken",
    "UPCOMING_STATUSES",
    "UPDATE_DECISION",
    "VoteChoice",
    "new_feed_token",
]
