"""The directory search: ranked words, facets, eligibility of the person oriented, pages.
Each query decides its select_related/prefetch_related here, so that a page runs the same
number of queries whatever the size of the directory."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from wagtail.search.backends import get_search_backend

from directory.eligibility import EligibilityAnswer, Person, eligibility_of, eligible_filter
from directory.models import (
    Organisation,
    Service,
)
from directory.search_text import normalise
from portal import versions
from portal.models import Commune

from .entries import service_live, service_prefetched

PAGE_SIZE = 20
EXCLUDED_SHOWN = 30
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


def _ranked_ids_postgres(words: str, config: str, limit: int, among=None) -> list[int]:
    """On PostgreSQL, match the stored vectors of Wagtail's index entries directly (their GIN
    indexes apply), with the backend's text search configuration; the backend's own query
    matches a concatenation of the vectors computed row by row (seconds at 20,000 entries).
    With `among`, the entries of these services only, kept when they rank within the first
    `limit` of the whole directory (as the search of the whole directory finds them)."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from wagtail.search.models import IndexEntry

    tsquery = SearchQuery(words, config=config, search_type="plain")
    matching = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Service)
    ).filter(Q(body=tsquery) | Q(title=tsquery))

    def ranked(entries):
        return (
            entries.annotate(
                rank=SearchRank(F("title"), tsquery) * 2 + SearchRank(F("body"), tsquery)
            )
            .order_by("-rank", "-id")
            .values_list("object_id", flat=True)[:limit]
        )

    if among is None:
        return [int(pk) for pk in ranked(matching)]
    found = [int(pk) for pk in ranked(matching.filter(object_id__in=[str(pk) for pk in among]))]
    if not found or matching.count() <= limit:
        return found
    first = {int(pk) for pk in ranked(matching)}
    return [pk for pk in found if pk in first]


def service_ranked_ids(query: str, limit: int = MAX_HITS, *, among=None) -> list[int]:
    """The ids of the services matching `query`, most relevant first, through Wagtail's search
    backend (PostgreSQL full text with the French configuration, or SQLite's). The query is
    normalised as the index's normalised text is (accents, plurals). One query. With `among`
    (ids), only those of these services (on PostgreSQL, their index entries only are read)."""
    words = normalise(query)
    backend = get_search_backend()
    if connection.vendor == "postgresql" and getattr(backend, "config", None):
        return _ranked_ids_postgres(words, backend.config, limit, among)
    results = backend.search(words, Service.objects.all(), operator="and")
    ranked = None
    if hasattr(results.query_compiler, "FTS_TABLE_FIELDS"):
        ranked = _ranked_ids_sqlite(results, limit)
    if ranked is None:
        ranked = list(results.get_queryset().values_list("pk", flat=True)[:limit])
    if among is not None:
        among = set(among)
        return [pk for pk in ranked if pk in among]
    return ranked


def _id_set(ids: list[int]):
    """What `pk__in=` takes for a list of ids: on PostgreSQL one array parameter (a long `IN`
    list of thousands of parameters costs more to build, send and plan than the query itself)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return ids


_FACETS_SQL = """
WITH m AS MATERIALIZED (
    SELECT s.id, s.access_mode, s.serves_whole_territory, o.kind, o.territory_id
    FROM directory_service s JOIN directory_organisation o ON o.id = s.organisation_id
    WHERE s.id IN ({scope})
)
SELECT 'category', c.value, c.label, COUNT(*),
       ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, c.label)
  FROM m JOIN directory_service_categories sc ON sc.service_id = m.id
  JOIN directory_category c ON c.id = sc.category_id GROUP BY c.value, c.label
UNION ALL
SELECT 'public', p.value, p.label, COUNT(*),
       ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, p.label)
  FROM m JOIN directory_service_publics sp ON sp.service_id = m.id
  JOIN directory_public p ON p.id = sp.public_id GROUP BY p.value, p.label
UNION ALL
SELECT 'commune', cs.commune_id::text, NULL, COUNT(*), 0
  FROM m JOIN directory_service_communes_served cs ON cs.service_id = m.id
  GROUP BY cs.commune_id
UNION ALL
SELECT 'whole', m.territory_id::text, NULL, COUNT(*), 0
  FROM m WHERE m.serves_whole_territory GROUP BY m.territory_id
