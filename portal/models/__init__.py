from .accounts import Invitation, User
from .pages import ContentPage, HomePage
from .territories import Commune, Territory, TerritoryPilot

__all__ = [
    "Commune",
    "ContentPage",
    "HomePage",
    "Invitation",
    "Territory",
    "TerritoryPilot",
    "User",
]
