"""Indicators of the register for pilots and executives: what the register says about the
network, computed in a fixed number of queries whatever the number of dysfunctions."""

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Corridor
from directory.models import Organisation, Service
from directory.signals import imported as directory_imported
from portal import versions
from portal.models import Commune, Territory
from portal.permissions import visible_to

from . import territory_versions
from .models import (
    Category,
    Dysfunction,
    DysfunctionAttachment,
    DysfunctionEvent,
    DysfunctionState,
    FeedbackAnswer,
    FeedbackRequest,
    MeToo,
    Proposal,
)

S = DysfunctionState


def indicator_territory_ids(user):
    """Territories whose indicators a person reads (register/rules.py decides), as a query."""
    territories = visible_to(user, Territory.objects.all(), action="register.indicators.view")
    return territories.values_list("pk", flat=True)


def indicator_territories(user) -> list[tuple[int, str]]:
    """The same territories as (pk, name) pairs by name, read once: the page's filter offers
    them and counts within them."""
    territories = visible_to(user, Territory.objects.all(), action="register.indicators.view")
    return list(territories.order_by("name", "pk").values_list("pk", "name"))


@dataclass
class Indicators:
    total: int = 0
    closed: int = 0
    by_category: list = field(default_factory=list)
    by_state: list = field(default_factory=list)
    by_commune: list = field(default_factory=list)
    by_organisation: list = field(default_factory=list)
    by_service: list = field(default_factory=list)
    by_corridor: list = field(default_factory=list)
    by_quarter: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    # Quarter by quarter: {"quarters": [...], "rows": [(category, [n per quarter])]}.
    category_by_quarter: dict = field(default_factory=dict)
    recurrences: int = 0
    situations: int = 0
    # « Me too »: additions to known gaps, and how many people added their situations.
    me_too: int = 0
    me_too_filers: int = 0
    median_days_to_decision: float | None = None
    median_days_to_closure: float | None = None

    @property
    def share_closed(self) -> float | None:
        return round(100 * self.closed / self.total, 1) if self.total else None


def dysfunctions_counted(*, territory_ids, start: date | None = None, end: date | None = None):
    """Submitted dysfunctions (not drafts, not duplicates merged into others) in the period."""
    queryset = Dysfunction.objects.filter(submitted_at__isnull=False).exclude(state=S.MERGED)
    if territory_ids is not None:
        queryset = queryset.filter(territory_id__in=territory_ids)
    if start:
        queryset = queryset.filter(submitted_at__date__gte=start)
    if end:
        queryset = queryset.filter(submitted_at__date__lte=end)
    return queryset


def _counts(queryset, key, label=None, limit=None):
    """Dysfunctions by a value reached through foreign keys (one row per dysfunction: a plain
    count, which PostgreSQL aggregates by hashing, where a distinct count would sort)."""
    rows = (
        queryset.exclude(**{f"{key}__isnull": True})
        .values(key, *([label] if label else []))
        .annotate(n=Count("pk"))
        .order_by("-n", label or key)
    )
    if limit:
        rows = rows[:limit]
    return [(row[label] if label else row[key], row["n"]) for row in rows]


def _linked_counts(queryset, relation, target, limit):
    """The most named organisations or services: read from the links (an inner join on the
    dysfunctions counted) rather than from every dysfunction joined to its links."""
    through = getattr(Dysfunction, relation).through
    # Grouped by the linked row, not its name: two organisations often run services of the
    # same name, which are told apart by their organisation.
    named_by = [f"{target}__name"]
    if target == "service":
        named_by.append("service__organisation__name")
    rows = (
        through.objects.filter(dysfunction_id__in=queryset.values("pk"))
        .values(f"{target}_id", *named_by)
        # a link is unique per (dysfunction, target): a plain count counts each dysfunction once
        .annotate(n=Count("dysfunction_id"))
        .order_by("-n", *named_by)[:limit]
    )
    return [(" — ".join(row[name] for name in named_by), row["n"]) for row in rows]


def _corridor_counts(queryset, limit=10):
    """Dysfunctions per corridor of an agreement, most often named first."""
    rows = (
        queryset.filter(corridor__isnull=False)
        .values(
            "corridor_id",
            "corridor__agreement__title",
            "corridor__from_service__name",
            "corridor__to_service__name",
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "corridor_id")[:limit]
    )
    return [
        (
            f"{row['corridor__from_service__name']} → {row['corridor__to_service__name']} "
            f"({row['corridor__agreement__title']})",
            row["n"],
        )
        for row in rows
    ]


