"""System checks for what would silently expose private files."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def private_files_are_outside_public_folders(app_configs=None, **kwargs):
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = Path(getattr(settings, name)).resolve()
        if public == private or public in private.parents or private in public.parents:
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}): private files "
                    "would be served at a public address.",
                    hint=f"Keep PRIVATE_MEDIA_ROOT outside {name}, and never serve it.",
                    id="portal.E001",
                )
            )
    return errors
