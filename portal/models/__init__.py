from .accounts import Invitation, User
from .follows import Follow, FollowNotification
from .pages import ContentPage, HomePage
from .territories import Commune, Region, RegionalCoordinator, Territory, TerritoryPilot
from .transitions import HistoryIsAppendOnly, TransitionLog
from .versions import DataVersion

__all__ = [
    "Commune",
    "ContentPage",
    "DataVersion",
    "Follow",
    "FollowNotification",
    "HistoryIsAppendOnly",
    "HomePage",
    "Invitation",
    "Region",
    "RegionalCoordinator",
    "Territory",
    "TerritoryPilot",
    "TransitionLog",
    "User",
]
