"""State changes of the portal: invitations and the accounts they open."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.models import (
    Follow,
    FollowNotification,
    Invitation,
    RegionalCoordinator,
    TerritoryPilot,
)
from portal.notifications import notify_by_email
from portal.permissions import can, ensure, forget

# What accepting an invitation means beyond opening the account (the directory makes the person
# a member of the organisation): registered by the apps that know, called in the transaction.
_invitation_acceptors = []


def register_invitation_acceptor(func):
    """Register `func(invitation=..., user=...)`, called when an invitation is accepted."""
    _invitation_acceptors.append(func)
    return func


@transaction.atomic
def invitation_create(
    *,
    invited_by,
    email: str,
    organisation=None,
    membership_role: str = Invitation.MembershipRole.STAFF,
    can_edit_directory: bool = False,
    first_name: str = "",
    last_name: str = "",
) -> Invitation:
    """Invite a person to open an account; they receive a link to choose their password.

    A newer invitation to the same address replaces the pending ones."""
    ensure(invited_by, "portal.invite", organisation)
    if organisation is None and not can(invited_by, "portal.invite_outside_organisations"):
        raise ValidationError({"organisation": _("Choose the organisation the person works for.")})
    email = get_user_model().objects.normalize_email(email).lower()
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account already exists with this e-mail address.")})
    now = timezone.now()
    Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    invitation = Invitation(
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        membership_role=membership_role,
        can_edit_directory=can_edit_directory,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.TABLEE_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit.record(
        invitation,
        audit.INVITATION,
        user=invited_by,
        title=str(_("Invitation no. %(number)s") % {"number": invitation.pk}),
        detail=str(_("sent (role: %(role)s)") % {"role": invitation.get_membership_role_display()}),
    )
    # Queued in the same transaction: with the database task backend, the e-mail exists if and
    # only if the invitation does.
    notify_by_email(
        to=email,
        template="portal/email/invitation",
        context={
            "invitation": invitation,
            "accept_path": reverse("portal:invitation_accept", args=[invitation.token]),
        },
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, first_name: str, last_name: str, password: str):
    """Open the invited person's account with the password they chose, and make them staff of
    the organisation they were invited to."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account already exists with this e-mail address."))
    user = User.objects.create_user(
        email=invitation.email, password=password, first_name=first_name, last_name=last_name
    )
    for accept in _invitation_acceptors:
        accept(invitation=invitation, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        invitation,
        audit.INVITATION,
        user=user,
        title=str(_("Invitation no. %(number)s") % {"number": invitation.pk}),
        detail=str(_("accepted by %(account)s") % {"account": audit.account_label(user)}),
    )
    forget(user)
    return user


@transaction.atomic
def territory_pilot_save(*, actor, pilot: TerritoryPilot) -> TerritoryPilot:
    """Give a person the pilot role of a territory (or move the role to another territory):
    they run its tables and its register. Administrators do."""
    return _place_role_save(
        actor=actor,
        role=pilot,
        place="territory",
        rule="portal.pilot.manage",
        inactive=_("A deactivated account cannot pilot a territory."),
    )


@transaction.atomic
def territory_pilot_remove(*, actor, pilot: TerritoryPilot) -> None:
    """Take the pilot role of a territory back from a person."""
    _place_role_remove(actor=actor, role=pilot, place="territory", rule="portal.pilot.manage")


def _place_role_save(*, actor, role, place: str, rule: str, inactive):
    """A role a person holds over a place (a territory's pilot, a region's coordinator): the
    actor must manage the place it leaves (when moved) and the place it gets; the person must
    be active; their roles are read again at their next request."""
    if role.pk is not None:
        stored = type(role).objects.select_related(place).get(pk=role.pk)
        ensure(actor, rule, getattr(stored, place))
        forget(stored.user)
    ensure(actor, rule, getattr(role, place))
    if not role.user.is_active:
        raise ValidationError({"user": inactive})
    role.full_clean()
    role.save()
    forget(role.user)
    return role


def _place_role_remove(*, actor, role, place: str, rule: str) -> None:
    ensure(actor, rule, getattr(role, place))
    role.delete()
    forget(role.user)


# --- following ------------------------------------------------------------------------------


@transaction.atomic
def follow_set(*, user, target, following: bool = True) -> bool:
    """Follow an object one sees (what happens to it then reaches one's notifications), or
    stop following it."""
    ensure(user, "portal.follow", target)
    content_type = ContentType.objects.get_for_model(target)
    if following:
        Follow.objects.get_or_create(user=user, target_type=content_type, target_id=target.pk)
    else:
        Follow.objects.filter(user=user, target_type=content_type, target_id=target.pk).delete()
    return following


def follow_start(*, user, target) -> None:
    """Make a person follow an object that is theirs (a filer their dysfunction): no rule to
    ask, it is the consequence of what they did."""
    Follow.objects.get_or_create(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


@transaction.atomic
def follow_stop_by_link(*, follow_id: int) -> bool:
    """The « stop following » link of a follower's e-mail, used without signing in: the follow
    it names ends (its e-mails and notifications with it). Used again, it does nothing and
    says so (False)."""
    return Follow.objects.filter(pk=follow_id).delete()[0] > 0


@transaction.atomic
def follow_notification_mark_read(*, user, notification=None) -> int:
    """Mark one of one's notifications read, or all of them."""
    unread = FollowNotification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def regional_coordinator_save(*, actor, coordinator: RegionalCoordinator) -> RegionalCoordinator:
    """Give a person the coordinator role of a region: they read every territory of the region
    (tables, register as published, indicators) and edit none."""
    return _place_role_save(
        actor=actor,
        role=coordinator,
        place="region",
        rule="portal.region.manage",
        inactive=_("A deactivated account cannot coordinate a region."),
    )


@transaction.atomic
def regional_coordinator_remove(*, actor, coordinator: RegionalCoordinator) -> None:
    """Take the coordinator role of a region back from a person."""
    _place_role_remove(actor=actor, role=coordinator, place="region", rule="portal.region.manage")
