"""What a proposal's page says of the dysfunctions it answers (each one's description, the
tactical discussion with the minutes' words, its road so far): the longest part of the page,
the same for everyone who may read the proposal. It is rendered once for the versions of what
it shows and kept under the proposal and the language; the page itself reads its dysfunctions
by their keys only (the meetings' chain names them)."""

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import versions
from portal.permissions import kept_for_page

from .. import selectors
from ..models import Dysfunction, DysfunctionEvent, Proposal

# The dysfunctions (their fields, category and commune: the register's version), their links to
# the proposal and their road (the proposals' version), the agenda items, meetings and minutes
# that speak of them (the meetings' version).
ANSWER_VERSIONS = ("register", "meetings", "proposals")


def page_queryset(user):
    """The proposals the user may see, with what the page shows beside the kept part."""
    return selectors.proposal_detail_queryset(user, dysfunctions=Dysfunction.objects.only("pk"))


def proposal_for_page(user, pk):
    """The proposal `pk` with everything its page reads (its tables, meetings, decision and
    vote, history, positions, agenda items, its dysfunctions' keys), if `user` may see it (else
    404). Who may see it is asked of the database at each visit; the proposal with its rows is
    the same for everyone who may (none of its rows is read through the reader's rights), so it
    is read once and kept for the versions of what it holds, as a dysfunction's page does
    (register/kept.py): the proposals' (the proposal, its history, the positions, its links),
    the tables' (tables, meetings, decisions, votes, agenda items, territories) and the
    register's (people's names)."""

    def read():
        proposal = page_queryset(user).filter(pk=pk).first()
        return None if proposal is None else selectors.with_agenda_items(proposal)

    return kept_for_page(user, Proposal, pk, ANSWER_VERSIONS, read)


def answered(proposal) -> str:
    """The dysfunctions `proposal` answers, rendered (kept). Reads the agenda items about
    each of them from `selectors.with_agenda_items`."""

    def rendered() -> str:
        about = {d.pk: list(d.agenda_items.all()) for d in proposal.dysfunctions.all()}
        excerpts = selectors.minutes_excerpts([i for items in about.values() for i in items])
        dysfunctions = list(
            Dysfunction.objects.filter(pk__in=list(about))
            .select_related("category", "commune")
            .prefetch_related(
                Prefetch("events", queryset=DysfunctionEvent.objects.filter(~Q(from_state="")))
            )
        )
        for dysfunction in dysfunctions:
            dysfunction.items_about = about.get(dysfunction.pk, [])
            for item in dysfunction.items_about:
                item.minutes_excerpt = excerpts.get(item.pk, "")
        return render_to_string(
            "register/includes/proposal_dysfunctions.html", {"dysfunctions": dysfunctions}
        )

    key = ("proposal_answers", proposal.pk, translation.get_language())
    return mark_safe(versions.cached_across(ANSWER_VERSIONS, key, rendered))  # noqa: S308  (rendered by the template engine)
