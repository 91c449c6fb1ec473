"""Background work of saved searches."""

from django_tasks import task

from alerts.models import SavedSearch
from alerts.services import alerts_send


@task()
def send_immediate_alerts() -> int:
    """After a directory entry is published or withdrawn: tell those who asked at once."""
    return alerts_send(frequency=SavedSearch.Frequency.IMMEDIATE)
