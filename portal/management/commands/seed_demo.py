import time
from importlib import import_module

from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from portal.demo import DemoContext
from portal.indexing import indexes_rebuilt_once

# Each app adds its part of the demo territory, in this order (later parts use earlier ones).
SEEDERS = [
    "portal.demo",
    "directory.demo",
    "meetings.demo",
    "agreements.demo",
    "register.demo",
    "alerts.demo",
    "regions.demo",
]


class Command(BaseCommand):
    help = "Build (or complete) the demo territory. Safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()
        context = DemoContext()
        # The demo's story sends notifications (convocations, decisions...): keep them in memory
        # rather than printing every message, and say how many there were.
        held_before = len(getattr(mail, "outbox", []))
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
            # Each entry is saved several times as its story unfolds: index it once, at the end.
            indexes_rebuilt_once(),
        ):
            for path in SEEDERS:
                import_module(path).seed(context)
        held = len(getattr(mail, "outbox", [])) - held_before
        if held:
            self.stdout.write(f"{held} notification e-mails of the demo's story were not sent.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo territory ready in {time.monotonic() - started:.1f} s. "
                "Sign in with pilote@, gestionnaire@, partenaire@, membre@, decideur@, "
                "coordination@ or admin@example.org and the password tablee-demo."
            )
        )
