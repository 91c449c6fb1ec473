"""The personal landing page is made of panels. Each app registers the panels it owns, for the
roles they serve; the page shows a user the panels of each role they hold.

A panel may be kept between visits: `kept_for` names the data versions (portal.versions) it is
read from, and its rendered HTML is kept in the shared cache under those versions' tokens, the
person's roles stamp (who they are, their roles' version, the day) and the language. Any change
of that data gives it a new token, so a kept panel is the panel of now. A panel that time alone
changes (a meeting starts, a deadline passes) says when with `fresh_until(context)`; it is kept
until then at the latest. Panels without `kept_for` are computed at every visit."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from portal import versions
from portal.permissions import roles_of, roles_stamp


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    roles: frozenset
    order: int
    get_context: Callable[[object], dict]
    kept_for: tuple[str, ...] = ()
    fresh_until: Callable[[dict], datetime | None] | None = None


_panels: dict[str, Panel] = {}


def register_panel(
    *, key, title, template, roles, order, get_context, kept_for=(), fresh_until=None
) -> None:
    _panels[key] = Panel(
        key, title, template, frozenset(roles), order, get_context, tuple(kept_for), fresh_until
    )


def _shown(user) -> list[Panel]:
    roles = roles_of(user)
    return [p for p in sorted(_panels.values(), key=lambda p: p.order) if p.roles & roles]


def panels_for(request) -> list[dict]:
    """The panels shown to the person of `request`, each rendered: key, title and html. A kept
    panel is rendered without the request (nothing of one visit, such as a CSRF token, may be
    kept); the others with it."""
    user = request.user
    shown = _shown(user)
    tokens = versions.current_many({name for panel in shown for name in panel.kept_for})
    stamp = roles_stamp(user)
    language = translation.get_language()
    keys = {
        panel.key: versions.cache_key(
            "panel",
            "-".join(tokens[name] for name in panel.kept_for),
            (panel.key, stamp, language),
        )
        for panel in shown
        if panel.kept_for
    }
    found = cache.get_many(list(keys.values())) if keys else {}
    rendered, to_keep = [], []
    for panel in shown:
        key = keys.get(panel.key)
        html = found.get(key) if key else None
        if html is None:
            context = {"key": panel.key, "title": panel.title, **panel.get_context(user)}
            if key:
                html = render_to_string(panel.template, {"panel": context, "user": user})
                until = panel.fresh_until(context) if panel.fresh_until else None
                to_keep.append((key, html, until))
            else:
                html = render_to_string(panel.template, {"panel": context}, request=request)
        rendered.append({"key": panel.key, "title": panel.title, "html": mark_safe(html)})  # noqa: S308  (rendered by the template engine)
    _keep(to_keep)
    return rendered


def _keep(panels: list[tuple[str, str, datetime | None]]) -> None:
    """Keep the panels rendered (place, html, moment they change or None) together: one write
    for those kept as long (most of them), not one each."""
    by_timeout: dict[int, dict] = {}
    for key, html, until in panels:
        timeout = versions.TIMEOUT
        if until is not None:
            timeout = min(timeout, int((until - timezone.now()).total_seconds()))
        if timeout >= 1:
            by_timeout.setdefault(timeout, {})[key] = html
    for timeout, values in by_timeout.items():
        cache.set_many(values, timeout)
