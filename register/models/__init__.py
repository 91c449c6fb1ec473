from portal.models import HistoryIsAppendOnly

from .dysfunctions import (
    AgeBand,
    Category,
    Dysfunction,
    DysfunctionAttachment,
    DysfunctionEvent,
    DysfunctionState,
    Public,
    Severity,
)
from .feedback import FeedbackAnswer, FeedbackRequest, Notification
from .me_too import MeToo
from .proposals import (
    ExecutivePosition,
    Position,
    Proposal,
    ProposalEvent,
    ProposalState,
)

__all__ = [
    "AgeBand",
    "Category",
    "Dysfunction",
    "DysfunctionAttachment",
    "DysfunctionEvent",
    "DysfunctionState",
    "ExecutivePosition",
    "FeedbackAnswer",
    "FeedbackRequest",
    "HistoryIsAppendOnly",
    "MeToo",
    "Notification",
    "Position",
    "Proposal",
    "ProposalEvent",
    "ProposalState",
    "Public",
    "Severity",
]
