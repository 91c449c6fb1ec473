from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Tables and meetings")

    def ready(self):
        from portal.audit import account_label, watch_roles
        from portal.personal_data import register_erasure

        from . import (  # noqa: F401  (menu entries, panels, permission rules, searched choices)
            autocomplete,
            navigation,
            rules,
        )
        from .models import Seat
        from .services import calendar_token_erase

        register_erasure(calendar_token_erase)

        def describe(seat) -> str:
            return str(
                _("%(account)s, %(kind)s seat at %(table)s, %(start)s – %(end)s")
                % {
                    "account": account_label(seat.user),
                    "kind": seat.get_kind_display(),
                    "table": seat.table,
                    "start": seat.start_date,
                    "end": seat.end_date or "…",
                }
            )

        watch_roles(Seat, describe)
        _version_signals()


def meetings_changed(sender=None, **kwargs):
    """The tables' data changed: what was kept for its version (the landing-page panels) is
    computed again. Services that write without signals (updates and bulk writes) call it."""
    from portal import versions

    if kwargs.get("action", "post_add") in {"post_add", "post_remove", "post_clear"}:
        versions.changed("meetings")


def _version_signals() -> None:
    """Every row of the tables' app, and the names of territories and regions they show."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from portal.models import Region, Territory

    models = [*apps.get_app_config("meetings").get_models(), Territory, Region]
    for model in models:
        label = model._meta.label_lower
        post_save.connect(meetings_changed, sender=model, dispatch_uid=f"{label}_meetings_v")
        post_delete.connect(meetings_changed, sender=model, dispatch_uid=f"{label}_meetings_d")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                meetings_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{label}_{field.name}_meetings_m",
            )
