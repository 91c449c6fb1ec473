"""The shared cache in the database (when no Redis is configured): Django's database cache,
whose writes of several values take one statement.

Django's database cache writes each value in five queries (the count of entries, then a
transaction that reads the key's row and inserts or updates it): a page that keeps ten values
just after a change paid fifty, a calendar feed five per meeting. Here `set_many` (and `set`, a
write of one) counts the entries once, culls as Django does, then writes every row in one
`INSERT … ON CONFLICT … DO UPDATE` (PostgreSQL and SQLite alike), rows in the order of their
keys so that two writers never wait for each other in opposite orders. `add` and `touch` are
Django's own."""

import base64
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now

# Rows written by one statement (three parameters each: within every database's limit).
BATCH = 300


class BatchedDatabaseCache(DatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """Keep every value of `data` (by key) for `timeout`; the keys whose write failed (a
        database error, as Django's `set` fails silently) are returned."""
        if not data:
            return []
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        made = {self.make_and_validate_key(key, version=version): key for key in data}
        if not connection.features.supports_update_conflicts_with_target:
            return [
                made[key]
                for key in sorted(made)
                if not self._set_one(key, data[made[key]], timeout)
            ]
        expires = self._expires(connection, timeout)
        rows = [
            (
                key,
                base64.b64encode(pickle.dumps(data[made[key]], self.pickle_protocol)).decode(
                    "latin1"
                ),
                expires,
            )
            for key in sorted(made)
        ]
        quote = connection.ops.quote_name
        table = quote(self._table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608  (the table's quoted name)
            count = cursor.fetchone()[0]
            if count > self._max_entries:
                self._cull(db, cursor, now().replace(microsecond=0), count)
        key, value, expires_column = quote("cache_key"), quote("value"), quote("expires")
        failed = []
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            sql = (
                f"INSERT INTO {table} ({key}, {value}, {expires_column}) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s, %s)"] * len(batch))
                + f" ON CONFLICT ({key}) DO UPDATE SET {value} = EXCLUDED.{value},"
                f" {expires_column} = EXCLUDED.{expires_column}"
            )
            # A statement alone is atomic; inside a transaction, a savepoint keeps a failed write
            # from breaking it.
            atomic = transaction.atomic(using=db) if connection.in_atomic_block else nullcontext()
            try:
                with atomic, connection.cursor() as cursor:
                    cursor.execute(sql, [field for row in batch for field in row])
            except DatabaseError:
                failed.extend(made[row[0]] for row in batch)
        return failed

    def _set_one(self, key, value, timeout) -> bool:
        return self._base_set("set", key, value, timeout) is not False

    def _expires(self, connection, timeout):
        """When a value kept now for `timeout` expires, as Django's database cache writes it."""
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        return connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
