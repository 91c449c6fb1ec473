"""Demo territory, part three: the tactical and strategic tables and their seats."""

from datetime import date

from meetings.models import Seat, Table
from portal.demo import DemoContext

TABLES = [
    ("table-tactique-touraine", "Table tactique de Touraine", Table.Kind.TACTICAL),
    ("table-strategique-touraine", "Table stratégique de Touraine", Table.Kind.STRATEGIC),
]

# table slug, account key, organisation name, seat kind
SEATS = [
    (
        "table-tactique-touraine",
        "tactical_member",
        "CLIC Touraine Nord-Ouest",
        Seat.Kind.MEMBER,
    ),
    (
        "table-strategique-touraine",
        "executive",
        "Conseil départemental d'Indre-et-Loire – direction de l'autonomie",
        Seat.Kind.MEMBER,
    ),
]

MANDATE_START = date(2026, 1, 1)


def seed(context: DemoContext) -> None:
    tables = {}
    for slug, name, kind in TABLES:
        tables[slug], _ = Table.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "territory": context.territory}
        )
    context.extra["tables"] = tables
    for table_slug, user_key, organisation_name, kind in SEATS:
        Seat.objects.get_or_create(
            table=tables[table_slug],
            user=context.users[user_key],
            start_date=MANDATE_START,
            defaults={"organisation": context.organisations[organisation_name], "kind": kind},
        )
