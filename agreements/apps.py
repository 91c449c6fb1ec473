from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """Agreements between organisations and their corridors of referral (above meetings: a
    table's decision adopts them; below register: a dysfunction may name a corridor)."""

    name = "agreements"
    verbose_name = _("Agreements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from agreements import extensions, rules  # noqa: F401  (registrations)
        from agreements.api import router
        from directory.extensions import register_api_router

        register_api_router(prefix="/", router=router)
        _version_signals()


def _version_signals() -> None:
    """What is kept for the agreements' version (the corridors' notes beside a directory search)
    is read again after any change of an agreement or of its corridors."""
    from agreements.models import Agreement, Corridor
    from portal import versions

    versions.renew_when_saved("agreements", (Agreement, Corridor))
