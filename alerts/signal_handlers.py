"""When a directory entry is published, withdrawn or deleted, the immediate alerts are looked
at once the change is committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from alerts.models import SavedSearch
from directory.models import Service


def _queue_immediate_alerts():
    from alerts.tasks import send_immediate_alerts

    if SavedSearch.objects.filter(frequency=SavedSearch.Frequency.IMMEDIATE).exists():
        transaction.on_commit(send_immediate_alerts.enqueue)


@receiver(published, sender=Service)
@receiver(unpublished, sender=Service)
@receiver(post_delete, sender=Service)
def directory_entry_changed(sender, **kwargs):
    _queue_immediate_alerts()
