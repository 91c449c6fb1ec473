"""Everything that changes a dysfunction or a proposal, one module per sub-domain. Each
function is one user action: it checks the role and the current state, locks the row, moves it
with portal.transitions.transition(), writes the history and queues the notifications, in one
transaction."""

from .answers import dysfunction_answer
from .checks import EDITABLE_FIELDS, TEXT_FIELDS, feedback_delay, tell_filers
from .dysfunctions import (
    dysfunction_close,
    dysfunction_create,
    dysfunction_merge,
    dysfunction_qualify,
    dysfunction_reject,
    dysfunction_reopen,
    dysfunction_request_information,
    dysfunction_schedule,
    dysfunction_solve_at_tactical_level,
    dysfunction_start_implementation,
    dysfunction_submit,
    dysfunction_update,
)
from .feedback import feedback_answer, feedback_request_due, notification_mark_all_read
from .me_too import dysfunction_me_too
from .proposals import (
    DECIDE,
    proposal_adopt,
    proposal_create,
    proposal_decide,
    proposal_mark_implemented,
    proposal_record_position,
    proposal_refer_to_region,
    proposal_schedule,
    proposal_submit,
)
from .retention import dysfunction_detach_filers, dysfunction_detach_person

__all__ = [
    "dysfunction_me_too",
    "DECIDE",
    "EDITABLE_FIELDS",
    "TEXT_FIELDS",
    "dysfunction_answer",
    "dysfunction_close",
    "dysfunction_detach_filers",
    "dysfunction_detach_person",
    "dysfunction_create",
    "dysfunction_merge",
    "dysfunction_qualify",
    "dysfunction_reject",
    "dysfunction_reopen",
    "dysfunction_request_information",
    "dysfunction_schedule",
    "dysfunction_solve_at_tactical_level",
    "dysfunction_start_implementation",
    "dysfunction_submit",
    "dysfunction_update",
    "feedback_answer",
    "feedback_delay",
    "feedback_request_due",
    "notification_mark_all_read",
    "proposal_adopt",
    "proposal_create",
    "proposal_decide",
    "proposal_mark_implemented",
    "proposal_record_position",
    "proposal_refer_to_region",
    "proposal_schedule",
    "proposal_submit",
    "tell_filers",
]
