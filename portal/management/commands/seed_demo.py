import time
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import DemoContext

# Each app adds its part of the demo territory, in this order (later parts use earlier ones).
SEEDERS = ["portal.demo", "directory.demo", "meetings.demo", "register.demo"]


class Command(BaseCommand):
    help = "Build (or complete) the demo territory. Safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()
        context = DemoContext()
        with transaction.atomic():
            for path in SEEDERS:
                import_module(path).seed(context)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo territory ready in {time.monotonic() - started:.1f} s. "
                "Sign in with pilote@, gestionnaire@, partenaire@, membre@, decideur@ or "
                "admin@example.org and the password tablee-demo."
            )
        )
