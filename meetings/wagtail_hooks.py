"""Back office of the tables: tables and seats."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from meetings.models import Seat, Table


class TableViewSet(ModelViewSet):
    model = Table
    icon = "group"
    form_fields = [
        "name",
        "slug",
        "kind",
        "territory",
        "description",
        "feeds",
        "notice_days",
        "quorum_kind",
        "quorum_value",
    ]
    list_display = ["name", "kind", "territory"]
    list_filter = ["kind", "territory"]


class SeatViewSet(ModelViewSet):
    model = Seat
    icon = "user"
    form_fields = [
        "table",
        "user",
        "organisation",
        "kind",
        "substitute_for",
        "start_date",
        "end_date",
    ]
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


@hooks.register("before_serve_document")
def serve_table_documents_to_their_readers(document, request):
    """A table's documents (its collection) are served only to those who may read the table;
    others get a 404, as if the file did not exist."""
    from django.http import Http404

    from portal.permissions import visible_to

    table = Table.objects.filter(collection_id=document.collection_id).first()
    if table is None:
        return None
    if not visible_to(request.user, Table.objects.filter(pk=table.pk)).exists():
        raise Http404
    return None
