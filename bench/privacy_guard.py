"""The personal-data guard: its speed on a 5,000-character text, and its false positives on
the demo territory's texts and on the directory's names.

    .venv/bin/python bench/privacy_guard.py        (its own SQLite database, seeded once)

Prints the median and worst time of the guard on three kinds of 5,000-character texts (a
dysfunction's prose, a text dense with first names, an adversarial run of civilities), then
every finding on the demo's stored texts (none expected: the demo names no patient) and on the
names of the directory's organisations and services (none expected either)."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/tablee-bench-guard.sqlite3")
os.environ["DEBUG"] = "false"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import models  # noqa: E402

from portal.privacy import find_personal_data  # noqa: E402

PROSE = (
    "Une femme de plus de 80 ans, vivant seule, sort du CHU un vendredi soir ; le SSIAD du "
    "Véron ne peut pas intervenir avant le mardi. Le CCAS de Tours et l'EHPAD Jean Jaurès ont "
    "été prévenus, M. le directeur a répondu le 12/03/2026. Trois situations en 2025, rue "
    "Victor Hugo comme à Saint-Martin-le-Beau. "
)
TEXTS = {
    "prose": (PROSE * 40)[:5000],
    "first names": ("Jeanne Martin et Marcel Girard, " * 200)[:5000],
    "civilities": ("M. Mme. Monsieur " * 400)[:5000],
}
APPS = ("portal", "directory", "meetings", "register")
# Contact fields of the directory hold professional phones and addresses on purpose: the guard
# reads free texts, not them.
CONTACT_FIELDS = ("phone", "email", "fax", "address", "postal", "website", "url", "token")


def time_guard(rounds=200):
    print("Guard on 5,000 characters (ms):")
    for label, text in TEXTS.items():
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            find_personal_data(text)
            times.append((time.perf_counter() - start) * 1000)
        print(f"  {label:12} median {statistics.median(times):6.2f}  max {max(times):6.2f}")


def stored_texts():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.TextField | models.CharField)
                and not f.choices
                and f.name not in ("password", "slug", "insee_code", "external_id")
                and not any(c in f.name for c in CONTACT_FIELDS)
            ]
            if not fields:
                continue
            for row in model.objects.values_list("pk", *fields):
                for name, value in zip(fields, row[1:], strict=True):
                    if value:
                        yield f"{model._meta.label}.{name}#{row[0]}", value


def false_positives():
    from directory.models import Organisation, Service

    checked = found = 0
    print("Findings on the demo's stored texts:")
    for where, text in stored_texts():
        checked += 1
        for finding in find_personal_data(text):
            found += 1
            print(f"  {where}: {finding.kind} “{finding.excerpt}”")
    print(f"  {found} findings in {checked} texts")
    names = list(Organisation.objects.values_list("name", flat=True)) + list(
        Service.objects.values_list("name", flat=True)
    )
    hits = [(n, f.excerpt) for n in names for f in find_personal_data(n)]
    print(f"Findings on the directory's names: {len(hits)} in {len(names)} names")
    for name, excerpt in hits:
        print(f"  {name}: “{excerpt}”")


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    time_guard()
    false_positives()
