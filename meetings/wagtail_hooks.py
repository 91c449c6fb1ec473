"""Back office of the tables: tables and seats."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from meetings.models import Seat, Table


class TableViewSet(ModelViewSet):
    model = Table
    icon = "group"
    form_fields = ["name", "slug", "kind", "territory"]
    list_display = ["name", "kind", "territory"]
    list_filter = ["kind", "territory"]


class SeatViewSet(ModelViewSet):
    model = Seat
    icon = "user"
    form_fields = ["table", "user", "organisation", "kind", "start_date", "end_date"]
    list_display = ["user", "table", "organisation", "kind", "start_date", "end_date"]
    list_filter = ["table", "kind"]


class TablesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Tables")
    menu_icon = "group"
    menu_order = 220
    items = [TableViewSet, SeatViewSet]


@hooks.register("register_admin_viewset")
def register_tables_viewsets():
    return TablesViewSetGroup()
