"""Queries that the directory's pages, API and exports read. Each one decides its
select_related/prefetch_related here, so that a page runs the same number of queries whatever
the size of the directory."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from wagtail.search.backends import get_search_backend

from directory.eligibility import EligibilityAnswer, Person, eligibility_of, eligible_filter
from directory.models import (
    Category,
    Organisation,
    Public,
    Service,
    review_deadline,
)
from directory.search_text import normalise
from portal.models import Commune, TerritoryPilot
from portal.permissions import access, visible_to

PAGE_SIZE = 20
EXCLUDED_SHOWN = 30


def service_prefetched(queryset: QuerySet) -> QuerySet:
    """What a list or a page of services shows: organisation, categories, publics, communes
    and conditions, in a fixed number of queries."""
    return queryset.select_related("organisation", "organisation__territory").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("label")),
        Prefetch("publics", queryset=Public.objects.order_by("label")),
        Prefetch("communes_served", queryset=Commune.objects.order_by("name")),
        "required_conditions",
    )


def service_live() -> QuerySet:
    """The published entries: what visitors, the search and the API see."""
    return Service.objects.filter(live=True)


MAX_HITS = 10_000


def _ranked_ids_sqlite(results, limit: int) -> list[int] | None:
    """On SQLite, read the ranking of the backend's full-text query straight from its index.

    Wagtail's SQLite backend ranks by a correlated sub-query per matching row, which takes
    seconds once thousands of entries match. The same match and BM25 expression, read once
    from the index, take milliseconds. This reuses the backend's own query compiler (so the
    words, fields and weights are Wagtail's); if its internals change, the caller falls back
    to the backend's ordinary result set."""
    try:
        from modelsearch.backends.database.sqlite.query import (
            MatchExpression,
            SQLiteFTSIndexEntry,
            normalize,
        )
        from modelsearch.utils import get_descendants_content_types_pks

        compiler = results.query_compiler
        search_query = compiler.build_search_query(normalize(compiler.query), config=None)
        match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
        rank = compiler._build_rank_expression(compiler.get_search_vectors(), None)
        rows = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .annotate(score=rank)
            .values_list("index_entry__object_id", "index_entry__content_type_id", "score")
        )
        # The content type is checked here rather than in SQL: with it in the WHERE clause,
        # SQLite drives the query from the index entries and probes the full-text index once
        # per entry (seconds instead of milliseconds).
        types = set(get_descendants_content_types_pks(Service))
        # The backend's order: best score first (BM25 is negative), then the newest entry.
        ranked = sorted((score, -int(pk)) for pk, type_id, score in rows if type_id in types)
        return [-negative_pk for _score, negative_pk in ranked[:limit]]
    except (ImportError, AttributeError, TypeError):  # pragma: no cover
        return None


