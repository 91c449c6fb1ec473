"""The audit trail: sign-ins, failed sign-ins, changes of second factor, invitations, role
changes (pilots, administrators, seats, memberships and directory editors), exports and
back-office edits.

It is kept in Wagtail's own log (`wagtail.log_actions`, one ModelLogEntry per event, on the
object concerned), so administrators read and filter it in the back office's Reports > Site
history (by action, person, date and kind of object), beside the entries Wagtail itself writes
for every back-office creation, edit and deletion. The log is append-only: the portal refuses
to change or remove an entry (signals below), and the database refuses UPDATE (and, on
PostgreSQL, DELETE) on the table (triggers made after every migrate).

Labels name accounts by number, not by name or address: an entry outlives the erasure of the
person it is about. The address of the request (REMOTE_ADDR) is kept with sign-ins."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogContext, LogFormatter, log

SIGN_IN = "tablee.sign_in"
SIGN_IN_FAILED = "tablee.sign_in_failed"
MFA = "tablee.mfa"
INVITATION = "tablee.invitation"
ROLE = "tablee.role"
EXPORT = "tablee.export"

ACTIONS = {
    SIGN_IN: _("Sign-in"),
    SIGN_IN_FAILED: _("Failed sign-in"),
    MFA: _("Two-factor authentication changed"),
    INVITATION: _("Invitation"),
    ROLE: _("Role changed"),
    EXPORT: _("Export downloaded"),
}


class AuditEntryIsAppendOnly(Exception):
    """Raised when code tries to change or remove an entry of the audit trail."""


class AuditFormatter(LogFormatter):
    """The site history's message: the action and what the entry's `detail` says."""

    def format_message(self, log_entry):
        detail = (log_entry.data or {}).get("detail")
        return f"{self.label} — {detail}" if detail else str(self.label)


def register_actions(actions) -> None:
    for name, label in ACTIONS.items():
        actions.register_action(name)(type("Formatter", (AuditFormatter,), {"label": label}))


def account_label(user) -> str:
    return str(_("Account no. %(number)s") % {"number": user.pk})


def record(obj, action: str, *, user=None, detail: str = "", title: str = "", **data):
    """Append one entry about `obj`. `user` is who acted (by default the person of the request
    under way, see AuditContextMiddleware); `detail` reads in the site history."""
    return log(obj, action, user=user, title=title or None, data={"detail": str(detail), **data})


def export(request, kind: str, obj=None) -> None:
    """A signed-in person downloaded an export (CSV, HSDS, PDF) of `obj`, or of the directory
    (then the entry is on their account). Anonymous downloads of open data are not recorded."""
    user = request.user
    if not user.is_authenticated:
        return
    target = obj if obj is not None else user
    title = account_label(user) if obj is None else ""
    record(target, EXPORT, user=user, detail=kind, title=title, path=request.get_full_path())


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


class AuditContextMiddleware:
    """Entries written during a request (role changes made through any page) name its person
    and share one identifier."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with LogContext(user=user):
            return self.get_response(request)


# --- sign-ins ---------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    record(user, SIGN_IN, user=user, title=account_label(user), address=_address(request))


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    address = credentials.get("email") or credentials.get("username") or ""
    account = get_user_model().objects.filter(email__iexact=address).first() if address else None
    if account is None:
        return  # nothing to hang it on: the rate limits still count it
    record(
        account,
        SIGN_IN_FAILED,
        title=account_label(account),
        detail=str(_("wrong password")),
        address=_address(request),
    )


def mfa_failed(sender, request=None, user=None, **kwargs):
    record(
        user,
        SIGN_IN_FAILED,
        title=account_label(user),
        detail=str(_("wrong second-factor code")),
        address=_address(request),
    )


def _mfa_changed(what):
    def handler(sender, request=None, user=None, authenticator=None, **kwargs):
        kind = getattr(authenticator, "type", "") or ""
        record(
            user,
            MFA,
            user=getattr(request, "user", None) if request is not None else None,
            title=account_label(user),
            detail=f"{what} ({kind})" if kind else str(what),
        )

    return handler


