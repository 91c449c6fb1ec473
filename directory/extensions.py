"""What apps above the directory add to its pages without the directory knowing them: sections
of a service's page, and notes beside a search result when a person is described (an agreement's
corridor that applies to them, for instance)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceSection:
    key: str
    template: str
    order: int
    get_context: Callable  # (service, user) -> dict, or None to show nothing


_sections: dict[str, ServiceSection] = {}


@dataclass(frozen=True)
class SearchNotes:
    get_notes: Callable
    shown_to: Callable
    versions: tuple[str, ...]


_search_notes: dict[str, SearchNotes] = {}


def register_service_section(*, key: str, template: str, order: int, get_context) -> None:
    _sections[key] = ServiceSection(key, template, order, get_context)


def service_sections(*, service, user) -> list[dict]:
    shown = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        context = section.get_context(service, user)
        if context is not None:
            shown.append({"key": section.key, "template": section.template, **context})
    return shown


def register_search_notes(
    *, key: str, get_notes, shown_to=lambda user: True, versions: tuple[str, ...] = ()
) -> None:
    """`get_notes(services, person, user)` answers {service pk: [note, ...]}. `shown_to(user)`
    says whether the notes can be shown to that user at all; `versions` names the data versions
    (portal.versions) the notes are read from, beside the directory's: a search's results are
    kept for those versions too."""
    _search_notes[key] = SearchNotes(get_notes, shown_to, tuple(versions))


def search_notes(*, services, person, user) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    if person is None or not services:
        return notes
    for provider in _search_notes.values():
        for pk, found in provider.get_notes(services, person, user).items():
            notes.setdefault(pk, []).extend(found)
    return notes


def search_note_versions(user) -> tuple[str, ...]:
    """The data versions of the notes shown to `user` (see register_search_notes)."""
    names = set()
    for provider in _search_notes.values():
        if provider.shown_to(user):
            names.update(provider.versions)
    return tuple(sorted(names))


_api_routers: list = []


def register_api_router(*, prefix: str, router) -> None:
    """A django-ninja router another app adds to the directory's API (from its AppConfig.ready,
    before the URLs are read)."""
    _api_routers.append((prefix, router))


def api_routers() -> list:
    return list(_api_routers)