def _ranked_ids_postgres(words: str, config: str, limit: int) -> list[int]:
    """On PostgreSQL, match the stored vectors of Wagtail's index entries directly (their GIN
    indexes apply), with the backend's text search configuration; the backend's own query
    matches a concatenation of the vectors computed row by row (seconds at 20,000 entries)."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from wagtail.search.models import IndexEntry

    tsquery = SearchQuery(words, config=config, search_type="plain")
    rows = (
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Service))
        .filter(Q(body=tsquery) | Q(title=tsquery))
        .annotate(rank=SearchRank(F("title"), tsquery) * 2 + SearchRank(F("body"), tsquery))
        .order_by("-rank", "-id")
        .values_list("object_id", flat=True)[:limit]
    )
    return [int(pk) for pk in rows]


def service_ranked_ids(query: str, limit: int = MAX_HITS) -> list[int]:
    """The ids of the services matching `query`, most relevant first, through Wagtail's search
    backend (PostgreSQL full text with the French configuration, or SQLite's). The query is
    normalised as the index's normalised text is (accents, plurals). One query."""
    words = normalise(query)
    backend = get_search_backend()
    if connection.vendor == "postgresql" and getattr(backend, "config", None):
        return _ranked_ids_postgres(words, backend.config, limit)
    results = backend.search(words, Service.objects.all(), operator="and")
    if hasattr(results.query_compiler, "FTS_TABLE_FIELDS"):
        ranked = _ranked_ids_sqlite(results, limit)
        if ranked is not None:
            return ranked
    return list(results.get_queryset().values_list("pk", flat=True)[:limit])


def _id_set(ids: list[int]):
    """What `pk__in=` takes for a list of ids: on PostgreSQL one array parameter (a long `IN`
    list of thousands of parameters costs more to build, send and plan than the query itself)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return ids


def _facet_counts(ids) -> dict:
    through = Service.categories.through
    categories = list(
        through.objects.filter(service_id__in=ids)
        .values("category__value", "category__label")
        .annotate(count=Count("service_id"))
        .order_by("-count", "category__label")
    )
    publics = list(
        Service.publics.through.objects.filter(service_id__in=ids)
        .values("public__value", "public__label")
        .annotate(count=Count("service_id"))
        .order_by("-count", "public__label")
    )
    explicit = dict(
        Service.communes_served.through.objects.filter(service_id__in=ids)
        .values_list("commune_id")
        .annotate(count=Count("service_id"))
    )
    whole = dict(
        Service.objects.filter(pk__in=ids, serves_whole_territory=True)
        .values_list("organisation__territory_id")
        .annotate(count=Count("pk"))
    )
    communes = []
    for commune in Commune.objects.filter(Q(pk__in=explicit) | Q(territory_id__in=whole)):
        count = explicit.get(commune.pk, 0) + whole.get(commune.territory_id, 0)
        communes.append({"value": commune.insee_code, "label": commune.name, "count": count})
    communes.sort(key=lambda c: (-c["count"], c["label"]))
    access_labels = dict(Service.AccessMode.choices)
    access_modes = [
        {"value": row["access_mode"], "label": str(access_labels.get(row["access_mode"]))}
        | {"count": row["count"]}
        for row in Service.objects.filter(pk__in=ids)
        .values("access_mode")
        .annotate(count=Count("pk"))
        .order_by("-count")
    ]
    kind_labels = dict(Organisation.Kind.choices)
    kinds = [
        {
            "value": row["organisation__kind"],
            "label": str(kind_labels.get(row["organisation__kind"])),
        }
        | {"count": row["count"]}
        for row in Service.objects.filter(pk__in=ids)
        .values("organisation__kind")
        .annotate(count=Count("pk"))
        .order_by("-count")
    ]
    return {
        "category": [
            {"value": c["category__value"], "label": c["category__label"], "count": c["count"]}
            for c in categories
        ],
        "public": [
            {"value": p["public__value"], "label": p["public__label"], "count": p["count"]}
            for p in publics
        ],
        "served": communes,
        "access": access_modes,
        "kind": kinds,
    }


@dataclass
class ServiceSearchResult:
    page: Page
    total: int
    facets: dict
    person: Person | None = None
    answers: dict[int, EligibilityAnswer] = field(default_factory=dict)
    excluded: list = field(default_factory=list)
    excluded_total: int = 0


def _in_order(ids: list[int]) -> list[Service]:
    by_pk = service_prefetched(Service.objects.filter(pk__in=ids)).in_bulk()
    return [by_pk[pk] for pk in ids if pk in by_pk]


class _Matches:
    """The live services matching the words and the facets: an ordered list of ids when there
    are words (ranked by relevance), a queryset ordered by name otherwise."""

    def __init__(self, query: str, filterset):
        self.queryset = filterset.filter_queryset(service_live())
        self.ids = None
        words = normalise(query)
        if words:
            ranked = service_ranked_ids(query)
            kept = set(self.queryset.filter(pk__in=_id_set(ranked)).values_list("pk", flat=True))
            self.ids = [pk for pk in ranked if pk in kept]

    @staticmethod
    def ordered(queryset):
        return queryset.order_by("name", "pk")

    @property
    def scope(self):
        """What `pk__in=` takes to mean these services."""
        if self.ids is not None:
            return _id_set(self.ids)
        return self.queryset.order_by().values("pk")

    def split(self, person: Person):
        """(would take the person, would not), each as ids or as a queryset."""
        eligible = Service.objects.filter(eligible_filter(person)).values("pk")
        if self.ids is None:
            return self.queryset.filter(pk__in=eligible), self.queryset.exclude(pk__in=eligible)
        taking = set(
            Service.objects.filter(pk__in=_id_set(self.ids), live=True)
            .filter(pk__in=eligible)
            .values_list("pk", flat=True)
        )
        return (
            [pk for pk in self.ids if pk in taking],
            [pk for pk in self.ids if pk not in taking],
        )


def _page(listed, page_number, matches) -> Page:
    if isinstance(listed, list):
        page = Paginator(listed, PAGE_SIZE).get_page(page_number)
        page.object_list = _in_order(list(page.object_list))
        return page
    return Paginator(service_prefetched(matches.ordered(listed)), PAGE_SIZE).get_page(page_number)


def service_search_all(*, query: str, filterset, chunk: int = 500):
    """Every live service matching the words and the facets (for exports), best first, read
    by chunks with their relations prefetched."""
    matches = _Matches(query, filterset)
    if matches.ids is None:
        ids = list(matches.ordered(matches.queryset).values_list("pk", flat=True))
    else:
        ids = matches.ids
    for start in range(0, len(ids), chunk):
        yield from _in_order(ids[start : start + chunk])


def service_search(
    *, query: str, filterset, person: Person | None = None, page_number=1, facets: bool = True
) -> ServiceSearchResult:
    """The search page: matching services (paginated), facet counts (unless `facets` is false:
    the API's list has none) and, when a person is described, the services that would take
    them and, for the others, why not. A fixed number of queries whatever the size of the
    directory."""
    matches = _Matches(query, filterset)
    facets = _facet_counts(matches.scope) if facets else {}
    listed = matches.ids if matches.ids is not None else matches.queryset
    excluded, excluded_total = [], 0
    if person is not None:
        listed, others = matches.split(person)
        if isinstance(others, list):
            excluded_total = len(others)
            excluded = _in_order(others[:EXCLUDED_SHOWN])
        else:
            excluded_total = others.count()
            excluded = list(service_prefetched(matches.ordered(others))[:EXCLUDED_SHOWN])
    page = _page(listed, page_number, matches)
    answers = {}
    if person is not None:
        for service in [*page.object_list, *excluded]:
            answers[service.pk] = service.answer = eligibility_of(service, person)
        excluded = [(service, answers[service.pk]) for service in excluded]
    return ServiceSearchResult(
        page=page,
        total=page.paginator.count,
        facets=facets,
        person=person,
        answers=answers,
        excluded=excluded,
        excluded_total=excluded_total,
    )


def service_detail_queryset(user) -> QuerySet:
    """The entries the user may see, with everything an entry's page shows."""
    return service_prefetched(
        visible_to(user, Service.objects.all()).select_related("last_verified_by")
    )


def organisation_detail_queryset(user) -> QuerySet:
    return visible_to(user, Organisation.objects.select_related("territory", "commune"))


def organisation_with_live_services(organisation: Organisation) -> Organisation:
    organisation.live_services = list(
        service_prefetched(service_live().filter(organisation=organisation)).order_by("name")
    )
    return organisation


def service_list_for_member(user) -> list[Organisation]:
    """The user's organisations with all their services (drafts too), each one's moderation
    state and whether it is out of date, and whether the user edits them."""
    from wagtail.models import WorkflowState

    a = access(user)
    if not a:
        return []
    organisations = list(
        Organisation.objects.filter(pk__in=a.organisation_ids).prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("name"))
        )
    )
    service_ids = [str(s.pk) for o in organisations for s in o.services.all()]
    in_moderation = set(
        WorkflowState.objects.filter(
            base_content_type__model="service",
            base_content_type__app_label="directory",
            object_id__in=service_ids,
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).values_list("object_id", flat=True)
    )
    deadline = review_deadline()
    for organisation in organisations:
        organisation.editable = organisation.pk in a.editable_organisation_ids
        for service in organisation.services.all():
            service.in_moderation = str(service.pk) in in_moderation
            service.out_of_date = (
                service.last_verified_on is None or service.last_verified_on < deadline
            )
    return organisations


