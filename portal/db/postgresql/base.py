"""Django's PostgreSQL backend, renewing data versions at commit (portal.db.at_commit)."""

from django.db.backends.postgresql import base

from portal.db.at_commit import RenewVersionsAtCommit


class DatabaseWrapper(RenewVersionsAtCommit, base.DatabaseWrapper):
    pass
