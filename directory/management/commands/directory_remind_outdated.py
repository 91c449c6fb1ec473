"""Remind each organisation of its entries not verified within the review period. Meant for
cron (e.g. every Monday): the e-mails are queued as tasks, sent by the task worker."""

from django.core.management.base import BaseCommand

from directory.selectors import service_out_of_date
from directory.services import service_remind_outdated


class Command(BaseCommand):
    help = "Queue one reminder e-mail per organisation that has out-of-date directory entries."

    def handle(self, *args, **options):
        queued = service_remind_outdated(services=service_out_of_date())
        self.stdout.write(f"{queued} reminder(s) queued.")