def service_out_of_date() -> QuerySet:
    """Live entries not verified within the review period, oldest first."""
    deadline = review_deadline()
    return (
        service_live()
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=deadline))
        .select_related("organisation")
        .order_by("last_verified_on", "name")
    )


def service_out_of_date_for_pilot(user) -> QuerySet:
    """Out-of-date entries of the pilot's territories."""
    return visible_to(user, service_out_of_date(), action="directory.service.moderate")


def service_awaiting_approval_for_pilot(user) -> list:
    """Changes submitted to the pilot's moderation, oldest first: (service, task state)."""
    from wagtail.models import TaskState

    states = list(
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type__model="service")
        .select_related("workflow_state__requested_by", "revision__user")
        .order_by("started_at")
    )
    services = service_prefetched(Service.objects.all()).in_bulk(
        [int(s.workflow_state.object_id) for s in states]
    )
    return [
        (services[int(s.workflow_state.object_id)], s)
        for s in states
        if int(s.workflow_state.object_id) in services
    ]


def organisation_editors_emails(organisation) -> list[str]:
    return list(
        organisation.memberships.filter(can_edit_directory=True, user__is_active=True)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )


def territory_pilots_emails(territory_id) -> list[str]:
    return list(
        TerritoryPilot.objects.filter(territory_id=territory_id, user__is_active=True)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )


def service_changes(live: Service, proposed: Service) -> list[dict]:
    """What a proposed revision changes, field by field, for the pilot's review."""
    from directory.forms import ServiceForm

    changes = []
    for name in ServiceForm.Meta.fields:
        field = Service._meta.get_field(name)
        if field.many_to_many:
            before = ", ".join(sorted(str(o) for o in getattr(live, name).all()))
            after = ", ".join(sorted(str(o) for o in getattr(proposed, name).all()))
        else:
            before = live._get_FIELD_display(field) if field.choices else getattr(live, name)
            after = proposed._get_FIELD_display(field) if field.choices else getattr(proposed, name)
        if before != after:
            changes.append({"label": field.verbose_name, "before": before, "after": after})
    return changes
