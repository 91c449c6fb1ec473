"""A dysfunction's page reads its dysfunction from what is kept between requests.

The page shows the dysfunction with its timeline, the agenda items that discussed it and what
their minutes say, its services, organisations, attachments, merged gaps, « me too »,
recurrences, proposals, answers, corridor and decision: about ten queries, the same whoever
reads the page. They are read together once and kept, as the dysfunction with its related
rows, for the current versions of the register and of the tables (portal.versions): every one
of those rows renews one of them when saved or deleted (register.indicators
`register_version_signals`, meetings.apps), so a page never shows what the database no longer
says. Who may read the page is asked of the database at each request, before anything kept
is read; what depends on the reader (their forms, the filers they may see, what they follow)
is computed at each request from the dysfunction read here."""

from portal.permissions import kept_for_page

from . import selectors
from .models import Dysfunction

KEPT_FOR = ("register", "meetings")


def dysfunction_for_page(user, pk):
    """The dysfunction `pk` with everything its page shows, if `user` may see it (else 404)."""
    return kept_for_page(user, Dysfunction, pk, KEPT_FOR, lambda: _read(pk))


def _read(pk):
    dysfunction = selectors.dysfunction_page_queryset().filter(pk=pk).first()
    if dysfunction is None:
        return None
    selectors.dysfunction_corridor_read(dysfunction)
    items = list(dysfunction.agenda_items.all())
    dysfunction.minutes_excerpts = selectors.minutes_excerpts(items)
    if dysfunction.decision_id is not None:
        dysfunction.decision  # noqa: B018  (read now, to be kept with the rest)
    return dysfunction
