"""Following objects, and what their followers are told. Each app registers the models one may
follow (`register_followable`); portal.transitions tells the followers of every entry of a
followable object's history, and an app tells them of other changes with `notify_followers`.
Who may follow an object is who may see it (`visible_to`), asked here and again when the
notification centre is read: a notification of an object one no longer sees is never shown."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from portal.models import Follow, FollowNotification
from portal.notifications import notify_by_email
from portal.permissions import visible_to

UNFOLLOW_SALT = "portal.follows.unfollow"


@dataclass(frozen=True)
class Followable:
    model: type
    # The label of the kind of object, shown beside each notification ("Dysfunction").
    label: str
    # What its name and address need, fetched with it (one query per kind of object).
    select_related: tuple = ()
    # The e-mail addresses the object's own notices already write to about each change of
    # state (a dysfunction's filers): a follower among them gets no second e-mail.
    told_by_email: Callable | None = None

    def queryset(self):
        return self.model.objects.select_related(*self.select_related)


_followables: dict[str, Followable] = {}


def register_followable(model, *, label, select_related=(), told_by_email=None) -> None:
    _followables[model._meta.label_lower] = Followable(
        model, label, tuple(select_related), told_by_email
    )


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


def notify_followers(obj, *, actor=None, from_state="", to_state="", text="", email=False) -> int:
    """Tell everyone who follows `obj` (but the person who acted) what happened to it: a move
    from a state to another (labels read from its workflow when shown) or a short text, which
    names no filer. With `email`, a move from a state to another is also e-mailed to each of
    them who still sees the object. Returns how many were told."""
    entry = followable(obj)
    if entry is None:
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
    if email and from_state and to_state and from_state != to_state and recipients:
        _email_followers(entry, obj, recipients, from_state=from_state, to_state=to_state,
                         text=text)  # fmt: skip
    return len(recipients)


def unfollow_token(follow: Follow) -> str:
    """The secret of the « stop following » link of a follower's e-mails: it names that one
    follow, so that once used (the follow is gone) it does nothing, even if the person follows
    the object again later."""
    return signing.dumps(follow.pk, salt=UNFOLLOW_SALT)


def unfollow_token_read(token: str) -> int:
    """The follow a link names; raises signing.BadSignature for a forged one."""
    value = signing.loads(token, salt=UNFOLLOW_SALT)
    if not isinstance(value, int):
        raise signing.BadSignature(token)
    return value


def _email_followers(entry, obj, recipients, *, from_state, to_state, text) -> None:
    """One e-mail per follower who still sees the object and whom its own notices do not
    already tell, sent once the transaction commits (immediately: there is no other
    preference to respect), with a link that stops following without signing in."""
    from portal.transitions import workflow_of

    told = set(entry.told_by_email(obj)) if entry.told_by_email else set()
    states = workflow_of(obj).states
    labels = {}
    for value in (from_state, to_state):
        try:
            labels[value] = states(value).label
        except ValueError:
            labels[value] = value
    follows = Follow.objects.filter(
        target_type=ContentType.objects.get_for_model(obj),
        target_id=obj.pk,
        user_id__in=recipients,
        user__is_active=True,
    ).select_related("user")
    for follow in follows:
        person = follow.user
        if not person.email or person.email in told:
            continue
        if not visible_to(person, type(obj)._default_manager.filter(pk=obj.pk)).exists():
            continue
        notify_by_email(
            to=person.email,
            template="portal/email/followed_changed",
            context={
                "kind": entry.label,
                "target": obj,
                "target_url": obj.get_absolute_url(),
                "from_label": labels[from_state],
                "to_label": labels[to_state],
                "text": text,
                "unfollow_url": reverse("portal:unfollow", args=[unfollow_token(follow)]),
            },
        )


def visible_targets(user, kinds=None) -> Q:
    """The notifications (or follows) whose object `user` still sees: one SQL query whatever
    the number of rows. Each row's object is looked up by its key and checked against the
    visibility rule (a correlated EXISTS), so the cost follows the person's few rows, not the
    size of the followed tables (an `IN (every row one sees)` read them whole). `kinds` (ids
    of content types) limits the condition to those kinds of object."""
    condition = Q(pk__in=[])
    for entry in followable_models():
        content_type = ContentType.objects.get_for_model(entry.model)
        if kinds is not None and content_type.pk not in kinds:
            continue
        seen = visible_to(user, entry.model.objects.filter(pk=OuterRef("target_id")))
        condition |= Q(target_type=content_type) & Exists(seen)
    return condition
