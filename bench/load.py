"""Load test: the portal served by gunicorn with the production settings on PostgreSQL, driven
by 50 concurrent clients for 60 seconds over the loopback interface.

    .venv/bin/python bench/load.py
    BENCH_DATABASE=tablee_load BENCH_CLIENTS=50 BENCH_SECONDS=60 BENCH_WORKERS=4 \\
        .venv/bin/python bench/load.py

It creates (or empties) its own PostgreSQL database on 127.0.0.1:5432 (`tablee_load` by
default), migrates it, loads the demo territory, collects the static files, starts gunicorn
on 127.0.0.1 and drives a mix of what people do (visitors searching the directory and reading
services and the API, case managers and partners on their landing page, the register and
their notifications, table members on the tables, meetings, decisions and calendar). Every
client stops after the given time (at most 300 s, at most 200 clients); only 127.0.0.1 is
ever addressed. It prints the requests made, the errors (any answer other than 200, or a
connection failure), the latency percentiles and the peak memory of gunicorn's processes."""

import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"  # the loopback interface only
DATABASE = os.environ.get("BENCH_DATABASE", "tablee_load")
CLIENTS = min(int(os.environ.get("BENCH_CLIENTS", "50")), 200)
SECONDS = min(float(os.environ.get("BENCH_SECONDS", "60")), 300.0)
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
# BENCH_REUSE=1 measures again on the database of an earlier run (no migrate, no seeding).
ACCOUNTS = ("gestionnaire@example.org", "partenaire@example.org", "membre@example.org")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def environment(static_root: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{DATABASE}",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": static_root,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict) -> None:
    import psycopg

    with psycopg.connect(f"host={HOST} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        c.execute(f'CREATE DATABASE "{DATABASE}"')
    for command in (
        ["migrate", "-v", "0"],
        ["createcachetable"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["seed_demo", "-v", "0"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def sessions(env: dict) -> dict:
    """A signed-in session cookie for each account of the mix (made in the database, as a
    sign-in would)."""
    script = (
        "import django;django.setup()\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY\n"
        "from portal.models import User\n"
        f"for email in {ACCOUNTS!r}:\n"
        "    u = User.objects.get(email=email)\n"
        "    s = SessionStore()\n"
        "    s[SESSION_KEY] = str(u.pk)\n"
        "    s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "    s[HASH_SESSION_KEY] = u.get_session_auth_hash()\n"
        "    s.create()\n"
        "    print(email, s.session_key)\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return dict(line.split() for line in out.splitlines() if line.strip())


def mix(env: dict) -> list[tuple[str | None, str, int]]:
    """(account or None, path, weight): what each kind of person reads."""
    script = (
        "import django;django.setup()\n"
        "from directory.models import Service\n"
        "from meetings.models import Meeting, Table\n"
        "from register.models import Dysfunction\n"
        "print('S', *Service.objects.filter(live=True).values_list('slug', flat=True)[:20])\n"
        "m = 'membre@example.org'\n"
        "print('M', *Meeting.objects.filter(table__seats__user__email=m)"
        ".values_list('pk', flat=True).distinct()[:10])\n"
        "print('T', *Table.objects.filter(seats__user__email=m)"
        ".values_list('slug', flat=True).distinct()[:4])\n"
        "print('D', *Dysfunction.objects.filter(filer__email='gestionnaire@example.org')"
        ".values_list('pk', flat=True)[:10])\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    ids = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    member, manager, partner = "membre@example.org", ACCOUNTS[0], ACCOUNTS[1]
    rows = [
        (None, "/", 4),
        (None, "/annuaire/", 6),
        (None, "/annuaire/?q=aidants", 6),
        (None, "/annuaire/?q=soins+domicile&age=82", 4),
        (None, "/api/services", 3),
        (None, "/api/search?q=repas", 3),
        (manager, "/mon-espace/", 4),
        (manager, "/registre/", 4),
        (manager, "/registre/notifications/", 2),
        (partner, "/mon-espace/", 2),
        (partner, "/annuaire/?q=repas", 3),
        (member, "/tables/", 2),
        (member, "/reunions/", 3),
        (member, "/decisions/", 2),
        (member, "/registre/", 2),
    ]
    rows += [(None, f"/annuaire/services/{slug}/", 1) for slug in ids.get("S", [])]
    rows += [(None, f"/api/services/{slug}", 1) for slug in ids.get("S", [])[:10]]
    rows += [(member, f"/reunions/{pk}/", 1) for pk in ids.get("M", [])]
    rows += [(member, f"/tables/{slug}/", 1) for slug in ids.get("T", [])]
    rows += [(manager, f"/registre/{pk}/", 1) for pk in ids.get("D", [])]
    return rows


def rss_of_tree(pid: int) -> int:
    """Resident memory (bytes) of a process and its children, read from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(ln for ln in status.splitlines() if ln.startswith("VmRSS:")).split()[1]
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total * 1024


def client(port, plan, cookies, deadline, results, lock):
    weights = [w for _a, _p, w in plan]
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    times, errors, statuses = [], 0, {}
    while time.monotonic() < deadline:
        account, path, _w = random.choices(plan, weights)[0]
        headers = {"X-Forwarded-Proto": "https", "Host": HOST}
        if account:
            headers["Cookie"] = f"sessionid={cookies[account]}"
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            status = 0
        times.append(time.perf_counter() - start)
        statuses[status] = statuses.get(status, 0) + 1
        if status != 200:
            errors += 1
            with lock:
                results["failed"].append((status, path))
    connection.close()
    with lock:
        results["times"].extend(times)
        results["errors"] += errors


def warm_up(port, plan, cookies):
    """Each worker answers once (templates compiled, connections open) before the timing."""
    for account, path, _w in plan[: WORKERS * 4]:
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        headers = {"X-Forwarded-Proto": "https", "Host": HOST}
        if account:
            headers["Cookie"] = f"sessionid={cookies[account]}"
        connection.request("GET", path, headers=headers)
        connection.getresponse().read()
        connection.close()


def percentile(values, q):
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def main():
    static_root = tempfile.mkdtemp(prefix="tablee-load-static-")
    env = environment(static_root)
    if os.environ.get("BENCH_REUSE") != "1":
        print(f"Preparing {DATABASE} (migrate, demo territory, static files)…", flush=True)
        prepare(env)
    else:
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    cookies = sessions(env)
    plan = mix(env)
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "-w", str(WORKERS), "-b", f"{HOST}:{port}",
         "--preload",
         "--access-logfile", "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        warm_up(port, plan, cookies)
        results, lock = {"times": [], "errors": 0, "failed": []}, threading.Lock()
        deadline = time.monotonic() + SECONDS
        peak = 0
        threads = [
            threading.Thread(target=client, args=(port, plan, cookies, deadline, results, lock))
            for _ in range(CLIENTS)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            peak = max(peak, rss_of_tree(server.pid))
            time.sleep(0.5)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    times = results["times"]
    print(f"gunicorn: {WORKERS} sync workers, production settings, PostgreSQL ({DATABASE})")
    print(f"clients: {CLIENTS} for {SECONDS:.0f} s, {len(plan)} addresses in the mix")
    print(f"requests: {len(times)} ({len(times) / elapsed:.0f}/s)")
    print(f"errors: {results['errors']}")
    print(
        f"latency ms: p50 {percentile(times, 50):.0f}  p95 {percentile(times, 95):.0f}  "
        f"p99 {percentile(times, 99):.0f}  max {max(times) * 1000:.0f}"
    )
    print(f"peak memory of gunicorn (master and workers): {peak / 2**20:.0f} MiB")
    if results["failed"]:
        print("first failures:", results["failed"][:10])
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
