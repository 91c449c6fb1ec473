"""Queries the register's pages read, with their joins decided here so that each page runs a
fixed number of SQL queries whatever the number of dysfunctions."""

import re
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Corridor
from directory.models import Organisation, Service
from meetings.models import (
    HELD_STATUSES,
    MINUTES_STATUSES,
    AgendaItem,
    Decision,
    Meeting,
    MeetingStatus,
    MinutesVersion,
)
from meetings.rules import visible_to_user as meeting_visible_to_user
from portal.models import Territory
from portal.permissions import access, can, visible_to

from .models import (
    Dysfunction,
    DysfunctionEvent,
    ExecutivePosition,
    FeedbackAnswer,
    FeedbackRequest,
    MeToo,
    Notification,
    Proposal,
    ProposalEvent,
)
from .models.dysfunctions import ME_TOO_STATES, PUBLISHED_STATES, SETTLED_STATES, DysfunctionState
from .models.proposals import AWAITING_POSITION_STATES, DECISION_STATES
from .models.proposals import SETTLED_STATES as PROPOSAL_SETTLED_STATES
from .rules import organisations_named_in, territories_filed_in


def dysfunction_list_visible_to(user):
    return (
        visible_to(user, Dysfunction.objects.all())
        .select_related("category", "commune", "filer", "territory")
        .order_by("-submitted_at", "-created_at", "-pk")
    )


def dysfunction_list_for_filer(user, limit: int = 20):
    """What a person filed, and the gaps they added their situations to (« me too »), newest
    first: the newest of each read along an index (a case manager files thousands), merged."""
    newest = Dysfunction.objects.select_related("category").order_by("-updated_at", "-pk")
    found = {d.pk: d for d in newest.filter(filer=user)[:limit]}
    joined = MeToo.objects.filter(filer=user).values("dysfunction_id")
    found.update((d.pk, d) for d in newest.filter(pk__in=joined)[:limit])
    return sorted(found.values(), key=lambda d: (d.updated_at, d.pk), reverse=True)[:limit]


def dysfunction_list_to_triage(user):
    """The submitted dysfunctions the user may triage, oldest first; a queryset, which the
    triage list pages and the landing panel cuts short."""
    submitted = Dysfunction.objects.filter(state=DysfunctionState.SUBMITTED)
    return (
        visible_to(user, submitted, action="register.dysfunction.triage")
        .select_related("category", "commune")
        .order_by("submitted_at", "pk")
    )


def dysfunction_detail_queryset(user):
    """The dysfunctions the user may see, with everything a dysfunction's page shows."""
    return visible_to(user, dysfunction_page_queryset())


def dysfunction_page_queryset():
    """Dysfunctions with everything a dysfunction's page shows, whoever reads it (see
    `dysfunction_corridor_read` for the corridor).

    The row is read with the three joins every page needs (category, commune, filer): with the
    seven optional ones too, PostgreSQL spent 6 ms planning a query it ran in 0.2 ms. The
    decision followed, often absent, is read when the page asks for it (no query without one);
    what it was merged into or reopened from is named by its number (Dysfunction.reference),
    which the row holds."""
    return Dysfunction.objects.select_related("category", "commune", "filer").prefetch_related(
        Prefetch("agenda_items", queryset=_agenda_items()),
        # The lists the page names read what it shows of them (the services with their
        # organisation in one query): a service has some fifty columns.
        Prefetch(
            "services",
            queryset=Service.objects.select_related("organisation").only(
                "name", "organisation__name", "organisation__territory_id"
            ),
        ),
        Prefetch("organisations", queryset=Organisation.objects.only("name", "territory_id")),
        "attachments",
        Prefetch("events", queryset=DysfunctionEvent.objects.select_related("actor")),
        Prefetch("merged_dysfunctions", queryset=Dysfunction.objects.select_related("filer")),
        Prefetch("me_toos", queryset=MeToo.objects.select_related("filer")),
        Prefetch("recurrences", queryset=Dysfunction.objects.only("title", "reopened_from")),
        Prefetch(
            "proposals",
            queryset=Proposal.objects.only("title", "state").order_by("-created_at"),
        ),
        Prefetch(
            "feedback_requests",
            # The page shows the answers; who answered counts among the filers by id.
            queryset=FeedbackRequest.objects.exclude(answer=""),
        ),
    )


