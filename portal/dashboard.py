"""The personal landing page is made of panels. Each app registers the panels it owns, for the
roles they serve; the page shows a user the panels of each role they hold."""

from collections.abc import Callable
from dataclasses import dataclass

from portal.permissions import roles_of


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    roles: frozenset
    order: int
    get_context: Callable[[object], dict]


_panels: dict[str, Panel] = {}


def register_panel(*, key, title, template, roles, order, get_context) -> None:
    _panels[key] = Panel(key, title, template, frozenset(roles), order, get_context)


def panels_for(user) -> list[dict]:
    roles = roles_of(user)
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        if panel.roles & roles:
            shown.append(
                {
                    "key": panel.key,
                    "title": panel.title,
                    "template": panel.template,
                    **panel.get_context(user),
                }
            )
    return shown
