from allauth.account import views as account_views
from django.conf import settings
from django.conf.urls.static import static
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.autocomplete import autocomplete_view
from portal.communes import commune_search

portal_patterns = (
    [
        path("mon-espace/", views.dashboard, name="dashboard"),
        path("profil/", views.profile, name="profile"),
        path("profil/mes-donnees.json", views.personal_data_download, name="personal_data"),
        path("invitations/", views.invitation_list, name="invitations"),
        path("notifications/", views.notification_centre, name="notifications"),
        path("notifications/lues/", views.notifications_read, name="notifications_read"),
        path("suivre/", views.follow, name="follow"),
        path("notifications/ne-plus-suivre/<str:token>/", views.unfollow, name="unfollow"),
        path(
            "comptes/invitation/<str:token>/",
            views.invitation_accept_view,
            name="invitation_accept",
        ),
    ],
    "portal",
)

# French addresses for the account pages that people type or bookmark; allauth's own
# addresses under /comptes/ keep working. Listed after allauth's, so that reverse() gives these.
account_patterns = [
    path("comptes/connexion/", account_views.login, name="account_login"),
    path("comptes/deconnexion/", account_views.logout, name="account_logout"),
    path(
        "comptes/mot-de-passe/oublie/",
        account_views.password_reset,
        name="account_reset_password",
    ),
    path(
        "comptes/mot-de-passe/modifier/",
        account_views.password_change,
        name="account_change_password",
    ),
]

# Resolved on the first request: the manifest of collected static files is read then.
lazy_static = lazy(static_url, str)

urlpatterns = [
    path("", include(portal_patterns)),
    path("recherche/<str:name>/", autocomplete_view, name="autocomplete"),
    path("comptes/", include("allauth.urls")),
    *account_patterns,
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=lazy_static("img/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("annuaire/recherches/", include("alerts.urls")),
    path("annuaire/communes/", commune_search, name="communes"),
    path("annuaire/", include("directory.urls")),
    path("api/", include("directory.api")),
    path("", include("meetings.urls")),
    path("conventions/", include("agreements.urls")),
    path("", include("register.urls")),
    path("region/", include("regions.urls")),
    # One door in: the back office's own login and password-reset forms lead to the portal's
    # sign-in page (password, then the second factor, with its rate limits).
    path("admin/login/", views.sign_in_elsewhere, name="admin_login_elsewhere"),
    path("admin/password_reset/", views.password_reset_elsewhere),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("_util/login/", views.sign_in_elsewhere),
    path("", include(wagtail_urls)),
]
