"""A person's data: everything the portal holds about them (export), and erasure on request.

The export walks every model that refers to the account, so that no app's rows can be
forgotten (a new model pointing at the user joins the export by itself); secrets that would let
someone act as the person (password hash, second-factor keys, secret feed addresses) are left
out. Erasure anonymises the account rather than deleting it: the network's history (seats,
decisions, minutes, dysfunctions) stays, without the person. Each app registers what erasing
means for its own rows (`register_erasure`), as it registers its rules.
"""

import json
from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.models import Invitation, TerritoryPilot
from portal.permissions import ensure, forget

# Fields never exported: they are keys, not information about the person.
SECRET_FIELDS = frozenset({"password", "token", "key", "secret"})
SECRET_MODEL_FIELDS = {"mfa.authenticator": frozenset({"data"})}
ACCOUNT_FIELDS = (
    "email", "first_name", "last_name", "job_title", "phone", "is_active", "date_joined",
    "last_login",
)  # fmt: skip

Eraser = Callable[..., None]
_erasers: list[Eraser] = []


def register_erasure(func: Eraser) -> Eraser:
    """Register `func(user=...)`, called in the erasure's transaction, before the account is
    anonymised: the app removes or detaches its rows about the person."""
    _erasers.append(func)
    return func


def _relations_to_users():
    """(model, field name) of every concrete field that points at an account."""
    user_model = get_user_model()
    for model in apps.get_models():
        if model is user_model:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                yield model, field.name


def _rows(queryset, model) -> list[dict]:
    hidden = SECRET_FIELDS | SECRET_MODEL_FIELDS.get(model._meta.label_lower, frozenset())
    shown = [f.name for f in model._meta.concrete_fields if f.name not in hidden]
    return [
        {"id": row["pk"], **row["fields"]}
        for row in serializers.serialize("python", queryset.order_by("pk"), fields=shown)
    ]


def personal_data_export(user) -> dict:
    """Everything the portal holds about `user`: the account, and, for each kind of record that
    refers to them (what they filed, wrote, sat on, were invited by...), every such row."""
    records = {}
    for model, field_name in _relations_to_users():
        queryset = model._default_manager.filter(**{field_name: user})
        rows = _rows(queryset, model)
        if rows:
            records[f"{model._meta.label}.{field_name}"] = rows
    invitations = Invitation.objects.filter(email__iexact=user.email)
    if invitations.exists():
        records["portal.Invitation.email"] = _rows(invitations, Invitation)
    return {
        "exported_at": timezone.now(),
        "account": {name: getattr(user, name) for name in ACCOUNT_FIELDS},
        "second_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "records": records,
    }


def personal_data_json(user) -> str:
    return json.dumps(
        personal_data_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


def _end_sessions(user) -> None:
    """Sign the person out everywhere (sessions are stored in the database)."""
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()


def erased_email(user) -> str:
    return f"compte-efface-{user.pk}@efface.invalid"


@transaction.atomic
def account_erase(*, actor, user) -> None:
    """Erase a person at their request: their account can no longer be used and says nothing
    about them (name, e-mail, phone, job replaced; no password, sessions, second factor, secret
    addresses, roles), and each app detaches its records (their dysfunctions stay, without the
    link to them). Cannot be undone."""
    if actor is not None:  # None: an operator's command (manage.py personal_data erase)
        ensure(actor, "portal.account.erase", user)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    for erase in _erasers:
        erase(user=user)
    Invitation.objects.filter(email__iexact=user.email).update(
        email=erased_email(user), first_name="", last_name=""
    )
    TerritoryPilot.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for model, field_name in _relations_to_users():
        # Wagtail's profile (avatar, preferences), API tokens, editing sessions: the account's
        # own rows, which name nothing of the network's history.
        if model._meta.app_label in {"wagtailusers", "wagtailadmin"} or (
            model._meta.label == "wagtailcore.APIToken"
        ):
            model._default_manager.filter(**{field_name: user}).delete()
    _end_sessions(user)
    with translation.override(settings.LANGUAGE_CODE):
        user.first_name = _("Erased account")
    user.last_name = f"n° {user.pk}"
    user.email = erased_email(user)
    user.phone = ""
    user.job_title = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_demo_account = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    forget(user)


def account_deletion_blockers(user) -> list[str]:
    """What keeps an account from being deleted (the kinds of rows of the network's history
    that must name a person: seats, decisions owned, proposals written), as plural names;
    empty when it may be deleted. Erasure is the way out for such an account."""
    collector = Collector(using=router.db_for_write(type(user)))
    try:
        collector.collect([user])
    except ProtectedError as error:
        blocking = error.protected_objects
    except RestrictedError as error:
        blocking = error.restricted_objects
    else:
        return []
    return sorted({str(obj._meta.verbose_name_plural) for obj in blocking})


def account_is_erased(user) -> bool:
    return user.email == erased_email(user)


__all__ = [
    "account_deletion_blockers",
    "account_erase",
    "account_is_erased",
    "personal_data_export",
    "personal_data_json",
    "register_erasure",
]
