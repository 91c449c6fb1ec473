"""One submission per form: a double click, a browser resending a form or a flaky connection
never creates the same thing twice.

A creating form carries a one-time token (`{% submission_once %}`, a hidden field made fresh at
each rendering). The first POST with a token claims it in the shared cache (an atomic add, so
two workers racing on the same token cannot both claim it) and runs the view; when the view
answers with a redirect to what it created, the address is kept with the token for a day. Any
later POST with the same token runs nothing: it is sent to that address with a message saying
the form had already been sent. A POST that fails (the form shown again with its errors) frees
its token, so the corrected form can be sent."""

import re
import time
import uuid

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

FIELD = "submission"
PENDING = "pending"
KEPT_FOR = 24 * 3600  # seconds
WAIT_FOR_THE_FIRST = 10.0  # seconds a duplicate waits for the first submission to finish
_TOKEN = re.compile(r"[0-9a-f]{32}")


def new_token() -> str:
    return uuid.uuid4().hex


def _key(request, token: str) -> str:
    return f"portal:submission:{getattr(request.user, 'pk', None) or '-'}:{token}"


class OneSubmissionMiddleware:
    """Runs a form's POST once per token (see the module's description)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not _TOKEN.fullmatch(token):
            return self.get_response(request)
        key = _key(request, token)
        deadline = time.monotonic() + WAIT_FOR_THE_FIRST
        while True:
            if cache.add(key, PENDING, KEPT_FOR):
                return self._first(request, key)
            done = cache.get(key)
            if done and done != PENDING:
                messages.info(
                    request,
                    _(
                        "This form had already been sent: here is what it did. "
                        "Nothing was created twice."
                    ),
                )
                return redirect(done)
            if time.monotonic() > deadline:
                return render(request, "portal/submission_pending.html", status=409)
            time.sleep(0.2)

    def _first(self, request, key):
        try:
            response = self.get_response(request)
        except BaseException:
            cache.delete(key)
            raise
        if response.status_code in (301, 302, 303) and response.get("Location"):
            cache.set(key, response["Location"], KEPT_FOR)
        else:
            cache.delete(key)
        return response
