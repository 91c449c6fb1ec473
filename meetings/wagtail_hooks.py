"""Back office of the tables: tables and seats, saved through the same services as the pilot's
pages (meetings/services.py), so that the back office cannot give overlapping seats or a
substitute for another table's member."""

from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from meetings.models import Seat, Table
from meetings.services import seat_add, seat_end, table_save
from portal.back_office import HistoryKeepingDeleteView, ServiceCreateView, ServiceEditView
from portal.permissions import visible_to


class TableSaveMixin:
    def save_through_service(self, form):
        return table_save(
            actor=self.request.user, table=form.instance, feeds=form.cleaned_data.get("feeds")
        )


class TableCreateView(TableSaveMixin, ServiceCreateView):
    pass


class TableEditView(TableSaveMixin, ServiceEditView):
    pass


class SeatCreateView(ServiceCreateView):
    def save_through_service(self, form):
        data = form.cleaned_data
        return seat_add(
            actor=self.request.user,
            table=data["table"],
            user=data["user"],
            organisation=data.get("organisation"),
            kind=data["kind"],
            substitute_for=data.get("substitute_for"),
            start_date=data["start_date"],
            end_date=data.get("end_date"),
        )


class SeatEditView(ServiceEditView):
    """A seat is not rewritten: its mandate ends (a new seat starts a new mandate)."""

    def save_through_service(self, form):
        end_date = form.cleaned_data.get("end_date")
        if end_date is None:
            raise ValidationError({"end_date": _("Say when the mandate ends.")})
        seat = Seat.objects.get(pk=self.object.pk)
        if seat.end_date == end_date:
            return seat
        return seat_end(actor=self.request.user, seat=seat, end_date=end_date)


class TableDeleteView(HistoryKeepingDeleteView):
    kept_message = _("This table has held meetings: it is kept with its history.")

    def has_history(self) -> bool:
        return self.object.meetings.exists()


class SeatDeleteView(HistoryKeepingDeleteView):
    kept_message = _("This seat appears in attendance lists: end the mandate instead.")

    def has_history(self) -> bool:
        return self.object.attendances.exists()


class TableViewSet(ModelViewSet):
    model = Table
    icon = "group"
    add_view_class = TableCreateView
    edit_view_class = TableEditView
    delete_view_class = TableDeleteView
    copy_view_enabled = False
    form_fields = [
        "name",
        "slug",
        "kind",
        "territory",
        "region",
        "description",
        "feeds",
        "notice_days",
        "quorum_kind",
        "quorum_value",
        "publishes_calendar",
    ]
    list_display = ["name", "kind", "territory", "region"]
    list_filter = ["kind", "territory", "region"]


class SeatViewSet(ModelViewSet):
    model = Seat
    icon = "user"
    add_view_class = SeatCreateView
    edit_view_class = SeatEditView
    delete_view_class = SeatDeleteView
    copy_view_enabled = False
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

    def get_form_class(self, for_update=False):
        if for_update:  # the edit form only ends the mandate (see SeatEditView)
            return modelform_factory(
                self.model, formfield_callback=self.formfield_for_dbfield, fields=["end_date"]
            )
        return super().get_form_class(for_update)


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
    table = Table.objects.filter(collection_id=document.collection_id).first()
    if table is None:
        return None
    if not visible_to(request.user, Table.objects.filter(pk=table.pk)).exists():
        raise Http404
    return None
