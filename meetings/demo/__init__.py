"""Demo territory, part three: the tactical and strategic tables, their members and
substitutes, and a year of meetings (past ones held, with attendance, minutes and decisions;
future ones convened or planned).

Rows are found by stable keys (table slugs, e-mail addresses, a meeting identifier derived from
the table and its rank) so that running the seeder again adds nothing. Meetings are dated from
the day the demo is first built; nothing is mailed."""

from portal.demo import DemoContext

from .meetings import seed_meetings
from .tables import seed_tables


def seed(context: DemoContext) -> None:
    tables, seats, people = seed_tables(context)
    seed_meetings(context, tables, seats, people)
