from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from portal.navigation import register_nav_item
        from portal.services import register_invitation_acceptor

        from . import autocomplete, dashboard_panels, rules, services, signal_handlers  # noqa: F401

        signal_handlers.register()
        register_invitation_acceptor(services.membership_open_from_invitation)

        register_nav_item(
            key="directory", label=_("Directory"), url_name="directory:search", order=20
        )
