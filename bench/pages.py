"""Every page at region scale, per role, beside the reference page (see bench/README.md).

    bench/run                       measure pages and commands, write bench/results.md
    bench/run --pages-only          pages only
    BENCH_ROUNDS=5 bench/run        fewer requests per page (default 20, after one warm-up)
    BENCH_ROLES=pilot BENCH_PAGES=dysfunction bench/run
                                    only these roles / the pages whose label holds one of the
                                    words (comma-separated); prints, writes nothing

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tablee_bench); loads
the region with `manage.py seed_scale` (BENCH_SCALE, default 1) when the database lacks it."""

import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tablee_bench")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import commands, explain  # noqa: E402
from bench.targets import pages, role_users  # noqa: E402
from portal import runtime  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
ONLY_ROLES = [r for r in os.environ.get("BENCH_ROLES", "").split(",") if r]
ONLY_PAGES = [p for p in os.environ.get("BENCH_PAGES", "").split(",") if p]
SLOW_MS = 1000  # pages slower than this at warm-up get three rounds, to keep the run bounded


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fetch(client, url):
    """One request, its body read to the end (exports stream)."""
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = (time.perf_counter() - started) * 1000
    return response.status_code, elapsed, len(captured), len(body), captured.captured_queries


def measure(client, url):
    status, first, _q, _s, _sql = fetch(client, url)  # warm up
    if status != 200:
        return None  # not a page of this role
    rounds = 3 if first > SLOW_MS else ROUNDS
    times, counts = [], set()
    for _ in range(rounds):
        _status, elapsed, count, size, sql = fetch(client, url)
        times.append(elapsed)
        counts.add(count)
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "queries": "–".join(str(c) for c in sorted({min(counts), max(counts)})),
        "size": size,
        "scans": explain.scans(sql),
    }


def run_pages():
    users = role_users()
    rows = []
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"]):
        for role, user in users.items():
            if ONLY_ROLES and role not in ONLY_ROLES:
                continue
            client = Client()
            if user is not None:
                client.force_login(user)
            reference = measure(client, "/bench/reference/")
            rows.append((role, "reference page", "/bench/reference/", reference, 1.0))
            print(_line(rows[-1]), flush=True)
            for label, url in pages(role):
                if ONLY_PAGES and not any(word in label for word in ONLY_PAGES):
                    continue
                result = measure(client, url)
                if result is None:
                    print(f"{role:<16}{label:<42} not readable by this role", flush=True)
                    continue
                rows.append((role, label, url, result, result["p95"] / reference["p95"]))
                print(_line(rows[-1]), flush=True)
    return rows


def _line(row):
    role, label, url, r, ratio = row
    return (
        f"{role:<16}{label:<42}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['queries']:>8}"
        f"{r['size'] / 1024:>9.1f}{ratio:>7.1f}  {r['scans']}"
    )


def write_results(rows, command_rows):
    from bench.scale import region_counts

    lines = [
        "# Results of bench/run",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.node()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {explain.server_version()}",
        f"- data: {region_counts()}",
        f"- {ROUNDS} requests per page after one warm-up (3 for pages over {SLOW_MS} ms); server "
        "time through the test client, body read to the end; ratio = p95 / reference p95 "
        "of the same role",
        "",
        "| role | page | p50 ms | p95 ms | queries | KB | ratio | scans of the main queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for role, label, _url, r, ratio in rows:
        lines.append(
            f"| {role} | {label} | {r['p50']:.1f} | {r['p95']:.1f} | {r['queries']} | "
            f"{r['size'] / 1024:.1f} | {ratio:.1f} | {r['scans']} |"
        )
    if command_rows:
        lines += [
            "",
            "| command | seconds | peak memory MB | output |",
            "| --- | ---: | ---: | --- |",
        ]
        lines += [f"| `{c}` | {s:.1f} | {m:.0f} | {o} |" for c, s, m, o in command_rows]
    path = ROOT / "bench" / "results.md"
    path.write_text("\n".join(lines) + "\n")
    print(f"Written to {path.relative_to(ROOT)}")


def main():
    from bench.scale import already_loaded

    call_command("migrate", verbosity=0)
    if not already_loaded():
        call_command("seed_scale", scale=float(os.environ.get("BENCH_SCALE", "1")))
    runtime.settle()  # as the WSGI entry point does before the first request
    print(f"{'role':<16}{'page':<42}{'p50 ms':>9}{'p95 ms':>9}{'queries':>8}{'KB':>9}"
          f"{'ratio':>7}  scans")  # fmt: skip
    rows = run_pages()
    if ONLY_ROLES or ONLY_PAGES:
        return  # a partial run is printed, not written
    command_rows = [] if "--pages-only" in sys.argv else commands.run_all()
    write_results(rows, command_rows)


if __name__ == "__main__":
    main()
