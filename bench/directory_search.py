"""Directory search at scale: seed 20,000 services from 2,000 organisations, then time the
search page (server side: the whole Django request, middleware included) beside a bare Django
view, in the same run, and print p50 and p95 with the number of SQL queries per request.

    .venv/bin/python bench/directory_search.py            (SQLite, /tmp/tablee-bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tablee_bench \
        .venv/bin/python bench/directory_search.py

Seeding happens once per database (about a minute); later runs only measure."""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/tablee-bench.sqlite3")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

SERVICES = int(os.environ.get("BENCH_SERVICES", "20000"))
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "2000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
SEARCHES = [
    "/annuaire/?q=aidants",
    "/annuaire/?q=hebergement+temporaire&public=seniors",
    "/annuaire/?category=famille--soutien-aidants&age=75&commune=37261",
    "/annuaire/?q=soins+domicile&age=82&commune=37072&kind=ssiad",
    "/annuaire/",
]


def seed():
    from directory.demo import SERVICES_BY_KIND
    from directory.models import Category, Condition, Organisation, Public, Service
    from portal.demo import DemoContext
    from portal.demo import seed as seed_portal

    if Service.objects.count() >= SERVICES:
        return
    started = time.monotonic()
    rng = random.Random(37)
    with transaction.atomic():
        context = DemoContext()
        seed_portal(context)
        communes = list(context.communes.values())
        kinds = [k for k in SERVICES_BY_KIND if SERVICES_BY_KIND[k]]
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Structure {i} de {communes[i % len(communes)].name}",
                    slug=f"bench-structure-{i}",
                    kind=kinds[i % len(kinds)],
                    territory=context.territory,
                    commune=communes[i % len(communes)],
                )
                for i in range(ORGANISATIONS)
            ]
        )
        categories = {c.value: c for c in Category.objects.all()}
        publics = {p.value: p for p in Public.objects.all()}
        conditions = {c.value: c for c in Condition.objects.all()}
        rows, links = [], []
        for i in range(SERVICES):
            organisation = organisations[i % ORGANISATIONS]
            template = rng.choice(SERVICES_BY_KIND[organisation.kind])
            name, summary, description, cats, pubs, age_min, age_max, access, conds, ref, whole = (
                template
            )
            rows.append(
                Service(
                    organisation=organisation,
                    name=f"{name} ({i})",
                    slug=f"bench-service-{i}",
                    summary=summary,
                    description=description,
                    age_min=age_min,
                    age_max=age_max,
                    access_mode=access,
                    referrers=ref,
                    serves_whole_territory=whole,
                    live=True,
                )
            )
            links.append((cats, pubs, conds, rng.sample(communes, 3)))
        services = Service.objects.bulk_create(rows, batch_size=2000)
        through = {
            "categories": Service.categories.through,
            "publics": Service.publics.through,
            "required_conditions": Service.required_conditions.through,
            "communes_served": Service.communes_served.through,
        }
        m2m = {key: [] for key in through}
        for service, (cats, pubs, conds, served) in zip(services, links, strict=True):
            m2m["categories"] += [
                through["categories"](service_id=service.pk, category_id=categories[v].pk)
                for v in cats
            ]
            m2m["publics"] += [
                through["publics"](service_id=service.pk, public_id=publics[v].pk) for v in pubs
            ]
            m2m["required_conditions"] += [
                through["required_conditions"](service_id=service.pk, condition_id=conditions[v].pk)
                for v in conds
            ]
            m2m["communes_served"] += [
                through["communes_served"](service_id=service.pk, commune_id=c.pk) for c in served
            ]
        for key, objects in m2m.items():
            through[key].objects.bulk_create(objects, batch_size=5000)
    backend = get_search_backend()
    queryset = Service.objects.select_related("organisation").prefetch_related(
        "categories", "publics"
    )
    for start in range(0, SERVICES, 1000):
        chunk = list(queryset.order_by("pk")[start : start + 1000])
        backend.add_bulk(Service, chunk)
    print(f"Seeded {SERVICES} services from {ORGANISATIONS} organisations in "
          f"{time.monotonic() - started:.0f} s.")  # fmt: skip


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(client, urls, n):
    times, queries = [], set()
    for url in urls:
        client.get(url)  # warm up
    for _round in range(n):
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            times.append(elapsed * 1000)
            queries.add(len(captured))
    return times, queries


def main():
    call_command("migrate", verbosity=0)
    seed()
    from directory.models import Service

    print(
        f"Database: {connection.vendor}, {Service.objects.filter(live=True).count()} live services"
    )
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"]):
        client = Client()
        bare, bare_queries = measure(client, ["/bench/bare/"], REQUESTS * len(SEARCHES))
        search, search_queries = measure(client, SEARCHES, REQUESTS)
    print(f"{'view':<14}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'queries':>10}")
    for label, times, queries in [("bare view", bare, bare_queries),
                                  ("search page", search, search_queries)]:  # fmt: skip
        q = "-".join(str(x) for x in sorted({min(queries), max(queries)}))
        print(f"{label:<14}{len(times):>10}{statistics.median(times):>10.1f}"
              f"{percentile(times, 95):>10.1f}{q:>10}")  # fmt: skip
    ratio = percentile(search, 95) / percentile(bare, 95)
    print(f"search p95 / bare p95 = {ratio:.1f}")
    print(f"settings: DEBUG={settings.DEBUG}")


if __name__ == "__main__":
    main()
