"""The back office of the network: territories, communes, pilots, accounts' invitations."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal import audit
from portal.back_office import ServiceCreateView, ServiceDeleteView, ServiceEditView
from portal.models import Commune, Region, RegionalCoordinator, Territory, TerritoryPilot
from portal.services import (
    regional_coordinator_remove,
    regional_coordinator_save,
    territory_pilot_remove,
    territory_pilot_save,
)


class TerritoryViewSet(ModelViewSet):
    model = Territory
    icon = "site"
    form_fields = ["name", "slug", "region", "description"]
    list_display = ["name", "slug", "region"]
    search_fields = ["name"]


class RegionViewSet(ModelViewSet):
    model = Region
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


class TerritoryPilotSaveMixin:
    def save_through_service(self, form):
        return territory_pilot_save(actor=self.request.user, pilot=form.instance)


class TerritoryPilotCreateView(TerritoryPilotSaveMixin, ServiceCreateView):
    pass


class TerritoryPilotEditView(TerritoryPilotSaveMixin, ServiceEditView):
    pass


class TerritoryPilotDeleteView(ServiceDeleteView):
    def delete_through_service(self):
        territory_pilot_remove(actor=self.request.user, pilot=self.object)


class TerritoryPilotViewSet(ModelViewSet):
    """The pilot role is saved through portal.services, which checks and forgets cached roles."""

    model = TerritoryPilot
    icon = "user"
    add_view_class = TerritoryPilotCreateView
    edit_view_class = TerritoryPilotEditView
    delete_view_class = TerritoryPilotDeleteView
    copy_view_enabled = False
    form_fields = ["territory", "user"]
    list_display = ["user", "territory"]


class RegionalCoordinatorSaveMixin:
    def save_through_service(self, form):
        return regional_coordinator_save(actor=self.request.user, coordinator=form.instance)


class RegionalCoordinatorCreateView(RegionalCoordinatorSaveMixin, ServiceCreateView):
    pass


class RegionalCoordinatorEditView(RegionalCoordinatorSaveMixin, ServiceEditView):
    pass


class RegionalCoordinatorDeleteView(ServiceDeleteView):
    def delete_through_service(self):
        regional_coordinator_remove(actor=self.request.user, coordinator=self.object)


class RegionalCoordinatorViewSet(ModelViewSet):
    """The coordinator role is saved through portal.services, like the pilot role."""

    model = RegionalCoordinator
    icon = "user"
    add_view_class = RegionalCoordinatorCreateView
    edit_view_class = RegionalCoordinatorEditView
    delete_view_class = RegionalCoordinatorDeleteView
    copy_view_enabled = False
    form_fields = ["region", "user"]
    list_display = ["user", "region"]


class NetworkViewSetGroup(ModelViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 200
    items = [
        RegionViewSet,
        TerritoryViewSet,
        CommuneViewSet,
        TerritoryPilotViewSet,
        RegionalCoordinatorViewSet,
    ]


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    """The audit trail's actions, read and filtered in Reports > Site history."""
    audit.register_actions(actions)
