"""Pages of the tables, meetings, minutes and decisions, one module per sub-domain. Thin: parse
input, call a selector or a service, render. Permissions are asked of portal.permissions;
objects are fetched within what the user may see (404 otherwise)."""

from .agenda import agenda_item_add, agenda_item_delete, agenda_item_edit, agenda_item_move
from .calendar import calendar_subscribe, personal_feed
from .decisions import decision_add, decision_detail, decision_register, decision_vote
from .meetings import (
    agenda_carry_over,
    attendance_edit,
    meeting_answer,
    meeting_cancel,
    meeting_convene,
    meeting_detail,
    meeting_edit,
    meeting_held,
    meeting_list,
    meeting_plan,
    meeting_send_update,
    stand_in,
)
from .minutes import (
    agenda_pdf,
    minutes_approve,
    minutes_detail,
    minutes_edit,
    minutes_pdf,
    minutes_publish,
    minutes_restore,
    minutes_versions,
)
from .tables import (
    seat_add,
    seat_end,
    table_detail,
    table_edit,
    table_feed,
    table_feed_renew,
    table_list,
    table_private_feed,
)

__all__ = [
    "agenda_carry_over",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_edit",
    "agenda_item_move",
    "agenda_pdf",
    "attendance_edit",
    "calendar_subscribe",
    "decision_add",
    "decision_detail",
    "decision_register",
    "decision_vote",
    "meeting_answer",
    "meeting_cancel",
    "meeting_convene",
    "meeting_detail",
    "meeting_edit",
    "meeting_held",
    "meeting_list",
    "meeting_plan",
    "meeting_send_update",
    "minutes_approve",
    "minutes_detail",
    "minutes_edit",
    "minutes_pdf",
    "minutes_publish",
    "minutes_restore",
    "minutes_versions",
    "personal_feed",
    "seat_add",
    "seat_end",
    "stand_in",
    "table_detail",
    "table_edit",
    "table_feed",
    "table_feed_renew",
    "table_private_feed",
    "table_list",
]
