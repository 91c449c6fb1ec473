"""Failed sign-ins are counted in a cache every worker shares, so that several processes do not
each grant their own five attempts; the lock-out ends by itself."""

import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from tests.factories import DEMO_PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _sign_in(client, email, password):
    client.post("/comptes/connexion/", {"login": email, "password": password})
    return "_auth_user_id" in client.session


def test_the_cache_is_shared_by_every_process_by_default():
    assert isinstance(caches["default"], DatabaseCache)  # portal.cache: writes in batches


def test_redis_is_used_when_configured():
    env = {**os.environ, "REDIS_URL": "redis://cache.internal:6379/1"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.CACHES)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "RedisCache" in out and "redis://cache.internal:6379/1" in out


@pytest.mark.django_db
def test_five_failures_lock_the_account_then_the_lock_ends(client):
    user = UserFactory(email="verrou@exemple.fr")
    for n in range(5):
        assert not _sign_in(client, user.email, f"mauvais-{n}")
    # Locked: even the right password is refused for a while, with a message that says so.
    response = client.post("/comptes/connexion/", {"login": user.email, "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "trop" in response.content.decode().lower() or response.status_code == 429
    # Five minutes later the window has slid past the failures.
    later = time.time() + 301
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=later):
        assert _sign_in(client, user.email, DEMO_PASSWORD)


SCRIPT = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client(REMOTE_ADDR=sys.argv[2])
for n in range(int(sys.argv[3])):
    client.post("/comptes/connexion/", {"login": sys.argv[1], "password": f"faux-{n}"})
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_failures_in_two_worker_processes_add_up(client):
    user = UserFactory(email="deux.processus@exemple.fr")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    try:
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", SCRIPT, user.email, address, "3"], cwd=ROOT, env=env
            )
            for address in ("192.0.2.10", "192.0.2.20")
        ]
        assert [worker.wait(timeout=240) for worker in workers] == [0, 0]
        # Three failures in each process: six for this account, over the limit of five.
        assert not _sign_in(client, user.email, DEMO_PASSWORD)
    finally:
        cache.clear()
