"""Tests: fast hashing, e-mail in memory, tasks run at once, two-factor rules as in production."""

import os

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ["TABLEE_MFA_REQUIRED"] = "true"
os.environ["TABLEE_ALLOW_DEMO_MFA_EXEMPTION"] = "false"

import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

from .base import *  # noqa: E402,F403

# Uploaded files go to throw-away folders, through the same storage as in production.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tablee-media-"))  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tablee-private-"))  # noqa: F405
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
