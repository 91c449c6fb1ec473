import time
from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Load a region (30 territories, 20,000 services, 100,000 dysfunctions…) beside the demo "
        "territory, for the benchmarks of bench/. Run it once on an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every count by this factor (0.1 loads a tenth of the region).",
        )

    def handle(self, *args, scale, **options):
        # The region lives in bench/, beside the benchmarks that read it.
        region = import_module("bench.scale")
        if region.already_loaded():
            raise CommandError("The region is already loaded in this database.")
        started = time.monotonic()
        call_command("seed_demo", stdout=self.stdout)
        counts = region.seed(scale, stdout=self.stdout)
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Region loaded in {time.monotonic() - started:.0f} s: {summary}.")
        )
