"""What an application server does once per process, before its first request.

Python's cyclic garbage collector stops the process while it walks every object it tracks; at
the portal's size (Django, Wagtail, the compiled templates: about 300,000 objects) a full pass
takes over 100 ms, and it falls on whichever request happens to cross the threshold. `settle()`
loads what every process keeps for its whole life (the URL patterns, the portal's own templates,
the translations), then moves it out of the collector's reach (`gc.freeze()`): later passes only
walk what requests create. The WSGI entry point calls it; so does the bench, which measures the
portal as it is served."""

import gc
import logging
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

from portal.markdown import render_markdown

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = {".html", ".txt", ".ics", ".xml"}


def _own_template_dirs():
    base = Path(settings.BASE_DIR).resolve()
    for directory in settings.TEMPLATES[0].get("DIRS", []):
        yield Path(directory)
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            yield path / "templates"


def template_names():
    """The names of the portal's own templates (not those of the libraries' back offices)."""
    for directory in _own_template_dirs():
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                yield path.relative_to(directory).as_posix()


def form_template_names():
    """The templates Django's form renderer draws fields with."""
    root = Path(forms.__file__).resolve().parent / "templates"
    for path in sorted((root / "django" / "forms").rglob("*.html")):
        yield path.relative_to(root).as_posix()


def load_once() -> int:
    """Compile and import what requests need sooner or later; returns the number of templates
    compiled."""
    get_resolver().url_patterns  # noqa: B018 (imports every view and builds the resolver)
    for code, _name in settings.LANGUAGES:
        translation.trans_real.translation(code)
    render_markdown("*Tablée*")  # loads Markdown's extensions
    try:
        import weasyprint  # noqa: F401  (the PDFs' printer, imported on first use otherwise)
    except (ImportError, OSError) as error:  # its system libraries missing: only PDFs fail
        logger.warning("WeasyPrint cannot be loaded (%s): the PDFs will fail.", error)

    compiled = 0
    for get_template, names in (
        (engines["django"].get_template, template_names()),
        (get_default_renderer().get_template, form_template_names()),
    ):
        for name in names:
            try:
                get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
                continue
            compiled += 1
    return compiled


def settle() -> None:
    """Load once, collect, then keep what is loaded out of later collections. No connection
    to the database is left open (a server that forks its workers after this must not share
    one)."""
    load_once()
    connections.close_all()
    gc.collect()
    gc.freeze()
