from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.personal_data import account_erase, personal_data_json


class Command(BaseCommand):
    help = (
        "A person's data, at their request: `export EMAIL [--output FILE]` writes everything the "
        "portal holds about them as JSON; `erase EMAIL --yes` anonymises their account (their "
        "dysfunctions stay, without the link to them). Erasing cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--output", help="file to write the export to (default: stdout)")
        parser.add_argument("--yes", action="store_true", help="confirm the erasure")

    def handle(self, *args, action, email, output=None, yes=False, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        if action == "export":
            text = personal_data_json(user)
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
                self.stdout.write(f"Personal data of {email} written to {output}.")
            else:
                self.stdout.write(text)
            return
        if not yes:
            raise CommandError("Erasing cannot be undone: add --yes to confirm.")
        account_erase(actor=None, user=user)
        self.stdout.write(f"The account {email} is erased (now account n° {user.pk}).")
