"""Every page a person of each role can reach by following links, from their landing page, on
the demo territory: none fails with a server error, every page has one main heading, a title
without a dangling separator, no heading repeated, machine-readable times without fractions of
a second and telephone links a phone can dial."""

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
    "coordination@example.org",
    "admin@example.org",
]
LINK = re.compile(r'href="([^"#]+)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HEADING = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.S)
TAG = re.compile(r"<[^>]+>")
DANGLING = re.compile(r"^\s*[—·:-]|[—·:-]\s*[—·:-]|[—·:-]\s*$")
TIME_WITH_FRACTIONS = re.compile(r'datetime="[^"]*\.\d+')
TEL_WITH_SPACES = re.compile(r'href="tel:[^"]*[^+0-9"][^"]*"')


def _markup_problems(url, body):
    problems = []
    title = " ".join(TITLE.search(body).group(1).split())
    if DANGLING.search(title):
        problems.append(f"{url}: title {title!r}")
    headings = [
        (level, " ".join(TAG.sub("", text).split())) for level, text in HEADING.findall(body)
    ]
    h1s = [text for level, text in headings if level == "1"]
    if len(h1s) != 1:
        problems.append(f"{url}: main headings {h1s}")
    # A main or section heading said twice (results may repeat a service's name: h3).
    texts = [text for level, text in headings if text and level in "12"]
    repeated = {text for text in texts if texts.count(text) > 1}
    if repeated:
        problems.append(f"{url}: headings repeated {repeated}")
    if TIME_WITH_FRACTIONS.search(body):
        problems.append(f"{url}: <time datetime> with fractions")
    if TEL_WITH_SPACES.search(body):
        problems.append(f"{url}: {TEL_WITH_SPACES.search(body).group(0)}")
    return problems


SKIP = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/", "/comptes/", "/i18n/")
PAGES_PER_ROLE = 40


def _crawl(client, start, problems):
    seen, queue, visited = {start}, deque([start]), []
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        visited.append((url, response.status_code))
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        problems += _markup_problems(url, body)
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
    problems = []
    for email in DEMO_ACCOUNTS:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        visited = _crawl(client, "/mon-espace/" if email else "/", problems)
        assert len(visited) >= (3 if email else 1), (email, visited)
    assert not problems, "\n".join(sorted(set(problems)))
