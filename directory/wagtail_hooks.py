"""Back office of the directory: organisations and the memberships of their staff."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from directory.models import Membership, Organisation


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "home"
    form_fields = [
        "name", "slug", "kind", "territory", "siret", "address", "commune",
        "website", "email", "phone",
    ]  # fmt: skip
    list_display = ["name", "kind", "territory"]
    list_filter = ["kind", "territory"]
    search_fields = ["name"]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    form_fields = ["user", "organisation", "role", "can_edit_directory"]
    list_display = ["user", "organisation", "role", "can_edit_directory"]
    list_filter = ["role", "can_edit_directory"]


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 210
    items = [OrganisationViewSet, MembershipViewSet]


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()