def dysfunction_corridor_read(dysfunction):
    """The corridor a dysfunction names, with its agreement and its two services, in one query
    and only when it names one."""
    if dysfunction.corridor_id is not None:
        prefetch_related_objects(
            [dysfunction],
            Prefetch(
                "corridor",
                queryset=Corridor.objects.select_related("agreement", "from_service", "to_service"),
            ),
        )
    return dysfunction


def dysfunction_merge_candidates(dysfunction):
    return (
        Dysfunction.objects.filter(
            territory_id=dysfunction.territory_id,
            state__in=[
                DysfunctionState.SUBMITTED,
                DysfunctionState.INFORMATION_REQUESTED,
                DysfunctionState.QUALIFIED,
                DysfunctionState.SCHEDULED,
                DysfunctionState.ESCALATED,
                DysfunctionState.DECIDED,
                DysfunctionState.IMPLEMENTING,
            ],
        )
        .exclude(pk=dysfunction.pk)
        .order_by("-submitted_at")
    )


def notification_list_for(user, limit=50):
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("event__dysfunction", "event__actor")
        .order_by("-created_at", "-pk")[:limit]
    )


def notification_unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def proposal_list_visible_to(user):
    return (
        visible_to(user, Proposal.objects.all())
        .select_related("tactical_table", "strategic_table")
        .annotate(dysfunction_count=Count("dysfunctions", distinct=True))
        .order_by("-created_at", "-pk")
    )


def proposal_awaiting_position(user, limit: int = 10):
    """The oldest proposals waiting for the strategic tables where this person sits and on
    which they have not recorded a position yet (at most `limit`)."""
    a = access(user)
    mine = ExecutivePosition.objects.filter(proposal=OuterRef("pk"), user=user)
    return list(
        Proposal.objects.filter(
            strategic_table_id__in=a.table_ids, state__in=AWAITING_POSITION_STATES
        )
        .exclude(Exists(mine))
        .select_related("strategic_table")
        .order_by("submitted_at", "pk")[:limit]
    )


def _agenda_items():
    return AgendaItem.objects.select_related("meeting__table").order_by("meeting__starts_at")


def minutes_excerpts(items) -> dict:
    """What the latest minutes of each meeting say about each agenda item: {item pk: text}."""
    meeting_ids = {i.meeting_id for i in items if i.meeting.status in MINUTES_STATUSES}
    if not meeting_ids:
        return {}
    wanted = {i.pk for i in items}
    latest = {}
    for version in MinutesVersion.objects.filter(meeting_id__in=meeting_ids).order_by("-number"):
        latest.setdefault(version.meeting_id, version)
    texts = {}
    for version in latest.values():
        for entry in version.items:
            if entry.get("item") in wanted and entry.get("text", "").strip():
                texts[entry["item"]] = entry["text"].strip()
    return texts


# Known to the tables and still needing one: what an agenda item may be about.
AGENDA_STATES = PUBLISHED_STATES - SETTLED_STATES


def _territories_of_table(table) -> list[int]:
    if table.territory_id:
        return [table.territory_id]
    return list(Territory.objects.filter(region_id=table.region_id).values_list("pk", flat=True))


def agenda_dysfunctions(meeting):
    """The dysfunctions an item of `meeting`'s agenda may be about: those its table's
    territories know and that still need a table (a settled one leaves the agendas)."""
    return Dysfunction.objects.filter(
        territory_id__in=_territories_of_table(meeting.table),
        state__in=AGENDA_STATES,
    ).order_by("-submitted_at", "-pk")


def agenda_proposals(meeting):
    """The proposals an item of `meeting`'s agenda may be about: those of its table's
    territories not decided for good (a deferred one comes back)."""
    return (
        Proposal.objects.filter(territory_id__in=_territories_of_table(meeting.table))
        .exclude(state__in=PROPOSAL_SETTLED_STATES)
        .order_by("-created_at", "-pk")
    )


def decision_meetings_of(table_id):
    """The meetings of a strategic table where a decision can be recorded: held, or convened
    for today or earlier (recording the decision marks them held)."""
    tomorrow = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=1), time.min)
    )
    return (
        Meeting.objects.filter(table_id=table_id or 0)
        .filter(
            Q(status__in=HELD_STATUSES) | Q(status=MeetingStatus.CONVENED, starts_at__lt=tomorrow)
        )
        .select_related("table")
        .order_by("-starts_at")
    )


