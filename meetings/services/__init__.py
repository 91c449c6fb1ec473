"""Everything that changes the tables, their meetings, agendas, attendance, minutes and
decisions, one module per sub-domain. One function per user action: keyword-only arguments, one
transaction, the row locked, the permission and the current state checked, history written,
notifications queued."""

from .agenda import (
    agenda_carry_over,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    meeting_next,
)
from .attendance import (
    attendance_answer,
    attendance_record,
    attendance_substitute_answer,
    substitutes_for,
)
from .calendar import (
    calendar_token_erase,
    calendar_token_for,
    calendar_token_regenerate,
    table_calendar_token_for,
    table_calendar_token_renew,
)
from .decisions import decision_record, decision_update_status
from .meetings import (
    FOLLOW_UP_TITLE,
    convocation_is_late,
    meeting_cancel,
    meeting_convene,
    meeting_mark_changed,
    meeting_mark_held,
    meeting_plan,
    meeting_send_update,
    meeting_update,
)
from .minutes import minutes_approve, minutes_publish, minutes_restore, minutes_save
from .tables import seat_add, seat_end, table_collection_ensure, table_save
from .votes import (
    decision_vote_record,
    meeting_vote_record,
    quorum_refusal,
    vote_summary,
    voting_seats,
)

__all__ = [
    "FOLLOW_UP_TITLE",
    "agenda_carry_over",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_answer",
    "attendance_record",
    "attendance_substitute_answer",
    "calendar_token_erase",
    "calendar_token_for",
    "calendar_token_regenerate",
    "convocation_is_late",
    "decision_record",
    "decision_update_status",
    "decision_vote_record",
    "meeting_vote_record",
    "vote_summary",
    "meeting_cancel",
    "meeting_convene",
    "meeting_mark_changed",
    "meeting_mark_held",
    "meeting_next",
    "meeting_plan",
    "meeting_send_update",
    "meeting_update",
    "minutes_approve",
    "minutes_publish",
    "minutes_restore",
    "minutes_save",
    "quorum_refusal",
    "seat_add",
    "seat_end",
    "substitutes_for",
    "table_calendar_token_for",
    "table_calendar_token_renew",
    "table_collection_ensure",
    "table_save",
    "voting_seats",
]
