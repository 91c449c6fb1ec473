from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks, dashboard_panels, navigation, rules  # noqa: F401  (registrations)
        from .privacy.bounds import bound_free_texts

        bound_free_texts()

        from . import audit
        from .models import RegionalCoordinator, TerritoryPilot

        audit.connect()
        audit.watch_roles(TerritoryPilot, _pilot_role)
        audit.watch_roles(RegionalCoordinator, _coordinator_role)
        post_migrate.connect(audit.protect_the_log, sender=self, dispatch_uid="audit_triggers")

        # The shared cache (login rate limits, counted across every worker) lives in the
        # database unless Redis is configured: every `migrate` creates its table.
        post_migrate.connect(_create_cache_table, sender=self)
        # A deployment runs `migrate`: what was kept between requests was drawn by the former
        # templates and code, and is not read again.
        post_migrate.connect(_renew_versions, sender=self, dispatch_uid="renew_versions")


def _renew_versions(sender, using="default", **kwargs):
    from . import versions

    versions.renew_all()


def _create_cache_table(sender, using="default", **kwargs):
    call_command("createcachetable", database=using, verbosity=0)


def _pilot_role(pilot) -> str:
    from .audit import account_label

    return str(
        _("%(account)s, pilot of %(territory)s")
        % {"account": account_label(pilot.user), "territory": pilot.territory}
    )


def _coordinator_role(coordinator) -> str:
    from .audit import account_label

    return str(
        _("%(account)s, regional coordinator of %(region)s")
        % {"account": account_label(coordinator.user), "region": coordinator.region}
    )
