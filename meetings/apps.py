from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Tables and meetings")

    def ready(self):
        from . import navigation, rules  # noqa: F401  (menu entries, panels, permission rules)
