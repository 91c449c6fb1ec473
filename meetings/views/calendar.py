"""Personal calendar feeds: subscribing, and the feed itself."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from meetings import selectors, services
from meetings.calendar import feed_fresh_until, feed_ics
from meetings.models import (
    CalendarToken,
)
from portal import versions
from portal.permissions import roles_stamp
from portal.site import site_url

from .tables import _calendar_response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_subscribe(request):
    if request.method == "POST":
        services.calendar_token_regenerate(user=request.user)
        messages.success(request, _("A new address is ready; the old one no longer works."))
        return redirect("meetings:calendar_subscribe")
    token = services.calendar_token_for(request.user)
    feed_url = request.build_absolute_uri(reverse("meetings:personal_feed", args=[token.token]))
    tables = selectors.table_list_for_seat_holder(request.user)
    return render(
        request, "meetings/calendar_subscribe.html", {"feed_url": feed_url, "tables": tables}
    )


@require_GET
def personal_feed(request, token):
    owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
    if not owner.is_active:
        raise Http404
    return _calendar_response(_personal_feed_body(owner, token), "mes-reunions.ics")


def _personal_feed_body(owner, token: str) -> bytes:
    """The person's feed, kept whole for the tables' version (their seats, the meetings, the
    agendas and the tokens are all rows of the tables' app), the person's roles stamp (which
    holds the day: the seats kept count from it), the token, the language and the site's
    address; kept no longer than until the first meeting listed leaves the feed's window."""

    def feed() -> tuple:
        meetings = selectors.feed_meetings_of_person(owner)
        body = feed_ics(meetings, name=_("My meetings — Tablée"), private=True)
        return body, feed_fresh_until(meetings)

    key = ("personal-feed", token, roles_stamp(owner), get_language(), site_url(),
           settings.TIME_ZONE)  # fmt: skip
    body, _fresh_until = versions.cached_across(
        ("meetings",), key, feed, until=lambda kept: kept[1]
    )
    return body