UNION ALL
SELECT 'access', m.access_mode, NULL, COUNT(*), ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC)
  FROM m GROUP BY m.access_mode
UNION ALL
SELECT 'kind', m.kind, NULL, COUNT(*), ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC)
  FROM m GROUP BY m.kind
"""


def _facet_rows_postgres(scope) -> dict:
    """The six counts in one query on PostgreSQL: the matching services are read once (a
    materialised set) and every facet aggregates that set, instead of six queries each
    reading the matches again."""
    if isinstance(scope, RawSQL):
        scope_sql, params = scope.sql, scope.params
    else:
        scope_sql, params = scope.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_FACETS_SQL.format(scope=scope_sql), params)
        found = cursor.fetchall()
    rows: dict = {name: [] for name in ("category", "public", "commune", "whole", "access", "kind")}
    for facet, value, label, count, _order in sorted(found, key=lambda r: (r[0], r[4])):
        rows[facet].append((value, label, count))
    return {
        "categories": [
            {"category__value": v, "category__label": lb, "count": n}
            for v, lb, n in rows["category"]
        ],
        "publics": [
            {"public__value": v, "public__label": lb, "count": n} for v, lb, n in rows["public"]
        ],
        "explicit": {int(v): n for v, _lb, n in rows["commune"]},
        "whole": {int(v): n for v, _lb, n in rows["whole"]},
        "access": [{"access_mode": v, "count": n} for v, _lb, n in rows["access"]],
        "kind": [{"organisation__kind": v, "count": n} for v, _lb, n in rows["kind"]],
    }


def _facet_rows(ids) -> dict:
    """The six counts, one query each (SQLite)."""
    return {
        "categories": list(
            Service.categories.through.objects.filter(service_id__in=ids)
            .values("category__value", "category__label")
            .annotate(count=Count("service_id"))
            .order_by("-count", "category__label")
        ),
        "publics": list(
            Service.publics.through.objects.filter(service_id__in=ids)
            .values("public__value", "public__label")
            .annotate(count=Count("service_id"))
            .order_by("-count", "public__label")
        ),
        "explicit": dict(
            Service.communes_served.through.objects.filter(service_id__in=ids)
            .values_list("commune_id")
            .annotate(count=Count("service_id"))
        ),
        "whole": dict(
            Service.objects.filter(pk__in=ids, serves_whole_territory=True)
            .values_list("organisation__territory_id")
            .annotate(count=Count("pk"))
        ),
        "access": list(
            Service.objects.filter(pk__in=ids)
            .values("access_mode")
            .annotate(count=Count("pk"))
            .order_by("-count")
        ),
        "kind": list(
            Service.objects.filter(pk__in=ids)
            .values("organisation__kind")
            .annotate(count=Count("pk"))
            .order_by("-count")
        ),
    }


def _facet_counts(ids) -> dict:
    """The facets of the matching services (`ids`: what `pk__in=` takes: an id set or a
    query of ids). The labels of access modes and kinds of organisation are left out (they
    are translated when shown: see _labelled), so that the counts may be kept in the cache."""
    rows = _facet_rows_postgres(ids) if connection.vendor == "postgresql" else _facet_rows(ids)
    categories, publics = rows["categories"], rows["publics"]
    explicit, whole = rows["explicit"], rows["whole"]
    communes = []
    for commune in Commune.objects.filter(Q(pk__in=explicit) | Q(territory_id__in=whole)):
        count = explicit.get(commune.pk, 0) + whole.get(commune.territory_id, 0)
        communes.append({"value": commune.insee_code, "label": commune.name, "count": count})
    communes.sort(key=lambda c: (-c["count"], c["label"]))
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
        "access": [{"value": row["access_mode"], "count": row["count"]} for row in rows["access"]],
        "kind": [
            {"value": row["organisation__kind"], "count": row["count"]} for row in rows["kind"]
        ],
    }


def _labelled(facets: dict) -> dict:
    """The facet counts with the access modes' and kinds' labels in the current language."""
    if not facets:
        return facets
    labels = {
        "access": dict(Service.AccessMode.choices),
        "kind": dict(Organisation.Kind.choices),
    }
    return facets | {
        name: [
            {"value": row["value"], "label": str(labels[name].get(row["value"]))}
            | {"count": row["count"]}
            for row in facets[name]
        ]
        for name in labels
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

    def __init__(self, query: str, filterset, *, among=None):
        self.queryset = filterset.filter_queryset(service_live())
        if among is not None:
            self.queryset = self.queryset.filter(pk__in=among)
        self.ids = None
        words = normalise(query)
        if words:
            ranked = service_ranked_ids(query, among=among)
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


def service_search_ids(*, query: str, filterset, person=None, among=None) -> list[int]:
    """The ids of every live service matching the words and the facets, best first; with a
    person, only those that would take them (asked of the database); with `among` (ids), only
    those among them (a search looked at again for the services that changed)."""
    matches = _Matches(query, filterset, among=among)
    if person is not None:
        found, _others = matches.split(person)
        if matches.ids is None:
            return list(matches.ordered(found).values_list("pk", flat=True))
        return found
    if matches.ids is None:
        return list(matches.ordered(matches.queryset).values_list("pk", flat=True))
    return matches.ids


def service_search_all(*, query: str, filterset, chunk: int = 500):
    """Every live service matching the words and the facets (for exports), best first, read
    by chunks with their relations prefetched."""
    ids = service_search_ids(query=query, filterset=filterset)
    for start in range(0, len(ids), chunk):
        yield from _in_order(ids[start : start + chunk])


def _search_key(query: str, filterset) -> tuple:
    """What a search asks, as plain values: the normalised words and the filterset's key."""
    return (normalise(query), filterset.search_key())


