"""The back office of the network: territories, communes, pilots, accounts' invitations."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal.models import Commune, Territory, TerritoryPilot


class TerritoryViewSet(ModelViewSet):
    model = Territory
    icon = "site"
    form_fields = ["name", "slug", "description"]
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CommuneViewSet(ModelViewSet):
    model = Commune
    icon = "pick"
    form_fields = ["insee_code", "name", "postal_code", "territory"]
    list_display = ["name", "insee_code", "postal_code", "territory"]
    list_filter = ["territory"]
    search_fields = ["name", "insee_code"]


class TerritoryPilotViewSet(ModelViewSet):
    model = TerritoryPilot
    icon = "user"
    form_fields = ["territory", "user"]
    list_display = ["user", "territory"]


class NetworkViewSetGroup(ModelViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 200
    items = [TerritoryViewSet, CommuneViewSet, TerritoryPilotViewSet]


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
