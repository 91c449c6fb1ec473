"""The back office of the network: territories, communes, pilots, accounts' invitations."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from portal import audit, views
from portal.back_office import ServiceCreateView, ServiceDeleteView, ServiceEditView
from portal.models import Commune, Region, RegionalCoordinator, Territory, TerritoryPilot
from portal.permissions import can
from portal.personal_data import account_deletion_blockers
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


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return [
        path(
            "donnees-personnelles/<int:pk>/",
            views.account_erase_view,
            name="portal_account_erase",
        ),
        path(
            "donnees-personnelles/<int:pk>/export.json",
            views.account_personal_data,
            name="portal_account_personal_data",
        ),
    ]


@hooks.register("register_user_listing_buttons")
def personal_data_button(user, request_user):
    if not can(request_user, "portal.account.erase", user):
        return []
    return [
        ListingButton(
            _("Personal data"),
            url=reverse("portal_account_erase", args=[user.pk]),
            priority=50,
        )
    ]


@hooks.register("before_delete_user")
def keep_accounts_the_history_names(request, user):
    """An account that seats, decisions or proposals name cannot be deleted (the network's
    history would lose who sat and who decided): the back office says so and offers erasure,
    instead of failing on the database's refusal."""
    blockers = account_deletion_blockers(user)
    if not blockers:
        return None
    messages.error(
        request,
        _(
            "%(account)s cannot be deleted: the network's history names this account "
            "(%(what)s). Erase the person's data instead: the account is anonymised and the "
            "history kept."
        )
        % {"account": user, "what": ", ".join(blockers)},
    )
    if can(request.user, "portal.account.erase", user):
        return redirect("portal_account_erase", user.pk)
    return redirect("wagtailusers_users:index")


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    """The audit trail's actions, read and filtered in Reports > Site history."""
    audit.register_actions(actions)
