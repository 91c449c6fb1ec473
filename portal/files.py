"""Uploaded files: where they are kept, which ones are accepted, and how a failed save leaves
nothing behind.

Every uploaded file is private unless its folder is one of the public ones (Wagtail's images and
avatars): register attachments and Wagtail documents (the tables' documents) live under
PRIVATE_MEDIA_ROOT, which no web server serves and which has no address; permission-checked views
stream them (as attachments, never inline). Private names carry a random part, so that even a
leaked path cannot be guessed from another."""

import contextvars
import os
import secrets
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

STEM_LENGTH = 40
EXTENSION_LENGTH = 10


def shorten_file_name(name: str, max_length: int) -> str:
    """`name` cut to `max_length` characters, keeping its extension."""
    name = os.path.basename(name)
    if len(name) <= max_length:
        return name
    stem, ext = os.path.splitext(name)
    ext = ext[: EXTENSION_LENGTH + 1]
    return stem[: max(1, max_length - len(ext))] + ext


def validate_upload(upload) -> None:
    """Refuse a file that is too large or of a kind the portal does not keep."""
    limit = settings.TABLEE_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {
                "name": shorten_file_name(upload.name, 60),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="file_too_large",
        )
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    if extension not in settings.TABLEE_UPLOAD_EXTENSIONS:
        raise ValidationError(
            _(
                "“%(name)s” is not a kind of file the portal keeps: send a PDF, an image, "
                "an office document or a text file."
            )
            % {"name": shorten_file_name(upload.name or "", 60)},
            code="file_type",
        )


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT: no address, random names."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        # No address: the base Storage's answer (NotImplementedError), which Wagtail's document
        # view expects of a storage without URLs; it and the register's views serve these files
        # after their checks.
        return Storage.url(self, name)

    def get_available_name(self, name, max_length=None):
        folder, base = os.path.split(name)
        stem, ext = os.path.splitext(get_valid_filename(base) or "fichier")
        ext = ext[: EXTENSION_LENGTH + 1].lower()
        while True:
            token = secrets.token_urlsafe(12)
            room = (max_length or 255) - len(folder) - len(token) - len(ext) - 2
            stem_part = stem[: max(0, min(room, STEM_LENGTH))]
            candidate = os.path.join(folder, f"{stem_part}_{token}{ext}")
            if not self.exists(candidate):
                _remember_saved(self, candidate)
                return candidate


class MediaStorage(Storage):
    """The default storage: files in a public folder go under MEDIA_ROOT (with MEDIA_URL), every
    other file to the private storage."""

    def __init__(self, **kwargs):
        self.public = FileSystemStorage(**kwargs)
        self.private = PrivateStorage()

    def _pick(self, name) -> FileSystemStorage:
        public = str(name).replace("\\", "/").startswith(settings.TABLEE_PUBLIC_MEDIA_FOLDERS)
        return self.public if public else self.private

    def _open(self, name, mode="rb"):
        return self._pick(name)._open(name, mode)

    def _save(self, name, content):
        return self._pick(name)._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self._pick(name).get_available_name(name, max_length=max_length)

    def path(self, name):
        return self._pick(name).path(name)

    def url(self, name):
        return self._pick(name).url(name)

    def delete(self, name):
        return self._pick(name).delete(name)

    def exists(self, name):
        return self._pick(name).exists(name)

    def listdir(self, path):
        return self._pick(path).listdir(path)

    def size(self, name):
        return self._pick(name).size(name)

    def get_accessed_time(self, name):
        return self._pick(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._pick(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._pick(name).get_modified_time(name)


# --- nothing left on disk when a save fails ------------------------------------------------

_saved_during_action: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "saved_during_action", default=None
)


def _remember_saved(storage, name):
    saved = _saved_during_action.get()
    if saved is not None:
        saved.append((storage, name))


def removes_files_on_failure(function):
    """Files stored while `function` runs are deleted again if it fails (its transaction rolls
    back, so no row points to them). Put it above `@transaction.atomic`."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        if _saved_during_action.get() is not None:
            return function(*args, **kwargs)
        saved = []
        token = _saved_during_action.set(saved)
        try:
            return function(*args, **kwargs)
        except BaseException:
            for storage, name in saved:
                storage.delete(name)
            raise
        finally:
            _saved_during_action.reset(token)

    return wrapper
