"""The portal's addresses plus a bare Django view, measured beside the search page."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_patterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_patterns]
