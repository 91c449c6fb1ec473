"""The portal's addresses plus two bench-only views: a bare Django view and the reference page
(the cost of one well-built list page, which every page of bench/run is compared with)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from portal.urls import urlpatterns as portal_patterns

REFERENCE = engines["django"].from_string(
    """{% extends "base.html" %}
{% block content %}<h1>Derniers dysfonctionnements</h1>
<table><caption>Les 50 plus récents</caption>
<thead><tr><th>Titre</th><th>État</th><th>Commune</th></tr></thead>
<tbody>{% for d in dysfunctions %}
<tr><td>{{ d.title }}</td><td>{{ d.get_state_display }}</td><td>{{ d.commune.name }}</td></tr>
{% endfor %}</tbody></table>{% endblock %}"""
)


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def reference(request):
    from register.models import Dysfunction

    # One query, on the index of submitted_at.
    dysfunctions = (
        Dysfunction.objects.filter(submitted_at__isnull=False)
        .select_related("commune")
        .only("title", "state", "commune__name", "submitted_at")
        .order_by("-submitted_at")[:50]
    )
    return HttpResponse(REFERENCE.render({"dysfunctions": dysfunctions}, request))


urlpatterns = [path("bench/bare/", bare), path("bench/reference/", reference), *portal_patterns]
