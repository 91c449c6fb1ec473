"""Development and demo: debug on, e-mail printed to the console, tasks run at once."""

import os

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("TABLEE_ALLOW_DEMO_MFA_EXEMPTION", "true")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("TABLEE_SITE_URL_FROM_REQUEST", "true")

from .base import *  # noqa: E402,F403
