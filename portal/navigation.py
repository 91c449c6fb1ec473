"""The main menu of the portal. Each app adds its entries (in its AppConfig.ready or here),
each with a rule deciding who sees it, so the base template never checks roles itself."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal.permissions import access


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    order: int
    shown_to: Callable[[object], bool]


_items: dict[str, NavItem] = {}


def register_nav_item(*, key, label, url_name, order, shown_to=lambda user: True) -> None:
    _items[key] = NavItem(key, label, url_name, order, shown_to)


def nav_items_for(user, current_path: str) -> list[dict]:
    entries = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if not item.shown_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = current_path == url or (url != "/" and current_path.startswith(url))
        entries.append({"label": item.label, "url": url, "current": current})
    return entries


def signed_in(user) -> bool:
    return access(user) is not None


register_nav_item(
    key="dashboard", label=_("My space"), url_name="portal:dashboard", order=10, shown_to=signed_in
)