def proposal_chain_meetings(user, proposal) -> list[dict]:
    """Every meeting a proposal went through, oldest first: where its dysfunctions were
    discussed, where the tactical table adopted it, where it was on the strategic agenda and
    where the strategic table decided. Each row says what happened there and whether the
    person may open the meeting and its minutes. Reads what the detail queryset prefetched."""
    rows: dict[int, dict] = {}

    def add(meeting, what):
        if meeting is None:
            return
        row = rows.setdefault(meeting.pk, {"meeting": meeting, "what": []})
        if what not in row["what"]:
            row["what"].append(what)

    for dysfunction in proposal.dysfunctions.all():
        for item in dysfunction.agenda_items.all():
            add(
                item.meeting,
                _("%(reference)s discussed (item %(number)s)")
                % {"reference": dysfunction.reference, "number": item.number},
            )
    add(proposal.adopted_in, _("adopted by the tactical table"))
    for item in proposal.agenda_items.all():
        add(item.meeting, _("on the agenda (item %(number)s)") % {"number": item.number})
    if proposal.decided_in_id:
        add(
            proposal.decided_in,
            _("decided: %(decision)s") % {"decision": proposal.get_state_display()}
            if proposal.state in DECISION_STATES
            else _("decided"),
        )
    chain = sorted(rows.values(), key=lambda r: (r["meeting"].starts_at, r["meeting"].pk))
    for row in chain:
        meeting = row["meeting"]
        row["may_open"] = meeting_visible_to_user(user, meeting)
        row["may_read_minutes"] = can(user, "meetings.minutes.read", meeting)
    return chain


def proposal_detail_queryset(user, dysfunctions=None):
    """The proposals the user may see, with everything a proposal's page shows (`dysfunctions`:
    how its dysfunctions are read instead, for a page that keeps what it shows of them)."""
    return (
        visible_to(user, Proposal.objects.all())
        # The proposal's own row joins its tables; its meetings, decision and votes are read
        # apart (only those it has): fifteen tables joined in one query cost PostgreSQL more to
        # plan (10-20 ms) than these few small queries to run.
        .select_related(
            "territory", "tactical_table", "strategic_table", "referred_from", "created_by"
        )
        .prefetch_related(
            *(
                Prefetch(meeting, queryset=Meeting.objects.select_related("table"))
                for meeting in ("adopted_in", "scheduled_in", "decided_in")
            ),
            Prefetch("decision", queryset=Decision.objects.select_related("vote")),
            "outcome_vote",
            Prefetch(
                "dysfunctions",
                queryset=dysfunctions
                if dysfunctions is not None
                else Dysfunction.objects.select_related("category", "commune").prefetch_related(
                    Prefetch(
                        "events",
                        queryset=DysfunctionEvent.objects.select_related("actor").filter(
                            ~Q(from_state="")
                        ),
                    ),
                ),
            ),
            Prefetch("events", queryset=ProposalEvent.objects.select_related("actor")),
            Prefetch("positions", queryset=ExecutivePosition.objects.select_related("user")),
        )
    )


def with_agenda_items(proposal):
    """The agenda items about the proposal and about each of its dysfunctions (those of
    `proposal_detail_queryset`), read in one query rather than a prefetch each, and kept as
    their `agenda_items`."""
    dysfunctions = list(proposal.dysfunctions.all())
    types = ContentType.objects.get_for_models(Proposal, Dysfunction)
    about_proposal = Q(subject_type=types[Proposal], subject_id=proposal.pk)
    about_dysfunctions = Q(
        subject_type=types[Dysfunction], subject_id__in=[d.pk for d in dysfunctions]
    )
    items = list(_agenda_items().filter(about_proposal | about_dysfunctions))
    dysfunction_type = types[Dysfunction].pk
    _keep_prefetched(
        proposal, "agenda_items", [i for i in items if i.subject_type_id != dysfunction_type]
    )
    for dysfunction in dysfunctions:
        rows = [
            i
            for i in items
            if i.subject_type_id == dysfunction_type and i.subject_id == dysfunction.pk
        ]
        _keep_prefetched(dysfunction, "agenda_items", rows)
    return proposal


