from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """The region above the territories: its tables, its territories' indicators side by side
    and the directory searched across its territories (above every other app: it reads them
    all)."""

    name = "regions"
    verbose_name = _("Regions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from regions import navigation, rules  # noqa: F401
