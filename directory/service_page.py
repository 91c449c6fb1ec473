"""A service's page: what it says of the service (its description, public, access, hours,
places and contacts) is the same for every visitor who sees the professional contacts or for
every one who does not. It is rendered once for the directory's version and kept under the
service, whether the professional contacts show, whether the entry is out of date (it changes
with the day) and the language; the follow button, the other apps' sections and the actions,
which depend on the person (and carry the visit's CSRF token), are rendered at each visit."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import versions

from . import selectors
from .models import Service


def described(service, *, show_professional: bool, out_of_date: bool) -> tuple[str, str]:
    """The page's heading (breadcrumb and title) and its description, rendered (kept)."""

    def rendered() -> tuple[str, str]:
        full = selectors.service_with_details(
            Service.objects.filter(pk=service.pk).select_related("last_verified_by"),
            for_export=False,
        ).get()
        context = {
            "service": full,
            "show_professional": show_professional,
            "out_of_date": out_of_date,
        }
        return (
            render_to_string("directory/includes/service_heading.html", context),
            render_to_string("directory/includes/service_description.html", context),
        )

    key = ("service_page", service.pk, show_professional, out_of_date, translation.get_language())
    heading, description = versions.cached("directory", key, rendered)
    return mark_safe(heading), mark_safe(description)  # noqa: S308  (rendered by the template engine)