def _quarter_label(moment) -> str:
    return f"{moment:%Y} T{(moment.month - 1) // 3 + 1}"


def _days(pairs) -> float | None:
    durations = [(later - earlier).total_seconds() / 86400 for earlier, later in pairs]
    return round(median(durations), 1) if durations else None


class _MedianSeconds(Aggregate):
    """The median of (later - earlier) in seconds, computed by PostgreSQL (rows where either
    is empty are left out, as statistics.median of the pairs would)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()


def _in_days(seconds) -> float | None:
    return None if seconds is None else round(seconds / 86400, 1)


def indicators_compute(queryset) -> Indicators:
    """Six reads of the dysfunctions: the totals with the states and (on PostgreSQL) the
    medians; quarters by category; communes; organisations; services; feedback."""
    result = Indicators()
    in_sql = connection.vendor == "postgresql"
    medians = (
        {
            "to_decision": _MedianSeconds(F("decided_at") - F("submitted_at")),
            "to_closure": _MedianSeconds(F("closed_at") - F("submitted_at")),
        }
        if in_sql
        else {}
    )
    totals = queryset.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(state=S.CLOSED)),
        recurrences=Count("pk", filter=Q(reopened_from__isnull=False)),
        situations=Sum("situation_count"),
        **{f"state_{value}": Count("pk", filter=Q(state=value)) for value in S.values},
        **medians,
    )
    result.total, result.closed = totals["total"], totals["closed"]
    result.recurrences = totals["recurrences"]
    result.situations = totals["situations"] or 0
    joined = MeToo.objects.filter(dysfunction__in=queryset.values("pk")).aggregate(
        n=Count("pk"), filers=Count("filer", distinct=True)
    )
    result.me_too, result.me_too_filers = joined["n"], joined["filers"]
    result.by_state = [
        (label, totals[f"state_{value}"]) for value, label in S.choices if totals[f"state_{value}"]
    ]
    # One read gives the quarters, the categories and their cross table.
    cross = (
        queryset.annotate(quarter=TruncQuarter("submitted_at"))
        .values("quarter", "category__label")
        .annotate(n=Count("pk"))
    )
    table: dict = {}
    by_quarter: dict = {}
    for row in cross:
        label = _quarter_label(row["quarter"])
        table.setdefault(row["category__label"], {})[label] = row["n"]
        by_quarter[row["quarter"]] = by_quarter.get(row["quarter"], 0) + row["n"]
    result.by_quarter = [(_quarter_label(q), n) for q, n in sorted(by_quarter.items())]
    result.by_category = sorted(
        ((category, sum(counts.values())) for category, counts in table.items()),
        key=lambda row: (-row[1], row[0]),
    )
    quarters = [label for label, _n in result.by_quarter]
    result.category_by_quarter = {
        "quarters": quarters,
        "rows": [
            (category, [table[category].get(q, 0) for q in quarters])
            for category, _n in result.by_category
        ],
    }
    result.by_commune = _counts(queryset, "commune__name")
    result.by_organisation = _linked_counts(queryset, "organisations", "organisation", 15)
    result.by_service = _linked_counts(queryset, "services", "service", 10)
    result.by_corridor = _corridor_counts(queryset)
    if in_sql:
        result.median_days_to_decision = _in_days(totals["to_decision"])
        result.median_days_to_closure = _in_days(totals["to_closure"])
    else:
        result.median_days_to_decision = _days(
            queryset.filter(decided_at__isnull=False).values_list("submitted_at", "decided_at")
        )
        result.median_days_to_closure = _days(
            queryset.filter(closed_at__isnull=False).values_list("submitted_at", "closed_at")
        )
    answers = dict(
        FeedbackRequest.objects.filter(dysfunction__in=queryset.values("pk"))
        .exclude(answer="")
        .values_list("answer")
        .annotate(n=Count("pk"))
    )
    result.feedback = [(label, answers.get(value, 0)) for value, label in FeedbackAnswer.choices]
    return result


def indicators_for(*, territory_ids, start: date | None = None, end: date | None = None):
    """The indicators of the dysfunctions counted in these territories and period, kept in the
    shared cache for these territories' register versions and the shared one
    (register.territory_versions): every change of one of their dysfunctions or of what hangs
    from it renews its territory's version; a name the indicators show (category, commune,
    organisation, service, agreement, corridor), and every write without signals
    (`territory_versions.register_changed`), renews the shared one. What is read is what the
    database says now; a change in another territory keeps them."""
    ids = sorted(set(territory_ids))
    key = ("indicators", ids, start and start.isoformat(), end and end.isoformat())
    return versions.cached_across(
        territory_versions.kept_for_territories(ids),
        key,
        lambda: indicators_compute(dysfunctions_counted(territory_ids=ids, start=start, end=end)),
    )


def _register_changed(sender, **kwargs):
    territory_versions.register_changed()


def register_version_signals() -> None:
    """Connect the register's versions to the rows its indicators, lists and dysfunction pages
    read (called once, at start-up): a dysfunction's page also shows its timeline, attachments
    and proposals (register.kept). A dysfunction and what hangs from it renew its territory's
    version with the region's; the rest renews the shared one with the region's."""
    territory_versions.connect(
        by_territory=(Dysfunction, MeToo, FeedbackRequest, DysfunctionEvent,
                      DysfunctionAttachment),
        shared=(Category, Commune, Organisation, Service, Agreement, Corridor, Proposal,
                Territory),
        shared_relations=(Proposal.dysfunctions.through,),
    )  # fmt: skip
    # An import writes services and organisations in bulk, without their signals.
    directory_imported.connect(_register_changed, sender=Service, dispatch_uid="import_register_v")


def proposal_version_signals() -> None:
    """The proposals' version (their lists, their pages' proposal with its rows and what they
    say of their dysfunctions, kept): a proposal, a step of its history, an executive's
    position saved or deleted, its dysfunctions linked or unlinked, a step of a dysfunction's
    road, or a dysfunction deleted (its links go with it, without the links' signal)."""
    from django.db.models.signals import post_delete

    from .models import DysfunctionEvent, ExecutivePosition, Proposal, ProposalEvent

    versions.renew_when_saved(
        "proposals",
        (Proposal, ProposalEvent, ExecutivePosition, DysfunctionEvent),
        relations=(Proposal.dysfunctions.through,),
    )
    post_delete.connect(
        _proposals_changed, sender=Dysfunction, dispatch_uid="dysfunction_proposals_deleted"
    )


def _proposals_changed(sender, **kwargs):
    versions.changed("proposals")


# What the comparison of territories counts, beside the totals: the dysfunctions still with the
# pilot, those the tables are handling, and those turned down.
WAITING_STATES = (S.SUBMITTED, S.INFORMATION_REQUESTED)
HANDLED_STATES = (S.QUALIFIED, S.SCHEDULED, S.ESCALATED, S.DECIDED, S.IMPLEMENTING)


@dataclass
class TerritoryComparison:
    """Territories side by side: one column per territory, one row per measure (label, values),
    then one row per category."""

    territories: list
    rows: list = field(default_factory=list)
    categories: list = field(default_factory=list)


def _medians_by_territory(queryset, later: str) -> dict:
    pairs: dict = {}
    rows = queryset.filter(**{f"{later}__isnull": False}).values_list(
        "territory_id", "submitted_at", later
    )
    for territory_id, earlier, moment in rows:
        pairs.setdefault(territory_id, []).append((earlier, moment))
    return {territory_id: _days(found) for territory_id, found in pairs.items()}


def indicators_side_by_side(
    territories, *, start: date | None = None, end: date | None = None
) -> TerritoryComparison:
    """The register's main figures for each territory, side by side (a region's), kept for
    the territories' register versions and the shared one, as the indicators are."""
    territories = list(territories)
    ids = sorted(t.pk for t in territories)
    key = ("side_by_side", ids, start and start.isoformat(), end and end.isoformat())
    return versions.cached_across(
        territory_versions.kept_for_territories(ids),
        key,
        lambda: _side_by_side(territories, start=start, end=end),
    )


def _side_by_side(territories, *, start, end) -> TerritoryComparison:
    """Computed in a fixed number of queries whatever the number of dysfunctions: the totals by
    territory (with the medians on PostgreSQL), the categories by territory (and the medians
    elsewhere)."""
    ids = [t.pk for t in territories]
    result = TerritoryComparison(territories=territories)
    if not ids:
        return result
    queryset = dysfunctions_counted(territory_ids=ids, start=start, end=end)
    in_sql = connection.vendor == "postgresql"
    medians = (
        {
            "to_decision": _MedianSeconds(F("decided_at") - F("submitted_at")),
            "to_closure": _MedianSeconds(F("closed_at") - F("submitted_at")),
        }
        if in_sql
        else {}
    )
    totals = {
        row["territory_id"]: row
        for row in queryset.order_by()
        .values("territory_id")
        .annotate(
            total=Count("pk"),
            waiting=Count("pk", filter=Q(state__in=WAITING_STATES)),
            handled=Count("pk", filter=Q(state__in=HANDLED_STATES)),
            closed=Count("pk", filter=Q(state=S.CLOSED)),
            rejected=Count("pk", filter=Q(state=S.REJECTED)),
            **medians,
        )
    }
    if in_sql:
        to_decision = {t: _in_days(row["to_decision"]) for t, row in totals.items()}
        to_closure = {t: _in_days(row["to_closure"]) for t, row in totals.items()}
    else:
        to_decision = _medians_by_territory(queryset, "decided_at")
        to_closure = _medians_by_territory(queryset, "closed_at")

    def column(key):
        return [totals.get(pk, {}).get(key, 0) for pk in ids]

    shares = [
        round(100 * closed / total, 1) if total else None
        for closed, total in zip(column("closed"), column("total"), strict=True)
    ]
    result.rows = [
        (_("Dysfunctions submitted"), column("total")),
        (_("Waiting for the pilot"), column("waiting")),
        (_("Handled by the tables"), column("handled")),
        (_("Closed"), column("closed")),
        (_("Share closed (%)"), shares),
        (_("Rejected"), column("rejected")),
        (_("Median days to a decision"), [to_decision.get(pk) for pk in ids]),
        (_("Median days to closure"), [to_closure.get(pk) for pk in ids]),
    ]
    by_category: dict = {}
    for row in (
        queryset.order_by().values("territory_id", "category__label").annotate(n=Count("pk"))
    ):
        by_category.setdefault(row["category__label"], {})[row["territory_id"]] = row["n"]
    result.categories = sorted(
        ((label, [counts.get(pk, 0) for pk in ids]) for label, counts in by_category.items()),
        key=lambda row: (-sum(row[1]), row[0] or ""),
    )
    return result


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_x: float


@dataclass
class BarChart:
    """A horizontal bar chart drawn as SVG by the template (no script, no inline style)."""

    key: str
    title: str
    bars: list
    height: int
    label_width: int = 230
    chart_width: int = 360
    row_height: int = 26

    @property
    def width(self) -> int:
        return self.label_width + self.chart_width + 50


def bar_chart(key: str, title: str, rows) -> BarChart:
    rows = list(rows)
    top = max((value for _, value in rows), default=0) or 1
    chart = BarChart(key=key, title=str(title), bars=[], height=0)
    for index, (label, value) in enumerate(rows):
        width = round(chart.chart_width * value / top, 1)
        chart.bars.append(
            Bar(
                label=str(label),
                value=value,
                y=index * chart.row_height,
                width=width,
                text_x=chart.label_width + width + 6,
            )
        )
    chart.height = max(1, len(rows)) * chart.row_height
    return chart


def indicators_rows(result: Indicators):
    """The indicators as (indicator, key, value) rows, for the CSV export."""
    yield ("total", "", result.total)
    yield ("closed", "", result.closed)
    yield ("share_closed_percent", "", result.share_closed if result.total else "")
    yield ("median_days_to_decision", "", result.median_days_to_decision or "")
    yield ("median_days_to_closure", "", result.median_days_to_closure or "")
    yield ("recurrences", "", result.recurrences)
    yield ("situations", "", result.situations)
    yield ("me_too", "", result.me_too)
    yield ("me_too_filers", "", result.me_too_filers)
    for name in (
        "by_quarter",
        "by_category",
        "by_state",
        "by_commune",
        "by_organisation",
        "by_service",
        "by_corridor",
        "feedback",
    ):
        for label, value in getattr(result, name):
            yield (name, str(label), value)
    quarters = result.category_by_quarter.get("quarters", [])
    for category, counts in result.category_by_quarter.get("rows", []):
        for quarter, value in zip(quarters, counts, strict=True):
            yield ("category_by_quarter", f"{quarter} / {category}", value)
