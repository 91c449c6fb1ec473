"""Following objects, and what their followers are told. Each app registers the models one may
follow (`register_followable`); portal.transitions tells the followers of every entry of a
followable object's history, and an app tells them of other changes with `notify_followers`.
Who may follow an object is who may see it (`visible_to`), asked here and again when the
notification centre is read: a notification of an object one no longer sees is never shown."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from portal.models import Follow, FollowNotification
from portal.permissions import visible_to


@dataclass(frozen=True)
class Followable:
    model: type
    # The label of the kind of object, shown beside each notification ("Dysfunction").
    label: str
    # What its name and address need, fetched with it (one query per kind of object).
    select_related: tuple = ()

    def queryset(self):
        return self.model.objects.select_related(*self.select_related)


_followables: dict[str, Followable] = {}


def register_followable(model, *, label, select_related=()) -> None:
    _followables[model._meta.label_lower] = Followable(model, label, tuple(select_related))


def followable(obj_or_model) -> Followable | None:
    return _followables.get(obj_or_model._meta.label_lower)


def followable_models() -> list[Followable]:
    return list(_followables.values())


def follow_target(user, content_type: ContentType, object_id):
    """The object of that kind and id if it is followable and the person sees it, else None."""
    model = content_type.model_class()
    if model is None or followable(model) is None:
        return None
    return visible_to(user, model.objects.filter(pk=object_id)).first()


def followers_of(obj):
    """The ids of the people who follow `obj`."""
    return set(
        Follow.objects.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk
        ).values_list("user_id", flat=True)
    )


def notify_followers(obj, *, actor=None, from_state="", to_state="", text="") -> int:
    """Tell everyone who follows `obj` (but the person who acted) what happened to it: a move
    from a state to another (labels read from its workflow when shown) or a short text, which
    names no filer. Returns how many were told."""
    if followable(obj) is None:
        return 0
    recipients = followers_of(obj) - {getattr(actor, "pk", None)}
    content_type = ContentType.objects.get_for_model(obj)
    FollowNotification.objects.bulk_create(
        [
            FollowNotification(
                recipient_id=user_id,
                target_type=content_type,
                target_id=obj.pk,
                from_state=from_state or "",
                to_state=to_state or "",
                text=(text or "")[:500],
            )
            for user_id in sorted(recipients)
        ]
    )
    return len(recipients)


def visible_targets(user) -> Q:
    """The notifications whose object `user` still sees: one subquery per followable kind,
    in one SQL query whatever the number of notifications."""
    condition = Q(pk__in=[])
    for entry in followable_models():
        content_type = ContentType.objects.get_for_model(entry.model)
        seen = visible_to(user, entry.model.objects.all()).values("pk")
        condition |= Q(target_type=content_type, target_id__in=seen)
    return condition
