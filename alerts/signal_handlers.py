"""When directory entries are published, withdrawn or deleted, the immediate alerts are looked
at once the change is committed, for these entries only: one task for all those of a
transaction (an import withdrawing entries, a bulk action). An import, which tells of the
entries it wrote once for all, has every search run whole."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from alerts.models import SavedSearch
from directory.models import Service
from directory.signals import imported

EVERY_SERVICE = None


class _Waiting:
    """The services changed by the transaction under way, sent in one task at its commit."""

    def __init__(self):
        self.ids: set = set()
        self.sent = False

    def send(self):
        from alerts.tasks import send_immediate_alerts

        self.sent = True
        ids = None if EVERY_SERVICE in self.ids else sorted(self.ids)
        send_immediate_alerts.enqueue(service_ids=ids)


def _queue_immediate_alerts(service_id):
    if not SavedSearch.objects.filter(frequency=SavedSearch.Frequency.IMMEDIATE).exists():
        return
    connection = transaction.get_connection()
    waiting = getattr(connection, "tablee_immediate_alerts", None)
    if (
        waiting is not None
        and not waiting.sent
        # not rolled back (its callback would have left the list)
        and any(callback == waiting.send for _ids, callback, _robust in connection.run_on_commit)
    ):
        waiting.ids.add(service_id)
        return
    waiting = connection.tablee_immediate_alerts = _Waiting()
    waiting.ids.add(service_id)
    transaction.on_commit(waiting.send)


@receiver(published, sender=Service)
@receiver(unpublished, sender=Service)
@receiver(post_delete, sender=Service)
def directory_entry_changed(sender, instance, **kwargs):
    _queue_immediate_alerts(instance.pk)


@receiver(imported, sender=Service)
def directory_imported(sender, published=True, **kwargs):
    if published:  # drafts change nothing that is found until the pilot approves them
        _queue_immediate_alerts(EVERY_SERVICE)
