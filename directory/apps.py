from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from portal.audit import account_label, watch_roles
        from portal.navigation import register_nav_item
        from portal.personal_data import register_erasure
        from portal.services import register_invitation_acceptor

        from . import (  # noqa: F401
            autocomplete,
            dashboard_panels,
            models,
            rules,
            services,
            signal_handlers,
        )

        signal_handlers.register()
        watch_roles(models.Membership, _membership_role(account_label))
        register_invitation_acceptor(services.membership_open_from_invitation)
        register_erasure(services.membership_erase_person)

        from portal.follows import register_followable

        from .models import Service

        register_followable(Service, label=_("Service"), select_related=("organisation",))
        register_nav_item(
            key="directory", label=_("Directory"), url_name="directory:search", order=20
        )


def _membership_role(account_label):
    def describe(membership) -> str:
        text = _("%(account)s, %(role)s of %(organisation)s") % {
            "account": account_label(membership.user),
            "role": membership.get_role_display(),
            "organisation": membership.organisation,
        }
        if membership.can_edit_directory:
            text = _("%(role)s, editor of its directory entries") % {"role": text}
        return str(text)

    return describe
