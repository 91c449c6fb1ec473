"""When directory entries are published, withdrawn or deleted, the immediate alerts are looked
at once the change is committed, for these entries only: one task for all those of a
transaction (an import withdrawing entries, a bulk action). An import, which tells of the
entries it wrote once for all, has every search run whole."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from alerts.models import SavedSearch
from directory.models import Organisation, Service
from directory.signals import imported

EVERY_SERVICE = None
# Above this many services changed in one transaction, every search is run whole (a list of
# tens of thousands of ids costs more to send and match than the searches themselves).
MOST_LOOKED_AT = 1000


class _Waiting:
    """The services changed by the transaction under way, sent in one task at its commit."""

    def __init__(self):
        self.ids: set = set()
        self.sent = False

    def send(self):
        from alerts.tasks import send_immediate_alerts

        self.sent = True
        every = EVERY_SERVICE in self.ids or len(self.ids) > MOST_LOOKED_AT
        ids = None if every else sorted(self.ids)
        send_immediate_alerts.enqueue(service_ids=ids)


def _queue_immediate_alerts(*service_ids):
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
        waiting.ids.update(service_ids)
        return
    waiting = connection.tablee_immediate_alerts = _Waiting()
    waiting.ids.update(service_ids)
    transaction.on_commit(waiting.send)


@receiver(published, sender=Service)
@receiver(unpublished, sender=Service)
@receiver(post_delete, sender=Service)
def directory_entry_changed(sender, instance, **kwargs):
    _queue_immediate_alerts(instance.pk)


@receiver(post_save, sender=Organisation)
def organisation_changed(sender, instance, created, **kwargs):
    """Its name is in what a search tells of its services, its territory in whom they take."""
    if not created:
        live = Service.objects.filter(organisation=instance, live=True)
        _queue_immediate_alerts(*live.values_list("pk", flat=True))


@receiver(imported, sender=Service)
def directory_imported(sender, published=True, **kwargs):
    if published:  # drafts change nothing that is found until the pilot approves them
        _queue_immediate_alerts(EVERY_SERVICE)
