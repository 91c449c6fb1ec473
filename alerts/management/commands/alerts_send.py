from django.core.management.base import BaseCommand

from alerts.models import SavedSearch
from alerts.services import alerts_send


class Command(BaseCommand):
    help = (
        "E-mail the saved searches whose results changed: --frequency weekly once a week "
        "(cron), --frequency immediate to catch up after an outage (publishing an entry "
        "already queues the immediate alerts). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[SavedSearch.Frequency.WEEKLY, SavedSearch.Frequency.IMMEDIATE],
            default=SavedSearch.Frequency.WEEKLY,
        )

    def handle(self, *args, frequency, **options):
        sent = alerts_send(frequency=frequency)
        self.stdout.write(f"{sent} alert e-mail(s) queued.")
