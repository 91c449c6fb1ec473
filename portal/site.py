"""The site's public address, for absolute links in e-mails and calendar invitations.

In production it is the configured TABLEE_SITE_URL. In development the demo may be served on
another host or port than the configured one, so when TABLEE_SITE_URL_FROM_REQUEST is on, the
address the current request came to wins (links in the e-mails a demo prints lead back to it)."""

from contextvars import ContextVar

from django.conf import settings

_served_address: ContextVar[str | None] = ContextVar("served_address", default=None)


def site_url() -> str:
    """The absolute address of the site, without a trailing slash."""
    served = _served_address.get()
    if served and settings.TABLEE_SITE_URL_FROM_REQUEST:
        return served
    return settings.TABLEE_SITE_URL.rstrip("/")


class ServedAddressMiddleware:
    """Remember, for the duration of a request, the address it was served on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.TABLEE_SITE_URL_FROM_REQUEST:
            return self.get_response(request)
        token = _served_address.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _served_address.reset(token)