def _person_key(person: Person | None) -> tuple | None:
    if person is None:
        return None
    return (
        person.age,
        person.commune_id,
        person.commune_territory_id,
        tuple(sorted(person.conditions)),
        person.referred_by_professional,
    )


def _listing(matches: _Matches, person: Person | None) -> tuple[list[int], list[int] | None]:
    """The ids listed, in the page's order, and, when a person is described, the ids of the
    services that would not take them (in the same order)."""
    if person is None:
        if matches.ids is not None:
            return matches.ids, None
        return list(matches.ordered(matches.queryset).values_list("pk", flat=True)), None
    listed, others = matches.split(person)
    if not isinstance(listed, list):
        listed = list(matches.ordered(listed).values_list("pk", flat=True))
        others = list(matches.ordered(others).values_list("pk", flat=True))
    return listed, others


def service_search(
    *, query: str, filterset, person: Person | None = None, page_number=1, facets: bool = True
) -> ServiceSearchResult:
    """The search page: matching services (paginated), facet counts (unless `facets` is false:
    the API's list has none) and, when a person is described, the services that would take
    them and, for the others, why not. A fixed number of queries whatever the size of the
    directory.

    Which services match (in order) and the facet counts are kept in the shared cache for the
    directory's version (portal.versions): every change of a service, its lists, its
    organisation, a category, a public, a condition, a commune or a territory gives the
    directory a new version (directory.signal_handlers), so what is read from the cache is
    always what the database says now. The services shown are read from the database."""
    key = _search_key(query, filterset)
    found: dict = {}

    def matches() -> _Matches:
        if "matches" not in found:
            found["matches"] = _Matches(query, filterset)
        return found["matches"]

    entries = {
        "listing": (("listing", key, _person_key(person)), lambda: _listing(matches(), person))
    }
    if facets:
        entries["facets"] = (("facets", key), lambda: _facet_counts(matches().scope))
    kept = versions.cached_together("directory", entries)
    listed, others = kept["listing"]
    page = Paginator(listed, PAGE_SIZE).get_page(page_number)
    shown, excluded_shown = list(page.object_list), (others or [])[:EXCLUDED_SHOWN]
    # The page and the first services excluded, read together.
    by_pk = service_prefetched(Service.objects.filter(pk__in=[*shown, *excluded_shown])).in_bulk()
    page.object_list = [by_pk[pk] for pk in shown if pk in by_pk]
    excluded = [by_pk[pk] for pk in excluded_shown if pk in by_pk]
    excluded_total = len(others or ())
    answers = {}
    if person is not None:
        for service in [*page.object_list, *excluded]:
            answers[service.pk] = service.answer = eligibility_of(service, person)
        excluded = [(service, answers[service.pk]) for service in excluded]
    return ServiceSearchResult(
        page=page,
        total=page.paginator.count,
        facets=_labelled(kept.get("facets", {})),
        person=person,
        answers=answers,
        excluded=excluded,
        excluded_total=excluded_total,
    )
