from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Saved directory searches and the e-mails that tell when their results change."""

    name = "alerts"
    verbose_name = _("Saved searches")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from alerts import dashboard_panels, rules, signal_handlers  # noqa: F401
        from alerts.services import saved_search_erase_person
        from portal.personal_data import register_erasure

        register_erasure(saved_search_erase_person)
