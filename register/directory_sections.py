"""The register seen from the directory: on a service's page (and on the pilot's review of a
change), the dysfunctions that name the service, counted by state, with the latest ones. The
pilot and the staff of the service's organisation see them; never who filed them."""

from directory.extensions import register_service_section
from portal.permissions import can

from . import selectors


def _section(service, user):
    if not can(user, "register.service.dysfunctions", service):
        return None
    return {"dysfunctions": selectors.service_dysfunctions(user, service)}


register_service_section(
    key="dysfunctions",
    template="register/includes/service_dysfunctions.html",
    order=30,
    get_context=_section,
)
