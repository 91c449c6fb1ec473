"""Append-only history: a history row, once written, is never edited nor deleted."""

from django.db import models


class HistoryIsAppendOnly(Exception):
    """Raised when code tries to change or remove a history entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsAppendOnly("History entries are never edited.")

    def delete(self):
        raise HistoryIsAppendOnly("History entries are never deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise HistoryIsAppendOnly("History entries are never edited.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsAppendOnly("History entries are never deleted.")
