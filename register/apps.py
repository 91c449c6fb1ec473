from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = _("Dysfunction register")

    def ready(self):
        from portal.personal_data import register_erasure

        from . import (
            autocomplete,  # noqa: F401  (registers the register's searched choices)
            dashboard,  # noqa: F401  (registers the register's panels and menu entries)
            directory_sections,  # noqa: F401  (the register on services' pages)
            meeting_sections,  # noqa: F401  (the register on meetings' pages and minutes)
            rules,  # noqa: F401  (registers the register's permission rules)
        )
        from .indicators import proposal_version_signals, register_version_signals
        from .services import dysfunction_detach_person

        register_erasure(dysfunction_detach_person)
        register_version_signals()
        proposal_version_signals()
