from django.core.management.base import BaseCommand

from register.services import dysfunction_detach_filers


class Command(BaseCommand):
    help = (
        "Remove the link between dysfunctions closed more than TABLEE_FILER_RETENTION_MONTHS "
        "ago (24 by default) and the people who filed them; the dysfunctions stay. Safe to run "
        "every day from cron: it reads only what is left to detach."
    )

    def handle(self, *args, **options):
        detached = dysfunction_detach_filers()
        self.stdout.write(f"{detached} dysfunction(s) detached from their filers.")
