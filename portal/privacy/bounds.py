"""Every free text of the project's models has a maximum length.

A text field declared without one gets `TEXT_MAX_LENGTH` when the apps load: model forms then
refuse a longer text with a clear message (and the browser stops typing at it), `full_clean`
refuses it, and the migrations record it. A new text field cannot be forgotten."""

from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

# Longest free text, in characters: a long description, far beyond anything a person types.
TEXT_MAX_LENGTH = 20_000
BOUNDED_APPS = ("portal", "directory", "meetings", "register")


def bound_free_texts(app_labels=BOUNDED_APPS) -> None:
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.local_fields:
                if type(field) is not models.TextField or field.max_length is not None:
                    continue
                field.max_length = TEXT_MAX_LENGTH
                field._validators = [*field._validators, MaxLengthValidator(TEXT_MAX_LENGTH)]
                field.__dict__.pop("validators", None)
