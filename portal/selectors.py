"""Queries that the portal's pages read."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import prefetch_related_objects

from portal.follows import followable, followable_models, visible_targets
from portal.models import Follow, FollowNotification, Invitation
from portal.permissions import visible_to
from portal.transitions import workflow_of


def invitation_pending_for_pilot(user, now):
    qs = Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=now).select_related(
        "organisation", "invited_by"
    )
    return list(visible_to(user, qs))


def invitation_list_for(user):
    return visible_to(
        user, Invitation.objects.select_related("organisation", "invited_by", "accepted_by")
    )


def follow_notifications_for(user):
    """One's notifications of objects one still sees (those of objects one no longer sees are
    never shown, nor counted)."""
    return (
        FollowNotification.objects.filter(recipient=user)
        .filter(visible_targets(user))
        .select_related("target_type")
        .order_by("-created_at", "-pk")
    )


def follow_unread_count(user) -> int:
    """The header's count, on every signed-in page: the kinds of object among one's unread
    notifications first (one query on their index; most people have none), then the count of
    those one still sees, with the visibility rules of those kinds only (building every
    kind's rule cost more than the queries themselves)."""
    unread = FollowNotification.objects.filter(recipient=user, read_at__isnull=True).order_by()
    kinds = set(unread.values_list("target_type_id", flat=True).distinct())
    if not kinds:
        return 0
    return unread.filter(visible_targets(user, kinds)).count()


def _described(rows):
    """Each notification with its object (one query per kind of object, with what its name
    needs) and the labels of its states in the reader's language."""
    rows = list(rows)
    prefetch_related_objects(
        rows, GenericPrefetch("target", [f.queryset() for f in followable_models()])
    )
    for row in rows:
        target = row.target
        entry = followable(target) if target is not None else None
        row.kind_label = entry.label if entry else ""
        row.from_label = row.to_label = ""
        if target is not None and row.to_state:
            try:
                states = workflow_of(target).states
                row.to_label = states(row.to_state).label
                row.from_label = states(row.from_state).label if row.from_state else ""
            except (LookupError, ValueError):
                row.to_label = row.to_state
    return rows


def follow_notifications_described(rows):
    return _described(rows)


def follows_of(user):
    """What one follows, newest first (a queryset: the page cuts it into pages)."""
    return (
        Follow.objects.filter(user=user)
        .filter(visible_targets(user))
        .select_related("target_type")
        .order_by("-created_at", "-pk")
    )


def follows_described(rows):
    """One page of follows with their objects (one query per kind of object)."""
    follows = list(rows)
    prefetch_related_objects(
        follows, GenericPrefetch("target", [f.queryset() for f in followable_models()])
    )
    return [f for f in follows if f.target is not None]


def follow_named_by_link(follow_id: int):
    """The follow an e-mail's link names, with its object and the label of its kind (None once
    it has ended or its object is gone)."""
    follow = Follow.objects.select_related("target_type").filter(pk=follow_id).first()
    if follow is None or follow.target is None:
        return None
    entry = followable(follow.target)
    follow.kind_label = entry.label if entry else ""
    return follow


def is_following(user, obj) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk
    ).exists()
