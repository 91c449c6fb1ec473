"""What an application process loads once before its first request (portal/runtime.py)."""

import gc

import pytest
from django.template import engines

from portal import runtime


def test_every_template_of_the_portal_compiles():
    names = list(runtime.template_names())
    assert "base.html" in names
    assert "meetings/agenda_print.html" in names and "register/dysfunction_detail.html" in names
    engine = engines["django"]
    for name in names:
        engine.get_template(name)  # a syntax error fails here, naming the template


def test_form_templates_are_found():
    names = list(runtime.form_template_names())
    assert "django/forms/widgets/select.html" in names


@pytest.mark.django_db
def test_settle_keeps_what_is_loaded_out_of_later_collections():
    gc.unfreeze()
    try:
        runtime.settle()
        frozen = gc.get_freeze_count()
        assert frozen > 100_000  # Django, Wagtail and the compiled templates
        # what a later collection walks is what requests create, not the frameworks
        assert len(gc.get_objects()) < frozen / 4
    finally:
        gc.unfreeze()
