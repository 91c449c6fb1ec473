import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from portal.runtime import settle  # noqa: E402  (needs the settings loaded above)

if not settings.DEBUG:  # in development the templates change and the server reloads
    settle()
