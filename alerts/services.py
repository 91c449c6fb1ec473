"""Everything that changes a saved search: keep one, rename it, choose its alert, drop it,
unsubscribe from an e-mail, and the alerts themselves."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import selectors
from alerts.models import MAX_SAVED_SEARCHES, SavedSearch
from portal.notifications import notify_by_email
from portal.permissions import ensure

WEEK = timedelta(days=7)


def _check_query(query: str) -> str:
    query = selectors.search_query_clean(query)
    errors = selectors.search_errors(query)
    if errors:
        raise ValidationError(
            [_("This search cannot be saved as it is:")] + [ValidationError(e) for e in errors]
        )
    return query


def _check_name(*, user, name: str, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    others = SavedSearch.objects.filter(user=user, name=name)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError({"name": _("You already have a search with this name.")})
    return name


@transaction.atomic
def saved_search_create(*, actor, name: str, query: str, frequency: str) -> SavedSearch:
    """Keep a directory search under a name. What it finds now is its starting point: alerts
    tell only what changes after."""
    ensure(actor, "alerts.saved_search.create")
    query = _check_query(query)
    name = _check_name(user=actor, name=name)
    if SavedSearch.objects.filter(user=actor).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("You can keep at most %(count)d searches: delete one first.")
            % {"count": MAX_SAVED_SEARCHES}
        )
    saved = SavedSearch(user=actor, name=name, query=query, frequency=frequency)
    saved.full_clean(exclude=["snapshot", "pending", "unsubscribe_token"])
    saved.snapshot = selectors.saved_search_results(saved) or {}
    saved.checked_at = timezone.now()
    saved.save()
    return saved


@transaction.atomic
def saved_search_update(*, actor, saved: SavedSearch, name: str, frequency: str) -> SavedSearch:
    saved = SavedSearch.objects.select_for_update().get(pk=saved.pk)
    ensure(actor, "alerts.saved_search.manage", saved)
    saved.name = _check_name(user=actor, name=name, exclude_pk=saved.pk)
    saved.frequency = frequency
    saved.full_clean(exclude=["snapshot", "pending", "unsubscribe_token"])
    saved.save(update_fields=["name", "frequency"])
    return saved


@transaction.atomic
def saved_search_delete(*, actor, saved: SavedSearch) -> None:
    ensure(actor, "alerts.saved_search.manage", saved)
    saved.delete()


def saved_search_erase_person(*, user) -> None:
    """Erasure of an account (portal.personal_data): their saved searches go."""
    SavedSearch.objects.filter(user=user).delete()


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> tuple[SavedSearch, bool]:
    """Stop the e-mails of one saved search from the link in its e-mail, without signing in.
    Answers (the search, whether this call changed anything): a second use is harmless."""
    saved = SavedSearch.objects.select_for_update().get(unsubscribe_token=token)
    if saved.frequency == SavedSearch.Frequency.NONE:
        return saved, False
    saved.frequency = SavedSearch.Frequency.NONE
    saved.pending = {}
    saved.save(update_fields=["frequency", "pending"])
    return saved, True


def _refresh(saved: SavedSearch, now: datetime, *, among, described) -> tuple:
    """Run the search again (for the services `among` only, when given); remember what it finds
    and what changed since the last e-mail: (the changes to tell, whether what it finds changed;
    a large snapshot is written again only then)."""
    found = selectors.saved_search_results(saved, among=among, described=described)
    saved.checked_at = now
    if found is None:  # a facet value was removed from the directory: nothing to compare
        return selectors.SearchChanges.from_json(saved.pending), False
    before, kept = saved.snapshot or {}, {}
    if among is not None:
        looked_at = {str(pk) for pk in among}
        kept = {pk: row for pk, row in before.items() if pk not in looked_at}
        before = {pk: row for pk, row in before.items() if pk in looked_at}
    changes = selectors.search_changes(before, found)
    pending = selectors.SearchChanges.from_json(saved.pending).merged_with(changes)
    saved.snapshot = {**kept, **found}
    saved.pending = pending.as_json() if pending else {}
    return pending, bool(changes) or list(before.items()) != list(found.items())


def _send(saved: SavedSearch, changes: selectors.SearchChanges) -> None:
    notify_by_email(
        to=saved.user.email,
        template="alerts/email/alert",
        context={
            "saved": saved,
            "changes": changes,
            "search_url": saved.search_url,
            "unsubscribe_url": reverse("alerts:unsubscribe", args=[saved.unsubscribe_token]),
            "list_url": reverse("alerts:list"),
        },
    )


def alerts_send(*, frequency: str, now: datetime | None = None, among=None) -> int:
    """Look at every saved search with this alert frequency and e-mail those whose results
    changed (weekly ones at most once a week). Answers how many e-mails were queued.

    With `among` (service ids: those just published, withdrawn or deleted), each search is
    looked at again for these services only, the rest of what it found being kept: the time
    goes with the services that changed, not with the directory. Without, every search is run
    whole (the weekly digest; the catch-up after an outage), each service read once whatever
    the number of searches that find it."""
    now = now or timezone.now()
    sent, described = 0, {}
    pks = list(
        SavedSearch.objects.filter(frequency=frequency, user__is_active=True).values_list(
            "pk", flat=True
        )
    )
    for pk in pks:
        with transaction.atomic():
            saved = (
                SavedSearch.objects.select_for_update()
                .select_related("user")
                .filter(pk=pk, frequency=frequency)
                .first()
            )
            if saved is None:  # unsubscribed or deleted meanwhile
                continue
            changes, found_changed = _refresh(saved, now, among=among, described=described)
            due = frequency == SavedSearch.Frequency.IMMEDIATE or (
                saved.sent_at is None or now - saved.sent_at >= WEEK - timedelta(hours=1)
            )
            if changes and due:
                _send(saved, changes)
                saved.pending = {}
                saved.sent_at = now
                sent += 1
            fields = ["pending", "checked_at", "sent_at"]
            saved.save(update_fields=[*fields, "snapshot"] if found_changed else fields)
    return sent
