"""How long the register keeps the link between a dysfunction and the person who filed it.

The dysfunction, its history and its outcome stay: they are the network's memory. What goes is
the link to the person (the filer, the filers of duplicates merged into it, who was asked for
feedback), after a retention period once the dysfunction is closed, or at once when the
person's account is erased. Their lines of the timeline lose their author too, so that the
tables never read a former filer's name as if they were anyone acting on it."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Dysfunction, DysfunctionEvent, FeedbackRequest, MeToo, Notification
from ..territory_versions import register_changed
from .checks import S


def filer_retention_cutoff(now=None):
    """Dysfunctions closed before this moment lose the link to their filers."""
    months = settings.TABLEE_FILER_RETENTION_MONTHS
    return (now or timezone.now()) - timedelta(days=round(months * 365.25 / 12))


def _detach(links: dict[int, set[int]]) -> None:
    """Unlink each person from the dysfunctions given for them: the filer field, their
    feedback requests (the answers still count), their lines of the timelines, their
    in-portal notices. One round of queries per person. Written without signals: the
    indicators (who said « me too ») are renewed."""
    if links:
        register_changed()
    for person_id, ids in links.items():
        DysfunctionEvent.objects.filter(dysfunction_id__in=ids, actor_id=person_id).detach_actor()
        Notification.objects.filter(recipient_id=person_id, event__dysfunction_id__in=ids).delete()
        FeedbackRequest.objects.filter(recipient_id=person_id, dysfunction_id__in=ids).update(
            recipient=None
        )
        Dysfunction.objects.filter(pk__in=ids, filer_id=person_id).update(filer=None)
        MeToo.objects.filter(dysfunction_id__in=ids, filer_id=person_id).update(filer=None)


@transaction.atomic
def dysfunction_detach_filers(*, now=None) -> int:
    """Retention: the filers of dysfunctions closed more than TABLEE_FILER_RETENTION_MONTHS
    ago (and of the duplicates merged into them) are no longer linked to them. Reads only what
    is still to detach (a partial index), so a daily run costs what it detaches. Returns how
    many dysfunctions were detached."""
    cutoff = filer_retention_cutoff(now)
    links = defaultdict(set)
    detached = 0
    closed = Dysfunction.objects.filter(
        state=S.CLOSED, closed_at__lt=cutoff, filer__isnull=False
    ).values_list("pk", "filer_id")
    for pk, filer_id in closed:
        links[filer_id].add(pk)
        detached += 1
    duplicates = Dysfunction.objects.filter(
        state=S.MERGED,
        filer__isnull=False,
        merged_into__state=S.CLOSED,
        merged_into__closed_at__lt=cutoff,
    ).values_list("pk", "merged_into_id", "filer_id")
    for pk, target_id, filer_id in duplicates:
        # The filer of a duplicate followed the dysfunction it was merged into.
        links[filer_id].update({pk, target_id})
        detached += 1
    joined = MeToo.objects.filter(
        filer__isnull=False,
        dysfunction__state=S.CLOSED,
        dysfunction__closed_at__lt=cutoff,
    ).values_list("dysfunction_id", "filer_id")
    for pk, filer_id in joined:
        # Who added their situations (« me too ») followed it like a filer.
        links[filer_id].add(pk)
    _detach(links)
    return detached


def dysfunction_detach_person(*, user) -> int:
    """Erasure: unlink one person from every dysfunction they filed, were merged into or were
    asked feedback on (whatever its state). Returns how many dysfunctions were concerned."""
    filed = Dysfunction.objects.filter(filer=user).values_list("pk", "merged_into_id")
    ids = set()
    for pk, target_id in filed:
        ids.add(pk)
        if target_id is not None:
            ids.add(target_id)
    ids.update(
        FeedbackRequest.objects.filter(recipient=user).values_list("dysfunction_id", flat=True)
    )
    ids.update(
        Notification.objects.filter(recipient=user).values_list("event__dysfunction_id", flat=True)
    )
    ids.update(MeToo.objects.filter(filer=user).values_list("dysfunction_id", flat=True))
    _detach({user.pk: ids})
    return len(ids)


__all__ = ["dysfunction_detach_filers", "dysfunction_detach_person", "filer_retention_cutoff"]
