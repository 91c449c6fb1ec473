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


def meetings_changed() -> None:
    """The tables' data changed: what was kept for its version (the landing-page panels) is
    computed again. For the services that write without signals (updates and bulk writes)."""
    from portal import versions

    versions.changed("meetings")


def _version_signals() -> None:
    """Every row of the tables' app, its links, the territories and regions they name, and the
    documents attached to agenda items."""
    from django.apps import apps
    from wagtail.documents import get_document_model

    from portal import versions
    from portal.models import Region, Territory

    models = [*apps.get_app_config("meetings").get_models(), Territory, Region]
    relations = [f.remote_field.through for m in models for f in m._meta.local_many_to_many]
    # The documents attached to agenda items: their titles are on the meetings' pages kept.
    models.append(get_document_model())
    versions.renew_when_saved("meetings", models, relations=relations)
