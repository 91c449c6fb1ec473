from .actions import object_action
from .dysfunctions import (
    attachment_download,
    dysfunction_answer,
    dysfunction_create,
    dysfunction_detail,
    dysfunction_edit,
    dysfunction_me_too,
    dysfunction_similar,
    dysfunction_submit,
    feedback_answer,
    notification_list,
    register_list,
    triage_list,
)
from .indicators import indicators, indicators_csv
from .proposals import (
    proposal_create,
    proposal_detail,
    proposal_list,
    proposal_position,
)

__all__ = [
    "attachment_download",
    "dysfunction_answer",
    "dysfunction_create",
    "dysfunction_detail",
    "dysfunction_edit",
    "dysfunction_me_too",
    "dysfunction_similar",
    "dysfunction_submit",
    "feedback_answer",
    "indicators",
    "indicators_csv",
    "notification_list",
    "object_action",
    "proposal_create",
    "proposal_detail",
    "proposal_list",
    "proposal_position",
    "register_list",
    "triage_list",
]