mfa_added = _mfa_changed(_("authenticator added"))
mfa_removed = _mfa_changed(_("authenticator removed"))
mfa_reset = _mfa_changed(_("recovery codes renewed"))


# --- roles ------------------------------------------------------------------------------


def watch_roles(model, describe) -> None:
    """Record every creation, change and removal of `model` (a role: a pilot's territory, a
    seat, a membership…); `describe(instance)` says what it grants."""

    def saved(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        what = _("granted") if created else _("changed")
        record(instance, ROLE, detail=f"{describe(instance)} : {what}")

    def deleted(sender, instance, **kwargs):
        record(instance, ROLE, detail=f"{describe(instance)} : {_('removed')}")

    label = model._meta.label_lower
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"audit_role_{label}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"audit_end_{label}")


def _administrator_flag(sender, instance, raw=False, **kwargs):
    """An account made (or no longer) an administrator is a role change."""
    if raw or instance.pk is None:
        return
    before = sender._default_manager.filter(pk=instance.pk).values_list("is_superuser", flat=True)
    before = next(iter(before), None)
    if before is not None and before != instance.is_superuser:
        instance._audit_admin_change = instance.is_superuser


def _administrator_saved(sender, instance, created, raw=False, **kwargs):
    change = getattr(instance, "_audit_admin_change", None)
    if raw or change is None:
        return
    del instance._audit_admin_change
    what = _("made an administrator") if change else _("no longer an administrator")
    record(instance, ROLE, title=account_label(instance), detail=str(what))


# --- append-only ------------------------------------------------------------------------


def _refuse_change(sender, instance, raw=False, **kwargs):
    if not instance._state.adding:
        raise AuditEntryIsAppendOnly("Audit entries are never edited.")


def _refuse_removal(sender, instance, **kwargs):
    raise AuditEntryIsAppendOnly("Audit entries are never deleted.")


_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_entries_are_never_edited BEFORE UPDATE ON "
        "wagtailcore_modellogentry BEGIN SELECT RAISE(ABORT, 'audit entries are never "
        "edited'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_entries_are_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit entries are never edited nor deleted'; END; $$ "
        "LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS audit_entries_are_append_only ON wagtailcore_modellogentry",
        "CREATE TRIGGER audit_entries_are_append_only BEFORE UPDATE OR DELETE ON "
        "wagtailcore_modellogentry FOR EACH ROW EXECUTE FUNCTION audit_entries_are_append_only()",
    ],
}


def protect_the_log(using="default", **kwargs) -> None:
    """After every migrate: the database itself refuses to edit entries (and, on PostgreSQL,
    to delete them; SQLite's tests empty tables with DELETE, PostgreSQL's with TRUNCATE)."""
    from django.db import connections

    conn = connections[using] if using else connection
    statements = _TRIGGERS.get(conn.vendor, [])
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def connect() -> None:
    """Wire the trail (called once, from the portal's ready())."""
    from allauth.mfa import signals as mfa_signals
    from wagtail.models import ModelLogEntry

    mfa_signals.authentication_failed.connect(mfa_failed, dispatch_uid="audit_mfa_failed")
    mfa_signals.authenticator_added.connect(mfa_added, dispatch_uid="audit_mfa_added")
    mfa_signals.authenticator_removed.connect(mfa_removed, dispatch_uid="audit_mfa_removed")
    mfa_signals.authenticator_reset.connect(mfa_reset, dispatch_uid="audit_mfa_reset")
    pre_save.connect(_refuse_change, sender=ModelLogEntry, dispatch_uid="audit_append_only")
    pre_delete.connect(_refuse_removal, sender=ModelLogEntry, dispatch_uid="audit_no_delete")
    User = get_user_model()
    pre_save.connect(_administrator_flag, sender=User, dispatch_uid="audit_admin_flag")
    post_save.connect(_administrator_saved, sender=User, dispatch_uid="audit_admin_saved")
