from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from portal.permissions import can, keep_access, requires_mfa, restore_access
from portal.transitions import SEEN_FIELD, versions_seen

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class RefuseNullCharactersMiddleware:
    """A NUL character in the address or its query is never meaningful (and PostgreSQL refuses
    it in any query): answer 400 before a view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            if request.path.startswith("/api/"):
                # the API's own Problem shape, as its description promises for a 400
                return JsonResponse({"errors": {"": [_("Bad request.")]}}, status=400)
            return HttpResponseBadRequest(_("Bad request."), content_type="text/plain")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """No inline script or style on the portal's pages (Wagtail's admin brings its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class RolesInSessionMiddleware:
    """A person's roles (three reads) are read once and kept in their session, until a row that
    gives them a role changes (portal.permissions.roles_changed) or the day changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        signed_in = user.is_authenticated and user.is_active
        if signed_in:
            restore_access(user, request.session)
        response = self.get_response(request)
        if signed_in and request.user == user:
            keep_access(user, request.session)
        return response


class MfaRequiredMiddleware:
    """Pilots, executives and administrators must turn on two-factor authentication before they
    reach anything but their profile and the account pages."""

    ALWAYS_ALLOWED = ("/comptes/", "/profil/", "/i18n/", "/static/", "/media/", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.TABLEE_MFA_REQUIRED
            and user.is_authenticated
            and not request.path.startswith(self.ALWAYS_ALLOWED)
            and requires_mfa(user)
            and not can(user, "portal.demo_mfa_exempt")
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication. Turn it on to reach "
                    "the rest of the portal."
                ),
            )
            return redirect(reverse("portal:profile"))
        return self.get_response(request)


class LanguageMiddleware:
    """French first: the interface speaks French unless the person chose another language with
    the switch (stored in the language cookie); the browser's Accept-Language is not followed,
    so that a shared workstation in English still shows the French portal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class SeenVersionsMiddleware:
    """An action form's POST carries the version of the object the person saw; the transitions
    of the request refuse an object that changed since (see portal/transitions.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or SEEN_FIELD not in request.POST:
            return self.get_response(request)
        with versions_seen(request.POST.getlist(SEEN_FIELD)):
            return self.get_response(request)
