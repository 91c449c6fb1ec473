"""Demo territory: saved searches of the demo accounts, one with a change waiting for its
weekly e-mail."""

from alerts.models import SavedSearch
from alerts.selectors import saved_search_results, search_changes
from portal.demo import DemoContext

# account key, name, query string, frequency
SAVED_SEARCHES = [
    ("case_manager", "Aide aux aidants à Tours", "q=aidants&served=37261", "weekly"),
    ("case_manager", "Plus de 75 ans à Loches", "age=80&commune=37132", "immediate"),
    ("partner", "Hébergement temporaire", "q=hébergement temporaire", "weekly"),
    ("pilot", "Addictions", "q=addiction", "none"),
]


def seed(context: DemoContext) -> None:
    for key, name, query, frequency in SAVED_SEARCHES:
        user = context.users[key]
        saved, created = SavedSearch.objects.get_or_create(
            user=user, name=name, defaults={"query": query, "frequency": frequency}
        )
        if not created:
            continue
        found = saved_search_results(saved) or {}
        if frequency == "weekly" and found:
            # The demo shows a digest in waiting: one service entered since last week.
            first = next(iter(found))
            before = {pk: row for pk, row in found.items() if pk != first}
            saved.pending = search_changes(before, found).as_json()
        saved.snapshot = found
        saved.save()
