"""Background work of saved searches."""

from django_tasks import task

from alerts.models import SavedSearch
from alerts.services import alerts_send


@task()
def send_immediate_alerts(service_ids: list[int] | None = None) -> int:
    """After directory entries are published, withdrawn or deleted: tell those who asked at
    once, looking at these services only (every service when None: after an import)."""
    return alerts_send(frequency=SavedSearch.Frequency.IMMEDIATE, among=service_ids)
