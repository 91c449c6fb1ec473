from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site

from portal.notifications import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations only, and account e-mails go through the task queue."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        request = context.get("request")
        ctx = {"email": email, "current_site": get_current_site(request), **context}
        queue_message(self.render_mail(template_prefix, email, ctx))