def _keep_prefetched(obj, name: str, rows: list) -> None:
    """`obj.<name>.all()` answers `rows` without a query, as a prefetch would have kept them."""
    queryset = getattr(obj, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    obj._prefetched_objects_cache[name] = queryset


def service_dysfunctions(user, service, *, latest: int = 5) -> dict:
    """What a service's page tells of the register: the dysfunctions that name the service, as
    the person may see them, counted by state, and the latest ones."""
    named = visible_to(user, Dysfunction.objects.all()).filter(
        pk__in=Dysfunction.services.through.objects.filter(service_id=service.pk).values(
            "dysfunction_id"
        )
    )
    counts = dict(
        named.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {
        "by_state": [
            (label, counts[value]) for value, label in DysfunctionState.choices if counts.get(value)
        ],
        "total": sum(counts.values()),
        "latest": list(named.select_related("category").order_by("-submitted_at", "-pk")[:latest]),
    }


def organisations_answering(user, dysfunction):
    """The organisations named in a dysfunction in whose name `user` may answer it."""
    named = Organisation.objects.filter(pk__in=organisations_named_in(dysfunction))
    return visible_to(user, named, "register.dysfunction.answer").order_by("name")


def feedback_request_queryset():
    """The feedback requests a signed link may open (the signature is the permission)."""
    return FeedbackRequest.objects.select_related("dysfunction")


def feedback_nothing_changed_for_pilot(user):
    """Closed dysfunctions whose filer answered that nothing changed, in the territories the user
    triages, until the pilot reopens them as a new dysfunction; most recent answer first."""
    dysfunctions = visible_to(
        user,
        Dysfunction.objects.filter(state=DysfunctionState.CLOSED, recurrences__isnull=True),
        action="register.dysfunction.triage",
    )
    return (
        FeedbackRequest.objects.filter(answer=FeedbackAnswer.NO, dysfunction__in=dysfunctions)
        .select_related("dysfunction")
        .order_by("-answered_at", "-pk")
    )


# --- « me too »: the gaps already known that look like the one being typed ----------------

# Words too common in the register to tell two gaps apart (French first, some English).
_COMMON_WORDS = frozenset(
    """avec dans pour sans plus moins elle elles ils leur leurs nous vous sont était être avoir
    cette celle ceux tout tous toute toutes même après avant depuis entre aussi très comme mais
    donc alors encore jamais toujours personne personnes situation situations service services
    semaine semaines jour jours fois faire fait peut pouvoir with from that this have were there
    their which would could about aucun aucune rien chez lors quand dont ceci cela celui
    parce selon vers""".split()
)
SIMILAR_LIMIT = 5


def similar_words(text: str) -> list[str]:
    """The distinctive words of what is being typed (at most twelve, longest first)."""
    words = {w for w in re.findall(r"\w+", (text or "").lower()) if len(w) >= 4 and not w.isdigit()}
    words -= _COMMON_WORDS
    return sorted(words, key=lambda w: (-len(w), w))[:12]


def dysfunction_similar(user, *, title, description="", category=None, commune=None, exclude=None):
    """The open gaps the tables already know in the person's territories that look like the
    one being typed: French full-text similarity of the title and description on PostgreSQL
    (stems: « sorties » finds « sortie »), shared word beginnings elsewhere; the same category
    and commune rank first. At most five; two queries whatever the size of the register."""
    words = similar_words(f"{title} {description}")
    if not words:
        return []
    candidates = visible_to(
        user,
        Dysfunction.objects.filter(
            state__in=ME_TOO_STATES, territory_id__in=territories_filed_in(user)
        ),
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    bonus = Value(0.0)
    if category is not None:
        bonus = bonus + Case(When(category_id=category.pk, then=Value(0.3)), default=Value(0.0))
    if commune is not None:
        bonus = bonus + Case(When(commune_id=commune.pk, then=Value(0.2)), default=Value(0.0))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="french") + SearchVector(
            "description", weight="B", config="french"
        )
        query = SearchQuery(" or ".join(words), search_type="websearch", config="french")
        found = (
            candidates.annotate(document=vector)
            .filter(document=query)
            .annotate(score=SearchRank(vector, query) + bonus)
            .order_by("-score", "-submitted_at")
        )
        return list(found.select_related("category", "commune")[:SIMILAR_LIMIT])
    # Elsewhere (SQLite): the beginnings of the words (« hospitalis » finds both forms), scored
    # here on a bounded number of candidates.
    stems = [w[:7] for w in words]
    match = Q()
    for stem in stems:
        match |= Q(title__icontains=stem) | Q(description__icontains=stem)
    rows = list(
        candidates.filter(match)
        .annotate(bonus=bonus)
        .select_related("category", "commune")
        .order_by("-submitted_at")[:200]
    )

    def score(d):
        title_text, body = d.title.lower(), d.description.lower()
        return (
            sum(2 for s in stems if s in title_text)
            + sum(1 for s in stems if s in body)
            + 5 * d.bonus
        )

    rows.sort(key=lambda d: -score(d))
    return rows[:SIMILAR_LIMIT]
