from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from portal.navigation import register_nav_item

        from . import dashboard_panels, rules, signal_handlers  # noqa: F401  (registrations)

        signal_handlers.register()

        register_nav_item(
            key="directory", label=_("Directory"), url_name="directory:search", order=20
        )
