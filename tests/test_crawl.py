"""Every page a person of each role can reach by following links, from their landing page, on
the demo territory: none fails with a server error, and every page has one main heading."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from portal.models import User

DEMO_ACCOUNTS = [
    None,  # a visitor
    "pilote@example.org",
    "gestionnaire@example.org",
    "partenaire@example.org",
    "membre@example.org",
    "decideur@example.org",
    "admin@example.org",
]
LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/", "/comptes/", "/i18n/")
PAGES_PER_ROLE = 40


def _crawl(client, start):
    seen, queue, visited = {start}, deque([start]), []
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        visited.append((url, response.status_code))
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        assert body.count("<h1") >= 1, f"{url} has no main heading"
        for href in LINK.findall(body):
            href = href.replace("&amp;", "&")
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP) or parts.path.endswith((".ics", ".pdf", ".csv")):
                continue
            # One page per path is enough (a facet or a page number does not change the view).
            key = parts.path
            if key not in seen:
                seen.add(key)
                queue.append(target)
    return visited


@pytest.mark.django_db
def test_no_page_reachable_from_a_landing_page_fails(client, settings):
    settings.TABLEE_ALLOW_DEMO_MFA_EXEMPTION = True
    call_command("seed_demo", verbosity=0)
    for email in DEMO_ACCOUNTS:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        visited = _crawl(client, "/mon-espace/" if email else "/")
        assert len(visited) >= (3 if email else 1), (email, visited)
