"""Django's SQLite backend, renewing data versions at commit (portal.db.at_commit)."""

from django.db.backends.sqlite3 import base

from portal.db.at_commit import RenewVersionsAtCommit


class DatabaseWrapper(RenewVersionsAtCommit, base.DatabaseWrapper):
    pass
