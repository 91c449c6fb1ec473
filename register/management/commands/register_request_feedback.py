from django.core.management.base import BaseCommand

from register.services import feedback_request_due


class Command(BaseCommand):
    help = (
        "Ask the filers of dysfunctions closed TABLEE_FEEDBACK_DELAY_DAYS ago (42 by default) "
        "whether things changed. Safe to run every day from cron: nobody is asked twice."
    )

    def handle(self, *args, **options):
        created = feedback_request_due()
        self.stdout.write(f"{len(created)} feedback request(s) queued.")
