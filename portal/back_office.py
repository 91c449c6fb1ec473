"""Back-office (Wagtail) views that save through the apps' services, so that an editor in the
back office meets the same checks as on the portal's own pages (overlapping seats, pilots,
memberships); a refusal is shown on the form, as the portal's pages show it. Wagtail's history
of the object is still written."""

from abc import ABC, abstractmethod

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from wagtail.admin.views import generic
from wagtail.log_actions import log

from portal.forms import add_service_errors


class _SavedThroughService(ABC):
    log_action = ""

    @abstractmethod
    def save_through_service(self, form):
        """Call the app's service with the form's cleaned data; return the saved object."""

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_through_service(form)
                log(instance=self.object, action=self.log_action, user=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return response if hook_response is None else hook_response


class ServiceCreateView(_SavedThroughService, generic.CreateView):
    log_action = "wagtail.create"


class ServiceEditView(_SavedThroughService, generic.EditView):
    log_action = "wagtail.edit"


class ServiceDeleteView(ABC, generic.DeleteView):
    @abstractmethod
    def delete_through_service(self) -> None:
        """Call the app's service that removes self.object."""

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
            self.delete_through_service()


class HistoryKeepingDeleteView(ABC, generic.DeleteView):
    """Deletes only a row nothing refers to yet: one that already appears in the network's
    history (a seat in attendance lists, a table with meetings) is kept, with a message."""

    kept_message = ""

    @abstractmethod
    def has_history(self) -> bool:
        """Whether self.object already appears in the network's history."""

    def form_valid(self, form):
        if self.has_history():
            messages.error(self.request, self.kept_message)
            return redirect(self.get_success_url())
        return super().form_valid(form)
